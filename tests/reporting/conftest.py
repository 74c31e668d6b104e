"""Fixtures of the report tests: media written to a temporary folder. The educator, their
cohort and Chromium come from tests/cohort_fixtures.py, as for the assessment tests."""

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT
