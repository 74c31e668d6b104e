"""The "Your preferences" page: valid choices are stored; anything invalid changes nothing."""

import pytest
from django.urls import reverse

from core import content_version
from narratives.models import ContentWarning, ViewerPreferences
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("preferences:edit")


@pytest.fixture
def learner(db):
    return UserFactory(username="sam")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def domain(slug):
    return ContentWarning.objects.get(slug=slug, domain__isnull=True)


def snapshot(user):
    row = ViewerPreferences.objects.filter(user=user).first()
    if row is None:
        return None
    domains = sorted(row.domains.values_list("slug", flat=True))
    fields = (row.warning_mode, row.preferred_modality, row.captions_on, row.low_bandwidth)
    return (*fields, domains, row.updated)


def form_data(**overrides):
    data = {"warning_mode": "always", "preferred_modality": "", "captions_on": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("method", ["get", "post"])
def test_preferences_need_sign_in(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"
    assert not ViewerPreferences.objects.exists()


def test_page_shows_defaults_in_plain_language_and_stores_nothing_until_saved(learner_client):
    page = learner_client.get(URL).content.decode()
    assert page.count("<h1") == 1 and "Your preferences" in page
    assert page.count("<fieldset") >= 4 and page.count("<legend") >= 4
    assert 'value="always" id="id_warning_mode_0" required checked' in page
    assert 'value="" id="id_preferred_modality_0" checked' in page
    assert "Do not show me narratives about the topics I choose" in page
    # Only domains are offered, never specific items such as self-harm.
    assert f'value="{domain("mental-health").pk}"' in page
    self_harm = ContentWarning.objects.get(slug="self-harm")
    assert f'name="domains" value="{self_harm.pk}"' not in page
    assert (
        'name="captions_on" aria-describedby="id_captions_on_helptext" id="id_captions_on" checked'
        in page
    )
    assert not ViewerPreferences.objects.exists()


def test_valid_preferences_are_saved(learner_client, learner):
    data = form_data(
        warning_mode="hide",
        domains=[domain("violence").pk, domain("abuse").pk],
        preferred_modality="audio",
        captions_on=None,
        low_bandwidth="on",
    )
    response = learner_client.post(URL, data, follow=True)
    assert "Your preferences were saved." in response.content.decode()
    assert snapshot(learner)[:5] == ("hide", "audio", False, True, ["abuse", "violence"])

    learner_client.post(URL, form_data(warning_mode="always"))
    assert snapshot(learner)[:5] == ("always", "", True, False, [])
    assert ViewerPreferences.objects.filter(user=learner).count() == 1


@pytest.mark.parametrize("mode", ["chosen", "hide"])
def test_a_topic_mode_without_topics_is_an_error(learner_client, learner, mode):
    response = learner_client.post(URL, form_data(warning_mode=mode))
    page = response.content.decode()
    assert "Tick at least one topic, or choose “Always warn me”." in page
    assert 'href="#id_domains_0"' in page
    assert snapshot(learner) is None


def tampered_cases():
    return {
        "unknown mode": (lambda: form_data(warning_mode="never"), "Choose one of the options"),
        "no mode": (lambda: form_data(warning_mode=None), "Choose one of the options"),
        "unknown modality": (
            lambda: form_data(preferred_modality="smell"),
            "Choose one of the options",
        ),
        "unknown warning id": (
            lambda: form_data(warning_mode="chosen", domains=[999999]),
            "Choose topics from the list shown.",
        ),
        "not a number": (
            lambda: form_data(warning_mode="chosen", domains=["violence"]),
            "Choose topics from the list shown.",
        ),
        "specific item, not a domain": (
            lambda: form_data(
                warning_mode="hide", domains=[ContentWarning.objects.get(slug="self-harm").pk]
            ),
            "Choose topics from the list shown.",
        ),
    }


@pytest.mark.parametrize("case", list(tampered_cases()))
def test_tampered_values_get_a_clear_error_and_change_nothing(learner_client, learner, case):
    learner_client.post(
        URL,
        form_data(warning_mode="chosen", domains=[domain("death").pk], preferred_modality="text"),
    )
    before = snapshot(learner)
    assert before[:5] == ("chosen", "text", True, False, ["death"])

    data, message = tampered_cases()[case]
    response = learner_client.post(URL, data())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page and message in page
    assert snapshot(learner) == before


def test_a_learner_only_ever_changes_their_own_preferences(learner_client, learner):
    other = UserFactory(username="alex")
    theirs = ViewerPreferences.objects.create(user=other, warning_mode="always")
    learner_client.post(
        URL, form_data(warning_mode="hide", domains=[domain("sex").pk], user=other.pk)
    )
    theirs.refresh_from_db()
    assert theirs.warning_mode == "always" and not theirs.domains.exists()
    assert snapshot(learner)[0] == "hide"


def test_saving_preferences_does_not_bump_the_content_version(learner_client):
    before = content_version.current()
    learner_client.post(URL, form_data(warning_mode="chosen", domains=[domain("crime").pk]))
    assert content_version.current() == before


def test_a_first_save_submitted_twice_at_once_stores_one_row(learner_client, learner, monkeypatch):
    """The other submission creates the row after this one looked for it: no error page, and
    this submission's choices land on the one row."""
    ViewerPreferences.objects.create(user=learner, warning_mode="always")
    real_filter = ViewerPreferences.objects.filter
    calls = []

    def filter_missing_the_row_once(*args, **kwargs):
        calls.append(kwargs)
        return real_filter(pk__in=[]) if len(calls) == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(ViewerPreferences.objects, "filter", filter_missing_the_row_once)
    response = learner_client.post(
        URL, form_data(warning_mode="chosen", domains=[domain("violence").pk]), follow=True
    )
    monkeypatch.undo()

    assert response.status_code == 200
    assert "Your preferences were saved." in response.content.decode()
    assert ViewerPreferences.objects.filter(user=learner).count() == 1
    assert snapshot(learner)[0] == "chosen"
    assert snapshot(learner)[4] == ["violence"]
