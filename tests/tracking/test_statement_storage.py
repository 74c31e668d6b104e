"""How statements and their deliveries are stored: on PostgreSQL, statements compressed with
lz4 (migration tracking/0003), which compresses and decompresses them in a fraction of pglz's
time; on every database, no index on deliveries that another already serves (0004)."""

import importlib

import pytest
from django.db import connection

migration = importlib.import_module("tracking.migrations.0003_statement_data_lz4")

pytestmark = pytest.mark.django_db


def compression():
    """The compression of tracking_statement.data: 'l' lz4, 'p' pglz, '' the server's default."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = 'tracking_statement'::regclass AND attname = 'data'"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def lz4():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's compression")
    if not migration.lz4_available(connection):
        pytest.skip("this PostgreSQL server was built without lz4")


def test_statements_are_compressed_with_lz4(lz4):
    assert compression() == "l"


def test_the_migration_goes_back_to_the_default_and_forwards_again(lz4):
    with connection.schema_editor() as editor:
        migration.use_default(None, editor)
        assert compression() == ""
        migration.use_lz4(None, editor)
    assert compression() == "l"


def test_deliveries_are_found_by_statement_through_the_unique_index_alone():
    """Migration tracking/0004: the unique (statement, endpoint) index serves lookups by
    statement, so the foreign key has no index of its own to update on every delivery."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "tracking_delivery")
    indexed = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]

    assert ["statement_id"] not in indexed
    assert ["statement_id", "endpoint"] in indexed
