"""Reference data that migrations load (ubigeo, role groups), reloadable when a table was emptied.

Transactional tests end with a flush of every table, which also removes rows that data
migrations inserted; the test suite calls `ensure_reference_data` afterwards.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.contrib.auth.models import Group

from ipenforce.core.models import Department, District, Province
from ipenforce.core.roles import ROLES, sync_roles

UBIGEO_CSV = Path(__file__).resolve().parent / "data" / "ubigeo.csv"


def load_ubigeo() -> None:
    with UBIGEO_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    departments: dict[str, str] = {}
    provinces: dict[str, tuple[str, str]] = {}
    for row in rows:
        code = row["ubigeo"]
        departments.setdefault(code[:2], row["department"])
        provinces.setdefault(code[:4], (row["province"], code[:2]))
    Department.objects.bulk_create(
        [Department(code=c, name=n) for c, n in departments.items()], ignore_conflicts=True
    )
    Province.objects.bulk_create(
        [Province(code=c, name=n, department_id=d) for c, (n, d) in provinces.items()],
        ignore_conflicts=True,
    )
    District.objects.bulk_create(
        [District(code=r["ubigeo"], name=r["district"], province_id=r["ubigeo"][:4]) for r in rows],
        ignore_conflicts=True,
    )


def ensure_reference_data() -> None:
    if District.objects.count() < sum(1 for _ in UBIGEO_CSV.open(encoding="utf-8")) - 1:
        load_ubigeo()
    if Group.objects.filter(name__in=[r.group for r in ROLES]).count() < len(ROLES):
        sync_roles()
