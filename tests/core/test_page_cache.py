"""The shared caches (core/page_cache.py) are keyed on the content version
(core/content_version.py): every change a learner could see empties them at once, previews and
restricted pages never come from them, and a rolled-back change can never leave stale HTML."""

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from core import content_version
from core.models import StorybridgeSettings
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory


@pytest.fixture
def site_settings(db):
    return StorybridgeSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def story(db):
    return NarrativeFactory(title="Coming home", summary="Sam talks about the first week home.")


@pytest.fixture
def module(make_module, story, site_settings):
    return make_module(body=[{"type": "narrative", "value": {"narrative": story.pk}}])


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_saving_a_watched_model_changes_the_stamp(story, site_settings):
    seen = {content_version.current()}

    story.summary = "A new summary."
    story.save()
    seen.add(content_version.current())

    story.consent.notes = "Form kept by the panel."
    story.consent.save()
    seen.add(content_version.current())

    site_settings.organisation_name = "Northfield"
    site_settings.save()
    seen.add(content_version.current())

    assert len(seen) == 4


def test_saving_an_unwatched_model_keeps_the_stamp(db):
    before = content_version.current()
    UserFactory(username="someone")
    assert content_version.current() == before


@pytest.mark.parametrize(
    "change, shown",
    [
        (lambda story: setattr(story, "title", "Going home") or story.save(), "Going home"),
        (
            lambda story: NarrativeWarningFactory(narrative=story, note="mentions restraint"),
            "mentions restraint",
        ),
    ],
    ids=["narrative edited", "warning added"],
)
def test_a_cached_module_shows_a_change_on_the_next_request(client, module, story, change, shown):
    assert shown not in html_of(client, module)
    assert shown not in html_of(client, module)  # now from the cache

    change(story)

    assert shown in html_of(client, module)


def test_consent_withdrawn_in_code_hides_a_cached_narrative_at_once(client, module, story):
    assert story.summary in html_of(client, module)
    story.consent.withdrawn = story.consent.given
    story.consent.save()

    html = html_of(client, module)
    assert "This narrative is no longer available." in html
    assert story.summary not in html


def test_site_settings_change_reaches_the_cached_footer(client, module, site_settings):
    assert "Northfield NHS Trust" not in html_of(client, module)
    site_settings.organisation_name = "Northfield NHS Trust"
    site_settings.save()
    assert "Northfield NHS Trust" in html_of(client, module)


def test_a_rolled_back_change_never_leaves_stale_html(client, module, story):
    """A counter would hand the rolled-back stamp to the next change, which would then be
    served the HTML rendered inside the failed transaction."""
    html_of(client, module)
    with pytest.raises(RuntimeError), transaction.atomic():
        story.title = "Rolled back title"
        story.save()
        assert "Rolled back title" in html_of(client, module)  # cached under this stamp
        raise RuntimeError("the edit failed half-way")

    story.refresh_from_db()
    story.summary = "A summary saved for real."
    story.save()

    html = html_of(client, module)
    assert "Rolled back title" not in html
    assert "A summary saved for real." in html


def test_preview_shows_the_draft_not_the_cached_live_page(admin_client, module):
    html_of(admin_client, module)  # live page now cached
    module.intro = "A draft intro nobody has published."
    module.save_revision()

    preview = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[module.pk]))

    assert preview.status_code == 200
    assert "A draft intro nobody has published." in preview.content.decode()
    assert "A draft intro nobody has published." not in html_of(admin_client, module)


def test_a_restricted_module_is_never_served_from_the_route_cache(client, module):
    html_of(client, module)  # cached while public
    PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.LOGIN)

    for _ in range(2):
        response = client.get(module.url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_authoring_link_and_user_bar_only_for_people_who_may_author(client, module):
    UserFactory(username="learner")
    UserFactory(username="educator", groups=["Educators"])

    client.login(username="learner", password="password")
    learner_html = html_of(client, module)
    assert ">Authoring</a>" not in learner_html
    assert "wagtail-userbar" not in learner_html

    client.logout()
    client.login(username="educator", password="password")
    educator_html = html_of(client, module)
    assert ">Authoring</a>" in educator_html
    assert "wagtail-userbar" in educator_html


def test_site_settings_are_read_once_per_content_version_and_a_change_shows_at_once(
    client, module, site_settings
):
    site_settings.send_reflection_text_to_lrs = False
    site_settings.organisation_name = "Northfield Trust"
    site_settings.save()
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    first = StorybridgeSettings.for_request(request)
    assert first.organisation_name == "Northfield Trust"
    again = RequestFactory().get("/", HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as queries:
        remembered = StorybridgeSettings.for_request(again)
    settings_reads = [q for q in queries if "core_storybridgesettings" in q["sql"]]
    assert remembered.organisation_name == "Northfield Trust" and not settings_reads
    # An editor's change is seen by the next request.
    site_settings.organisation_name = "Southfield Trust"
    site_settings.save()
    later = RequestFactory().get("/", HTTP_HOST="localhost")
    assert StorybridgeSettings.for_request(later).organisation_name == "Southfield Trust"
