"""Settings → Sign-in organisations and Refused sign-ins: administrators add an organisation with
no code change, with clear messages for what would not work; nobody else reaches them."""

import pytest
from bs4 import BeautifulSoup
from lti_tool.models import Key, LtiRegistration

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


LTI_GOOD = {
    "name": "University Moodle",
    "issuer": "https://moodle.example.ac.uk",
    "client_id": "Ab12Cd",
    "auth_url": "https://moodle.example.ac.uk/mod/lti/auth.php",
    "token_url": "https://moodle.example.ac.uk/mod/lti/token.php",
    "keyset_url": "https://moodle.example.ac.uk/mod/lti/certs.php",
    "deployment_ids": "3\n4",
}


def test_an_administrator_registers_an_lms(admin_client):
    page = admin_client.get("/admin/lti_platforms/new/").content.decode()
    assert "http://testserver/lti/launch/" in page and "http://testserver/lti/jwks/" in page
    response = admin_client.post("/admin/lti_platforms/new/", LTI_GOOD)
    assert response.status_code == 302, errors(response)
    registered = LtiRegistration.objects.get()
    assert sorted(registered.deployments.values_list("deployment_id", flat=True)) == ["3", "4"]
    assert Key.objects.active().exists()  # the tool's own key, for its JWKS
    listing = admin_client.get("/admin/lti_platforms/").content.decode()
    assert f"/lti/login/{registered.uuid}/" in listing
    edit = f"/admin/lti_platforms/edit/{registered.pk}/"
    assert admin_client.post(edit, {**LTI_GOOD, "deployment_ids": "4"}).status_code == 302
    active = registered.deployments.filter(is_active=True).values_list("deployment_id", flat=True)
    assert list(active) == ["4"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("auth_url", "http://moodle.example.ac.uk/auth", "must start with https://"),
        ("deployment_ids", " ", "This field is required"),
        ("keyset_url", "not an address", "Enter a valid URL"),
    ],
)
def test_an_lms_that_would_not_work_is_refused(admin_client, field, value, message):
    response = admin_client.post("/admin/lti_platforms/new/", {**LTI_GOOD, field: value})
    assert response.status_code == 200 and message in errors(response)
    assert not LtiRegistration.objects.exists()


def test_lms_grades_are_listed_for_administrators_only(admin_client, client):
    assert admin_client.get("/admin/lms_grades/").status_code == 200
    assert admin_client.get("/admin/lms_grades/new/").status_code == 404
    client.force_login(UserFactory(username="edu2", groups=["Educators"]))
    assert client.get("/admin/lms_grades/").status_code in (302, 403)
    assert client.get("/admin/lti_platforms/").status_code in (302, 403)
