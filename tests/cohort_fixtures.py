"""Fixtures the assessment and report tests share (a plugin of tests/conftest.py): an educator
running one cohort of the course, and a Chromium of their own for their few browser tests
(tests/browser has the session-wide browser). A folder's conftest.py may define its own."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import CohortFactory, UserFactory

CHROMIUM = os.environ.get("STORYBRIDGE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def educator(db):
    return UserFactory(username="educator_a", groups=["Educators"])


@pytest.fixture
def cohort(course, educator):
    cohort = CohortFactory(course=course, name="Alpha intake")
    cohort.educators.add(educator)
    return cohort


@pytest.fixture
def chromium(live_server):
    """Chromium for one test: its own Playwright, started and stopped here (these tests run
    before tests/browser starts its session browser: tests/browser/conftest.py orders them)."""
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
