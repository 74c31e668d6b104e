"""Rows a data migration writes are put in the search index once `migrate` has finished.

A migration writes through historical models, so the save signals that keep Wagtail's search
index up to date never fire: seeded content warnings, themes, characterisation and the home page
would exist but never be found by an admin search or a chooser. After any `migrate` that ran a
data migration (a RunPython operation) forwards, every indexed model is (re)indexed, as
`update_index` would; without a data migration nothing is done."""

from django.db import DEFAULT_DB_ALIAS
from django.db.migrations.operations import RunPython
from django.db.models.signals import post_migrate
from wagtail.search.backends import get_search_backends
from wagtail.search.index import get_indexed_models

CHUNK_SIZE = 1000


def _ran_data_migration(plan):
    return any(
        isinstance(operation, RunPython)
        for migration, backwards in plan or ()
        if not backwards
        for operation in migration.operations
    )


def index_seeded_rows(sender, plan=None, using=DEFAULT_DB_ALIAS, **kwargs):
    # The search backends index the default database; `flush` sends no plan.
    if using != DEFAULT_DB_ALIAS or not _ran_data_migration(plan):
        return
    for backend in get_search_backends(with_auto_update=True):
        for model in get_indexed_models():
            objects = model.get_indexed_objects().order_by("pk")
            for start in range(0, objects.count(), CHUNK_SIZE):
                backend.add_bulk(model, list(objects[start : start + CHUNK_SIZE]))


def connect(app_config):
    """Once per `migrate`: sent with core's app config, after every migration has run."""
    post_migrate.connect(
        index_seeded_rows, sender=app_config, dispatch_uid="core.index_seeded_rows"
    )
