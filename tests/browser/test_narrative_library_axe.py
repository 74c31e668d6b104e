"""The narrative library as a curator sees it in Chromium, at 1280 px and 360 px: each narrative's
status and consent in the list and on its edit view, the consent record one link away, a search
of the content warnings that finds what is on screen, and no serious or critical axe violations."""

import datetime

import pytest
from django.urls import reverse

from narratives.models import Consent
from tests.factories import NarrativeFactory, UserFactory

from .conftest import DESKTOP, PHONE
from .test_xss import sign_in_as

pytestmark = pytest.mark.browser

VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])


@pytest.fixture
def library(django_db_serialized_rollback, live_server):
    live = NarrativeFactory(
        title="Finding the allotment",
        consent__scope=Consent.Scope.PUBLIC,
        consent__expires=datetime.date(2099, 3, 1),
    )
    live.save_revision()  # an edit waiting to be published
    draft = NarrativeFactory(title="Back to work", live=False, consent=False)
    draft.save_revision()
    curator = UserFactory(username="curator", groups=["Narrative curators"])
    return {"live": live, "draft": draft, "curator": curator}


def _text(locator):
    return " ".join(locator.text_content().split())


def _no_serious_violations(page, axe_violations, describe, viewport):
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page scrolls sideways: {width}px"


@VIEWPORTS
def test_the_list_shows_status_and_consent(library, open_page, axe_violations, describe, viewport):
    visit = open_page(viewport=viewport)
    sign_in_as(visit, library["curator"])
    visit.goto(reverse("wagtailsnippets_narratives_narrative:list"))
    page = visit.page

    live_row = _text(page.get_by_role("row").filter(has_text="Finding the allotment"))
    assert "Live with unpublished changes" in live_row
    assert "Given (Public, including education, expires 1 March 2099)" in live_row
    draft = page.get_by_role("row").filter(has_text="Back to work")
    assert "Draft" in _text(draft) and "Not yet recorded" in _text(draft)
    draft.get_by_role("link", name="Record consent for Back to work").click()
    page.wait_for_load_state()
    assert "/consent/add/" in page.url
    # The form starts with that narrative chosen.
    assert page.locator("main").get_by_text("Back to work", exact=True).first.is_visible()
    visit.goto(reverse("wagtailsnippets_narratives_narrative:list"))
    _no_serious_violations(page, axe_violations, describe, viewport)


@VIEWPORTS
def test_the_edit_view_shows_status_and_links_the_consent_record(
    library, open_page, axe_violations, describe, viewport
):
    live = library["live"]
    visit = open_page(viewport=viewport)
    # The editor loads all of Wagtail's scripts: patience on a shared, busy machine.
    visit.page.set_default_navigation_timeout(60_000)
    sign_in_as(visit, library["curator"])
    visit.goto(reverse("wagtailsnippets_narratives_narrative:edit", args=[live.pk]))
    page = visit.page

    state = page.locator(".narrative-state")
    assert state.is_visible()
    assert "Live with unpublished changes" in _text(state)
    assert "Given (Public, including education, expires 1 March 2099)" in _text(state)
    _no_serious_violations(page, axe_violations, describe, viewport)

    page.get_by_role("link", name="View or change the consent record").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Finding the allotment", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("wagtailsnippets_narratives_narrative:edit", args=[live.pk]))
    # Leave the editor while the test's database is open: leaving ends the editing session.
    visit.goto(reverse("wagtailsnippets_narratives_narrative:list"))


@VIEWPORTS
def test_searching_the_content_warnings_finds_stigma(
    library, open_page, axe_violations, describe, viewport
):
    visit = open_page(viewport=viewport)
    sign_in_as(visit, library["curator"])
    visit.goto(reverse("wagtailsnippets_narratives_contentwarning:list") + "?q=Stigma")
    page = visit.page

    assert page.get_by_role("link", name="Stigma", exact=True).is_visible()
    assert page.get_by_text("no snippets match").count() == 0
    _no_serious_violations(page, axe_violations, describe, viewport)


@VIEWPORTS
def test_the_curators_dashboard_offers_no_page_search(
    library, open_page, axe_violations, describe, viewport
):
    visit = open_page(viewport=viewport)
    sign_in_as(visit, library["curator"])
    visit.goto(reverse("wagtailadmin_home"))
    page = visit.page

    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_placeholder("Search all pages…").count() == 0
    assert page.locator('main form[role="search"]').count() == 0
    _no_serious_violations(page, axe_violations, describe, viewport)
