import pytest

from tests.factories import UserFactory


@pytest.fixture
def curator(db):
    return UserFactory(username="curator", groups=["Narrative curators"])


@pytest.fixture
def educator(db):
    return UserFactory(username="educator", groups=["Educators"])


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def educator_client(client, educator):
    client.force_login(educator)
    return client


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, so a test can check nothing was written."""
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT
