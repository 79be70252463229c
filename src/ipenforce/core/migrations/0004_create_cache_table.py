"""The database cache holds rate-limit counters shared by every web process."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_create_role_groups")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
