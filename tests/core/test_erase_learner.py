"""`manage.py erase_learner <email>` removes a person's personal data and their pseudonym
mapping (issue 5: "erasing a learner removes their personal data and their pseudonym mapping");
everyone else's data stays."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from assessments.models import ItemAnswer, KnowledgeCheckAnswer, QuestionnaireResponse, Reflection
from core.pseudonyms import pseudonym
from courses.models import Enrolment, ModuleProgress, NarrativeDecision
from narratives.preferences.models import ViewerPreferences
from tests.core.personal_data import learner_with_everything
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
