"""A real OpenID Connect provider (oidc-provider-mock: Flask and Authlib, signed RS256 tokens) on
127.0.0.1, and the steps a person takes through it, for the organisation sign-in tests."""

import threading
from urllib.parse import urlsplit

import httpx
import oidc_provider_mock
import pytest
from werkzeug.serving import make_server

from integrations.models import Organisation


@pytest.fixture(scope="session")
def identity_provider():
    """The provider's base address. It takes any client id and secret, as an Entra ID tenant
    takes the ones it issued."""
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def trust(identity_provider, db):
    return Organisation.objects.create(
        name="Example Trust",
        slug="example-trust",
        discovery_url=identity_provider,
        client_id="storybridge",
        client_secret="not-a-real-secret",
        allowed_domains="example-trust.nhs.uk\nnhs.net",
        role_claim="roles",
        default_role="other_staff",
    )


def person(identity_provider, sub, **claims):
    """The identity provider's account `sub`, with these claims in its tokens."""
    response = httpx.put(f"{identity_provider}/users/{sub}", json=claims, timeout=10)
    assert response.status_code == 204, response.text


def sign_in(client, organisation, sub, *, deny=False):
    """Press "Sign in with …", sign in at the provider as `sub` (or refuse), and come back: the
    response of Storybridge's callback."""
    start = client.post(f"/accounts/oidc/{organisation.slug}/login/")
    assert start.status_code == 302, start.content
    fields = {"sub": sub} if not deny else {"action": "deny"}
    at_provider = httpx.post(start["Location"], data=fields, timeout=10)
    assert at_provider.status_code in (302, 303), at_provider.text
    back = urlsplit(at_provider.headers["location"])
    return client.get(f"{back.path}?{back.query}")
