import pytest
from django.core.cache import cache
from wagtail.models import Page

from core.models import HomePage

from .factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory

# Fixtures the assessment and report tests share: an educator, their cohort, their own Chromium.
pytest_plugins = ["tests.cohort_fixtures"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the shared caches are keyed on content anyway)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """The HomePage the core data migration makes the default site's root."""
    return HomePage.objects.get()


@pytest.fixture
def course_index(home_page):
    return CourseIndexPageFactory(parent=home_page, slug="courses")


@pytest.fixture
def course(course_index):
    return CoursePageFactory(parent=course_index, title="Recovery basics", slug="recovery-basics")


@pytest.fixture
def make_module(course):
    """Build a live module under `course` with a body given as StreamField raw data."""

    def make(title="Coming home", body=None, parent=None):
        module = ModulePageFactory(parent=parent or course, title=title)
        if body is not None:
            module.body = body
            module.save_revision().publish()
            module.refresh_from_db()
        return module

    return make


@pytest.fixture
def root_page(db):
    return Page.objects.get(depth=1)
