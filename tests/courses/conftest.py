import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test."""
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT
