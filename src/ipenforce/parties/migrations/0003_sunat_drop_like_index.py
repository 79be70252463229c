"""PostgreSQL: drop the varchar_pattern_ops ("_like") index Django adds to a CharField key.

The SUNAT mirror is searched by exact RUC only; the second index tripled the cost of loading
millions of rows (see docs/sunat-import.md). SQLite has no such index.
"""

from django.db import migrations


def drop_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'parties_sunattaxpayer' "
            "AND indexdef LIKE '%%varchar_pattern_ops%%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("parties", "0002_sunat_register")]

    operations = [migrations.RunPython(drop_like_indexes, migrations.RunPython.noop)]
