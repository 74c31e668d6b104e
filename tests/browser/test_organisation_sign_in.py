"""Organisation sign-in in Chromium, through a real OpenID Connect provider on 127.0.0.1: the
button on the sign-in page, the provider's own page, and back signed in; the refusal page is
axe-clean at 360 and 1280 px."""

import pytest
from django.contrib.auth import get_user_model

from integrations.models import Organisation
from tests.integrations.conftest import identity_provider, person  # noqa: F401  (a fixture)

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])


@pytest.fixture
def trust(django_db_serialized_rollback, live_server, identity_provider):  # noqa: F811
    return Organisation.objects.create(
        name="Example Trust",
        slug="example-trust",
        discovery_url=identity_provider,
        client_id="storybridge",
        client_secret="not-a-real-secret",
        allowed_domains="nhs.net",
        default_role="care_assistant",
    )


def at_the_provider(visit, trust, sub):
    visit.goto("/accounts/login/?next=/stories/")
    visit.page.get_by_role("button", name="Sign in with Example Trust").click()
    visit.page.wait_for_url(f"{trust.discovery_url}/**", wait_until="domcontentloaded")
    visit.page.locator("input[name=sub][type=text]").fill(sub)
    visit.page.get_by_role("button", name="Authorize").click()
    visit.page.wait_for_load_state()


def test_signing_in_with_the_organisation_lands_where_the_learner_was_going(
    trust,
    identity_provider,  # noqa: F811
    open_page,
):
    person(identity_provider, "gil-1", email="gil@nhs.net", email_verified=True, name="Gil")
    visit = open_page(also_allow=[identity_provider])
    at_the_provider(visit, trust, "gil-1")
    assert visit.page.url == f"{visit.base_url}/stories/"
    assert visit.page.get_by_role("button", name="Sign out").count() == 1
    user = get_user_model().objects.get(email="gil@nhs.net")
    assert (user.role, user.organisation) == ("care_assistant", "Example Trust")


@VIEWPORTS
def test_the_sign_in_and_refusal_pages_are_axe_clean(
    trust,
    identity_provider,  # noqa: F811
    open_page,
    axe_violations,
    describe,
    viewport,
):
    person(identity_provider, "out-1", email="out@elsewhere.example", email_verified=True)
    visit = open_page(viewport=viewport, also_allow=[identity_provider])
    visit.goto("/accounts/login/")
    assert axe_violations(visit.page) == [], describe(axe_violations(visit.page))
    at_the_provider(visit, trust, "out-1")
    page = visit.page
    assert page.get_by_role("heading", name="You could not sign in").is_visible()
    assert "elsewhere.example" in page.get_by_role("alert").inner_text()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert not get_user_model().objects.exists()
