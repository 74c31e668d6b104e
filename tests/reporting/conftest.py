"""Fixtures of the report tests, as tests/assessments/conftest.py has them: an educator running
one cohort of the course, media written to a temporary folder, and Chromium for the one browser
test here."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import CohortFactory, UserFactory


@pytest.fixture
def educator(db):
    return UserFactory(username="educator_a", groups=["Educators"])


@pytest.fixture
def cohort(course, educator):
    cohort = CohortFactory(course=course, name="Alpha intake")
    cohort.educators.add(educator)
    return cohort


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


CHROMIUM = os.environ.get("STORYBRIDGE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def chromium(live_server):
    """Chromium for one test of this folder (tests/browser has the session-wide browser): its own
    Playwright, started and stopped here, so it runs before the browser suite starts."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is missing ({CHROMIUM}). Run `make install-test` to install it.")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-background-networking"],
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
