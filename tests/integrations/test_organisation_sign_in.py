"""Sign-in with an organisation's own account against a real OpenID Connect provider: accounts
made from the claims, linked only through verified addresses, refusals that change nothing."""

from urllib.parse import urlsplit

import httpx
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from integrations.models import RefusedSignIn
from tests.factories import UserFactory
from tests.integrations.conftest import person, sign_in

pytestmark = pytest.mark.django_db
User = get_user_model()


def alert(response):
    page = BeautifulSoup(response.content, "html.parser")
    return page.select_one("[role=alert]").get_text(" ", strip=True)


def test_the_sign_in_page_offers_each_enabled_organisation(client, trust):
    page = BeautifulSoup(client.get("/accounts/login/?next=/stories/").content, "html.parser")
    form = page.select_one(".organisation-sign-in form")
    assert form["method"] == "post"
    assert form["action"] == "/accounts/oidc/example-trust/login/"
    assert form.select_one("[name=next]")["value"] == "/stories/"
    assert form.button.get_text(strip=True) == "Sign in with Example Trust"
    # Its POST is answered by a redirect to the provider, which form-action must allow; only
    # on the page that shows the button.
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert f"form-action 'self' {trust.discovery_url}" in policy
    assert trust.discovery_url not in client.get("/accounts/signup/")["Content-Security-Policy"]
    trust.enabled = False
    trust.save()
    assert b"organisation-sign-in" not in client.get("/accounts/login/").content


def test_the_first_sign_in_makes_the_account_from_the_claims(client, trust, identity_provider):
    person(
        identity_provider,
        "a1b2-ada",
        email="Ada.Lovelace@example-trust.nhs.uk",
        email_verified=True,
        given_name="Ada",
        family_name="Lovelace",
        roles=["Storybridge.Admin", "nursing_trainee"],
    )
    response = sign_in(client, trust, "a1b2-ada")
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email__iexact="ada.lovelace@example-trust.nhs.uk")
    assert (user.role, user.organisation) == ("nursing_trainee", "Example Trust")
    assert (user.first_name, user.last_name) == ("Ada", "Lovelace")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    linked = SocialAccount.objects.get(user=user)
    assert (linked.provider, linked.uid) == ("example-trust", "a1b2-ada")
    assert client.get("/profile/").status_code == 200  # signed in
    # The second sign-in finds the same account by issuer and subject.
    client.logout()
    assert sign_in(client, trust, "a1b2-ada").status_code == 302
    assert User.objects.filter(email__iexact="ada.lovelace@example-trust.nhs.uk").count() == 1


def test_role_and_organisation_fall_back_to_the_organisations_defaults(
    client, trust, identity_provider
):
    trust.organisation_claim = "department"
    trust.save()
    person(identity_provider, "bo", email="bo@nhs.net", email_verified=True, department="Ward 7")
    sign_in(client, trust, "bo")
    user = User.objects.get(email="bo@nhs.net")
    assert (user.role, user.organisation) == ("other_staff", "Ward 7")


def test_an_address_at_another_domain_is_refused_and_nothing_is_made(
    client, trust, identity_provider
):
    person(identity_provider, "mallory", email="mallory@evil.example", email_verified=True)
    response = sign_in(client, trust, "mallory")
    assert response.status_code == 403
    assert "only with an address at one of its own domains" in alert(response)
    assert "evil.example" in alert(response)
    assert not User.objects.exists() and not SocialAccount.objects.exists()
    refusal = RefusedSignIn.objects.get()
    assert (refusal.organisation, refusal.reason, refusal.domain) == (
        trust,
        RefusedSignIn.Reason.DOMAIN,
        "evil.example",
    )
    assert "mallory" not in refusal.detail


def test_a_lookalike_domain_is_refused(client, trust, identity_provider):
    person(identity_provider, "x", email="x@nhs.net.evil.example", email_verified=True)
    assert sign_in(client, trust, "x").status_code == 403
    person(identity_provider, "y", email="y@sub.example-trust.nhs.uk", email_verified=True)
    assert sign_in(client, trust, "y").status_code == 403
    assert not User.objects.exists()


def test_no_address_is_refused(client, trust, identity_provider):
    person(identity_provider, "no-mail", name="No Mail")
    response = sign_in(client, trust, "no-mail")
    assert response.status_code == 403
    assert "did not tell us your e-mail address" in alert(response)
    assert not User.objects.exists()


def test_an_existing_account_is_linked_through_a_verified_address(client, trust, identity_provider):
    existing = UserFactory(email="cara@nhs.net", role="care_assistant", organisation="Old ward")
    EmailAddress.objects.create(user=existing, email="cara@nhs.net", verified=True, primary=True)
    person(identity_provider, "cara", email="cara@nhs.net", email_verified=True, roles=["x"])
    response = sign_in(client, trust, "cara")
    assert response.status_code == 302
    assert SocialAccount.objects.get(provider="example-trust", uid="cara").user == existing
    existing.refresh_from_db()
    # Linking changes nothing the person set.
    assert (existing.role, existing.organisation) == ("care_assistant", "Old ward")
    assert existing.has_usable_password()
    assert User.objects.count() == 1


def test_an_unverified_address_never_takes_over_an_existing_account(
    client, trust, identity_provider
):
    existing = UserFactory(email="dev@nhs.net")
    EmailAddress.objects.create(user=existing, email="dev@nhs.net", verified=True, primary=True)
    person(identity_provider, "dev-impostor", email="dev@nhs.net", email_verified=False)
    response = sign_in(client, trust, "dev-impostor")
    assert response.status_code == 403
    assert "did not confirm that the address is yours" in alert(response)
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    assert RefusedSignIn.objects.get().reason == RefusedSignIn.Reason.UNVERIFIED
    assert "_auth_user_id" not in client.session


def test_an_organisation_that_owns_its_domains_links_without_the_claim(
    client, trust, identity_provider
):
    trust.addresses_verified = True
    trust.save()
    existing = UserFactory(email="eve@example-trust.nhs.uk")
    EmailAddress.objects.create(user=existing, email=existing.email, verified=True, primary=True)
    person(identity_provider, "eve", email="eve@example-trust.nhs.uk")  # no email_verified
    assert sign_in(client, trust, "eve").status_code == 302
    assert SocialAccount.objects.get().user == existing


def test_refusing_at_the_provider_shows_a_page_and_changes_nothing(client, trust):
    response = sign_in(client, trust, "", deny=True)
    assert response.status_code == 400
    assert "did not let you in" in alert(response)
    assert not User.objects.exists()
    assert RefusedSignIn.objects.get().reason == RefusedSignIn.Reason.PROVIDER


def test_a_provider_that_cannot_be_reached_gets_a_page_not_an_error(client, trust):
    trust.discovery_url = "http://127.0.0.1:9"  # nothing listens on the discard port
    trust.save()
    response = client.post("/accounts/oidc/example-trust/login/")
    assert response.status_code == 502
    assert "could not reach it" in alert(response)
    assert RefusedSignIn.objects.get().reason == RefusedSignIn.Reason.PROVIDER


def test_a_forged_or_replayed_callback_is_refused_and_changes_nothing(
    client, trust, identity_provider
):
    person(identity_provider, "fay", email="fay@nhs.net", email_verified=True)
    forged = client.get("/accounts/oidc/example-trust/login/callback/?code=made-up&state=forged")
    assert forged.status_code == 400
    assert not User.objects.exists()
    start = client.post("/accounts/oidc/example-trust/login/")
    at_provider = httpx.post(start["Location"], data={"sub": "fay"}, timeout=10)
    back = urlsplit(at_provider.headers["location"])
    callback = f"{back.path}?{back.query}"
    assert client.get(callback).status_code == 302
    user = User.objects.get(email="fay@nhs.net")
    client.logout()
    replayed = client.get(callback)
    assert replayed.status_code == 400
    assert "_auth_user_id" not in client.session
    assert list(User.objects.all()) == [user]
    assert RefusedSignIn.objects.filter(reason=RefusedSignIn.Reason.PROVIDER).count() == 2


def test_unknown_and_disabled_organisations(client, trust):
    assert client.post("/accounts/oidc/no-such-trust/login/").status_code == 404
    assert client.get("/accounts/oidc/example-trust/login/").status_code == 405
    trust.enabled = False
    trust.save()
    response = client.post("/accounts/oidc/example-trust/login/")
    assert response.status_code == 403
    assert "turned off" in alert(response)
