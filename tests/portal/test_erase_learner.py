"""`manage.py erase_learner <email>` removes a person's personal data and their pseudonym
mapping (issue 5: "erasing a learner removes their personal data and their pseudonym mapping");
everyone else's data stays."""

import re
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.documents.models import Document
from wagtail.models import ModelLogEntry, Revision, UploadedFile
from wagtail.users.models import UserProfile

from assessments.models import ItemAnswer, KnowledgeCheckAnswer, QuestionnaireResponse, Reflection
from core.personal_data import registry, rows_of
from core.pseudonyms import pseudonym
from courses.models import Enrolment, ModuleProgress, NarrativeDecision
from narratives.preferences.models import ViewerPreferences
from tests.core.personal_data import learner_with_everything, person_with_everything
from tests.factories import UserFactory
from tracking.models import Delivery, Statement

LRS = [{"name": "trust-lrs", "url": "https://lrs.example.org/xapi/"}]


def counts(user_id, actor):
    """Rows of every kind of personal data that belong to one person."""
    return {
        "user": get_user_model().objects.filter(pk=user_id).count(),
        "email addresses": EmailAddress.objects.filter(user_id=user_id).count(),
        "preferences": ViewerPreferences.objects.filter(user_id=user_id).count(),
        "enrolments": Enrolment.objects.filter(user_id=user_id).count(),
        "progress": ModuleProgress.objects.filter(enrolment__user_id=user_id).count(),
        "decisions": NarrativeDecision.objects.filter(enrolment__user_id=user_id).count(),
        "reflections": Reflection.objects.filter(user_id=user_id).count(),
        "responses": QuestionnaireResponse.objects.filter(enrolment__user_id=user_id).count(),
        "answers": ItemAnswer.objects.filter(response__enrolment__user_id=user_id).count(),
        "knowledge": KnowledgeCheckAnswer.objects.filter(enrolment__user_id=user_id).count(),
        "statements": Statement.objects.filter(actor=actor).count(),
        "deliveries": Delivery.objects.filter(statement__actor=actor).count(),
    }


@pytest.fixture
def people(settings, course, make_module):
    settings.XAPI_LRS_ENDPOINTS = LRS
    owner, _, instrument = learner_with_everything(course, make_module, "ada", "Ada's words.")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    other, _, _ = learner_with_everything(
        course, make_module, "bea", "Bea's words.", instrument=instrument
    )
    return {"owner": owner, "other": other}


def erase(*args):
    out = StringIO()
    call_command("erase_learner", *args, stdout=out)
    return out.getvalue()


def test_erasing_removes_every_row_of_the_person_and_keeps_everyone_elses(people):
    owner, other = people["owner"], people["other"]
    mine = counts(owner.pk, pseudonym(owner.pk))
    theirs = counts(other.pk, pseudonym(other.pk))
    assert all(mine.values()), mine  # the fixture made some of everything
    output = erase("ADA@example.org", "--yes")
    assert set(counts(owner.pk, pseudonym(owner.pk)).values()) == {0}
    assert counts(other.pk, pseudonym(other.pk)) == theirs
    assert Reflection.objects.filter(text="Bea's words.").exists()
    assert not Reflection.objects.filter(text="Ada's words.").exists()
    # The operator is told the pseudonym, to ask the LRS to delete that account's statements.
    assert f"Their xAPI pseudonym was: {pseudonym(owner.pk)}" in output
    assert "trust-lrs" in output
    assert "assessments.Reflection: 1" in output


def test_no_row_anywhere_keeps_the_persons_id_or_email(people):
    """Nothing links the pseudonym to a person once the user row is gone: no table keeps a
    reference to the erased user's id."""
    owner = people["owner"]
    owner_id, email = owner.pk, owner.email
    erase(email, "--yes")
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "many_to_one", False) and field.related_model is user_model:
                assert not model._default_manager.filter(
                    **{f"{field.attname}": owner_id}
                ).exists(), (model, field.name)
    assert not user_model.objects.filter(email__iexact=email).exists()


def test_the_person_is_signed_out_everywhere(people, settings):
    owner = people["owner"]
    client = Client()
    client.force_login(owner)
    erase(owner.email, "--yes")
    response = client.get("/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_without_yes_it_asks_and_a_no_erases_nothing(people, monkeypatch):
    owner = people["owner"]
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Not confirmed. Nothing was erased."):
        erase(owner.email)
    assert get_user_model().objects.filter(pk=owner.pk).exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    erase(owner.email)
    assert not get_user_model().objects.filter(pk=owner.pk).exists()


def test_superusers_are_refused_without_force(db):
    root = UserFactory(username="root", email="root@example.org", is_superuser=True)
    with pytest.raises(CommandError, match="is a superuser"):
        erase("root@example.org", "--yes")
    assert get_user_model().objects.filter(pk=root.pk).exists()
    erase("root@example.org", "--yes", "--force")
    assert not get_user_model().objects.filter(pk=root.pk).exists()


def test_an_unknown_address_is_a_clear_error(db):
    UserFactory(username="keep", email="keep@example.org")
    with pytest.raises(CommandError, match="No account has the e-mail address"):
        erase("nobody@example.org", "--yes")
    assert get_user_model().objects.count() == 1


# Issue 14: erasure reaches every row the data export walks (core/personal_data.py), including
# what deleting the account alone leaves behind.


@pytest.fixture
def everyone(settings, course, make_module):
    settings.XAPI_LRS_ENDPOINTS = LRS
    owner, _, instrument = person_with_everything(course, make_module, "ada", "Ada's words.")
    other, _, _ = person_with_everything(
        course, make_module, "bea", "Bea's words.", instrument=instrument
    )
    return {"owner": owner, "other": other}


def walked_rows(user_id):
    """{model label: ids of its rows that refer to the person} over every walked model."""
    return {
        model._meta.label: set(rows_of(model, lookups, user_id).values_list("pk", flat=True))
        for model, lookups in registry.tied_models().items()
    }


def test_after_erasure_no_row_of_any_walked_model_refers_to_the_person(
    everyone, django_capture_on_commit_callbacks
):
    owner, other = everyone["owner"], everyone["other"]
    before = walked_rows(owner.pk)
    assert [label for label, ids in before.items() if not ids] == []  # some of everything
    theirs = walked_rows(other.pk)
    with django_capture_on_commit_callbacks(execute=True):
        erase(owner.email, "--yes")
    after = walked_rows(owner.pk)
    assert {label: ids for label, ids in after.items() if ids} == {}
    assert walked_rows(other.pk) == theirs


def test_the_avatar_file_goes_with_the_account(everyone, django_capture_on_commit_callbacks):
    owner, other = everyone["owner"], everyone["other"]
    avatar = UserProfile.objects.get(user=owner).avatar
    storage, name = avatar.storage, avatar.name
    kept = UserProfile.objects.get(user=other).avatar.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        output = erase(owner.email, "--yes")
    assert not storage.exists(name)
    assert storage.exists(kept)
    assert "avatar file deleted: 1" in output


def test_unfinished_uploads_go_with_the_account(everyone, django_capture_on_commit_callbacks):
    owner, other = everyone["owner"], everyone["other"]
    upload = UploadedFile.objects.get(uploaded_by_user=owner)
    storage, name = upload.file.storage, upload.file.name
    with django_capture_on_commit_callbacks(execute=True):
        erase(owner.email, "--yes")
    assert not UploadedFile.objects.filter(pk=upload.pk).exists()
    assert not storage.exists(name)
    assert UploadedFile.objects.filter(uploaded_by_user=other).count() == 1
    # What they finished uploading belongs to the organisation and stays, without their name.
    assert Document.objects.filter(title="Handout by ada", uploaded_by_user=None).exists()


def test_the_log_of_what_was_done_to_the_account_keeps_neither_name_nor_id(everyone):
    owner, other = everyone["owner"], everyone["other"]
    user_type = ContentType.objects.get_for_model(get_user_model())
    about = ModelLogEntry.objects.filter(content_type=user_type)
    assert about.filter(object_id=str(owner.pk), label__icontains="ada").count() == 1
    erase(owner.email, "--yes")
    assert not about.filter(object_id=str(owner.pk)).exists()
    assert not about.filter(label__icontains="ada").exists()
    assert about.filter(label="Erased account", object_id="").count() == 1
    assert about.filter(object_id=str(other.pk)).count() == 1


def test_revisions_keep_no_id_of_the_person(everyone):
    """A page's revisions store its owner and lock holder by id, out of the database's reach."""
    owner_id, other_id = everyone["owner"].pk, everyone["other"].pk
    kept = Revision.objects.count()
    for key in ("owner", "locked_by"):
        assert Revision.objects.filter(**{f"content__{key}": owner_id}).exists(), key
    erase(everyone["owner"].email, "--yes")
    for key in ("owner", "locked_by"):
        assert not Revision.objects.filter(**{f"content__{key}": owner_id}).exists(), key
        assert Revision.objects.filter(**{f"content__{key}": other_id}).exists(), key
    # The revisions stay (they are the page's history), with no author and no owner.
    assert Revision.objects.count() == kept
    latest = Revision.objects.filter(object_str="Module of ada").latest("pk")
    assert (latest.user, latest.content["owner"], latest.content["locked_by"]) == (None,) * 3


HIGHER_APPS = re.compile(r"^\s*(from|import)\s+(narratives|courses|assessments|tracking)\b", re.M)


def test_the_export_and_erasure_import_no_app_above_core():
    """They learn about the apps through the registry (DESIGN.md: imports point down only, not
    even inside a function)."""
    base = Path(settings.BASE_DIR)
    paths = [
        base / "core" / "personal_data.py",
        base / "core" / "account_data.py",
        base / "core" / "sessions.py",
        *sorted((base / "portal" / "accounts").glob("*.py")),
        base / "portal" / "management" / "commands" / "erase_learner.py",
    ]
    offenders = [str(p.relative_to(base)) for p in paths if HIGHER_APPS.search(p.read_text())]
    assert offenders == []
