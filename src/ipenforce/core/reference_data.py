"""Reference data that migrations load (ubigeo, role groups), reloadable when a table was emptied.

Transactional tests end with a flush of every table, which also removes rows that data
migrations inserted; the test suite calls `ensure_reference_data` afterwards.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group

from ipenforce.core.models import Department, District, Province
from ipenforce.core.roles import ROLES, sync_roles

UBIGEO_CSV = Path(__file__).resolve().parent / "data" / "ubigeo.csv"


def load_ubigeo(
    department: Any = Department, province: Any = Province, district: Any = District
) -> None:
    """Insert the INEI list; the data migration passes its historical models."""
    with UBIGEO_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    departments: dict[str, str] = {}
    provinces: dict[str, tuple[str, str]] = {}
    for row in rows:
        code = row["ubigeo"]
        departments.setdefault(code[:2], row["department"])
        provinces.setdefault(code[:4], (row["province"], code[:2]))
    department.objects.bulk_create(
        [department(code=c, name=n) for c, n in departments.items()], ignore_conflicts=True
    )
    province.objects.bulk_create(
        [province(code=c, name=n, department_id=d) for c, (n, d) in provinces.items()],
        ignore_conflicts=True,
    )
    district.objects.bulk_create(
        [district(code=r["ubigeo"], name=r["district"], province_id=r["ubigeo"][:4]) for r in rows],
        ignore_conflicts=True,
    )


def ensure_reference_data() -> None:
    if District.objects.count() < sum(1 for _ in UBIGEO_CSV.open(encoding="utf-8")) - 1:
        load_ubigeo()
    if Group.objects.filter(name__in=[r.group for r in ROLES]).count() < len(ROLES):
        sync_roles()
