"""Load Peru's departments, provinces and districts (INEI ubigeo) from core/data/ubigeo.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "ubigeo.csv"


def load(apps, schema_editor):
    Department = apps.get_model("core", "Department")
    Province = apps.get_model("core", "Province")
    District = apps.get_model("core", "District")
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    departments, provinces = {}, {}
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


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
