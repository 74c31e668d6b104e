"""The personal-data registry (core/personal_data.py) covers every model that holds a key to a
person (issue 14: "the data export covers every row tied to the person, with a test that walks
every model holding a user or enrolment key and fails when a new one is left out")."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test.utils import isolate_apps

from core.personal_data import Provider, Registry, registry
from courses.models import Enrolment

# Models that hold a key to a person but have no part in the person's export, each with the
# reason. Add one here only when its rows hold nothing about the person.
EXCLUDED = {}


def labels(found):
    return {model._meta.label for model in found}


def test_every_model_holding_a_person_key_is_in_the_export_or_excused():
    tied = labels(registry.tied_models())
    missing = sorted(tied - registry.covered_models() - set(EXCLUDED))
    assert missing == [], (
        f"{', '.join(missing)} hold a user or enrolment key but appear in no part of the data "
        "export: register a core.personal_data.Provider for them in their app's ready(), or "
        "say in EXCLUDED why their rows hold nothing about the person."
    )


def test_providers_and_exclusions_name_models_the_walk_finds():
    """A stale name (a model renamed or gone, a typo) would cover nothing."""
    tied = labels(registry.tied_models())
    assert sorted(registry.covered_models() - tied) == []
    assert sorted(set(EXCLUDED) - tied) == []
    assert sorted(set(EXCLUDED) & registry.covered_models()) == []
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_the_walk_reaches_keys_through_parents_and_third_party_models():
    tied = {model._meta.label: lookups for model, lookups in registry.tied_models().items()}
    assert tied["courses.Enrolment"] == ["user"]
    assert tied["courses.NarrativeDecision"] == ["enrolment__user"]
    assert tied["assessments.ItemAnswer"] == ["response__enrolment__user"]
    assert tied["tracking.Delivery"] == ["statement__user"]
    assert tied["account.EmailConfirmation"] == ["email_address__user"]
    assert sorted(tied["wagtailcore.Page"]) == ["locked_by", "owner"]
    for label in ("wagtailusers.UserProfile", "core.User_groups", "admin.LogEntry"):
        assert tied[label] == ["user"], label
    # Multi-table children are covered by the parent that declares the key; content that only
    # points at a page (whose owner is kept as SET_NULL) is not the person's.
    assert "courses.ModulePage" not in tied
    assert "wagtailimages.Rendition" not in tied


@isolate_apps("core")
def test_a_new_model_with_a_person_key_is_caught():
    class Diary(models.Model):
        enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class Entry(models.Model):
        diary = models.ForeignKey(Diary, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class Signpost(models.Model):
        author = models.ForeignKey(get_user_model(), null=True, on_delete=models.SET_NULL)

        class Meta:
            app_label = "core"

    class Note(models.Model):
        signpost = models.ForeignKey(Signpost, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    every = apps.get_models(include_auto_created=True) + [Diary, Entry, Signpost, Note]
    tied = registry.tied_models(every)
    assert tied[Diary] == ["enrolment__user"]
    assert tied[Entry] == ["diary__enrolment__user"]
    assert tied[Signpost] == ["author"]
    assert Note not in tied  # a signpost outlives its author: its notes are not theirs


def test_parts_nest_in_the_rows_of_the_part_they_name():
    nested = Registry()

    @nested.register
    class Shelves(Provider):
        name = "shelves"

        def rows(self, owner):
            return [f"{owner}-a", f"{owner}-b"]

        def row(self, item):
            return {"shelf": item}

    @nested.register
    class Books(Provider):
        name = "books"
        within = "shelves"

        def export(self, owner):
            return [owner.upper()]

    assert nested.export("x") == {
        "shelves": [{"shelf": "x-a", "books": ["X-A"]}, {"shelf": "x-b", "books": ["X-B"]}]
    }
