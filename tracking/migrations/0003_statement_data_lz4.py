"""PostgreSQL: compress stored statements with lz4 instead of pglz.

A statement is about 2 KB of JSON, just past the size at which PostgreSQL compresses a value,
so every one stored is compressed, and read back decompressed by the forwarder and the admin.
lz4 does both in a fraction of pglz's time (PostgreSQL 14 and later, when built with lz4, as
the Debian, Ubuntu and official packages are); elsewhere this does nothing. It applies to
statements stored from now on: those already stored stay as they are, and both read the same.
"""

from django.db import migrations

COLUMN = "ALTER TABLE tracking_statement ALTER COLUMN data SET COMPRESSION {}"


def lz4_available(connection):
    """True on a PostgreSQL server that can compress with lz4."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def use_lz4(apps, schema_editor):
    if lz4_available(schema_editor.connection):
        schema_editor.execute(COLUMN.format("lz4"))


def use_default(apps, schema_editor):
    if lz4_available(schema_editor.connection):
        schema_editor.execute(COLUMN.format("DEFAULT"))


class Migration(migrations.Migration):
    dependencies = [("tracking", "0002_statement_indexes")]

    operations = [migrations.RunPython(use_lz4, use_default, elidable=False)]
