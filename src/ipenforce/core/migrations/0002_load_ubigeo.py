"""Load Peru's departments, provinces and districts (INEI ubigeo) from core/data/ubigeo.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from ipenforce.core.reference_data import load_ubigeo

    load_ubigeo(
        apps.get_model("core", "Department"),
        apps.get_model("core", "Province"),
        apps.get_model("core", "District"),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
