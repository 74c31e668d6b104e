"""Settings → Sign-in organisations and Refused sign-ins: administrators add an organisation with
no code change, with clear messages for what would not work; nobody else reaches them."""

import pytest
from bs4 import BeautifulSoup

from integrations.models import Organisation, RefusedSignIn
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADD = "/admin/sign_in_organisations/new/"
INDEX = "/admin/sign_in_organisations/"
REFUSALS = "/admin/refused_sign_ins/"

GOOD = {
    "name": "Example Trust",
    "slug": "example-trust",
    "enabled": "on",
    "discovery_url": "https://login.microsoftonline.com/0000-tenant/v2.0",
    "client_id": "client-123",
    "client_secret": "s3cret",
    "allowed_domains": "@Example-Trust.NHS.uk, nhs.net\nnhs.net",
    "role_claim": "roles",
    "default_role": "other_staff",
    "organisation_claim": "",
}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    return client


def errors(response):
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(e.get_text(" ", strip=True) for e in page.select(".error-message"))


def test_an_administrator_adds_an_organisation(admin_client):
    response = admin_client.post(ADD, GOOD)
    assert response.status_code == 302, errors(response)
    organisation = Organisation.objects.get()
    assert organisation.domains == ["example-trust.nhs.uk", "nhs.net"]
    assert organisation.client_secret == "s3cret"
    index = admin_client.get(INDEX).content.decode()
    assert "http://testserver/accounts/oidc/example-trust/login/callback/" in index
    assert "s3cret" not in index


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("allowed_domains", "nhs.net\nnot a domain", "These are not domain names: not, a, domain"),
        ("allowed_domains", "  ", "This field is required"),
        ("discovery_url", "http://idp.example.org", "The address must start with https://"),
        ("discovery_url", "javascript:alert(1)", "Enter a valid URL"),
        ("slug", "Example Trust", "Enter a valid"),
    ],
)
def test_what_would_not_work_is_refused_with_a_message(admin_client, field, value, message):
    response = admin_client.post(ADD, {**GOOD, field: value})
    assert response.status_code == 200
    assert message in errors(response)
    assert not Organisation.objects.exists()


def test_the_short_name_stays_and_an_empty_secret_keeps_the_saved_one(admin_client):
    admin_client.post(ADD, GOOD)
    organisation = Organisation.objects.get()
    edit = f"/admin/sign_in_organisations/edit/{organisation.pk}/"
    page = admin_client.get(edit).content.decode()
    assert "s3cret" not in page
    response = admin_client.post(
        edit, {**GOOD, "slug": "renamed", "client_secret": "", "name": "Example NHS Trust"}
    )
    assert response.status_code == 302, errors(response)
    organisation.refresh_from_db()
    assert (organisation.slug, organisation.client_secret, organisation.name) == (
        "example-trust",
        "s3cret",
        "Example NHS Trust",
    )


def test_refused_sign_ins_are_listed_and_cannot_be_made_by_hand(admin_client):
    RefusedSignIn.objects.create(
        provider="example-trust", reason=RefusedSignIn.Reason.DOMAIN, domain="evil.example"
    )
    page = admin_client.get(REFUSALS)
    assert page.status_code == 200
    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "The address is not at an allowed domain" in text and "evil.example" in text
    assert admin_client.get(REFUSALS + "new/").status_code == 404


@pytest.mark.parametrize("url", [INDEX, ADD, REFUSALS])
def test_educators_and_curators_cannot_reach_them(client, url):
    client.force_login(UserFactory(username="edu", groups=["Educators"]))
    assert client.get(url).status_code in (302, 403)
    client.force_login(UserFactory(username="cur", groups=["Narrative curators"]))
    assert client.get(url).status_code in (302, 403)
