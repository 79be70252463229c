"""Create one group per role; their permissions are synchronised after each migrate."""

from django.db import migrations

GROUPS = [
    "Analista",
    "Oficial legal",
    "Director",
    "Oficial de difusión",
    "Administrador",
    "Titular de derechos",
]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_load_ubigeo"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
