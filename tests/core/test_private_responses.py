"""Personal pages are never kept by the browser or a proxy; public pages stay cacheable;
signing out clears the browser's copy of the site (issue 14, finding 7)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from assessments.models import Reflection
from core import browser_storage
from tests.factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

REFLECTION_ID = "5b0e4c1a-7d3f-4c55-9a0e-000000000001"
BODY = [
    {"type": "text", "value": "<p>Three people talk about coming home.</p>"},
    {
        "type": "reflection",
        "value": {"prompt": "What helped?", "guidance": "", "required": True},
        "id": REFLECTION_ID,
    },
]


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def learner(db):
    return UserFactory(username="ada", verified_email=True)


@pytest.fixture
def module(make_module):
    return make_module(title="Coming home", body=BODY)


@pytest.fixture
def signed_in(client, learner, course, module):
    EnrolmentFactory(user=learner, course=course)
    client.force_login(learner)
    return client


def test_every_personal_page_is_no_store_and_private_when_signed_in(
    signed_in, learner, course, module
):
    record = EnrolmentFactory(
        user=UserFactory(username="done"), course=course, completed_at=timezone.now()
    )
    pages = {
        "profile": reverse("accounts:profile"),
        "preferences": reverse("preferences:edit"),
        "module with a reflection": module.url,
        "my data": reverse("accounts:data_export"),
        "journal": reverse("assessments:journal"),
        "home": "/",
        "course": course.url,
    }
    for name, url in pages.items():
        response = signed_in.get(url)
        assert response.status_code == 200, name
        assert {"no-store", "private"} <= directives(response), name
        assert "public" not in directives(response), name
    assert "What helped?" in signed_in.get(module.url).content.decode()

    signed_in.force_login(record.user)
    response = signed_in.get(reverse("courses:record", args=[record.uuid]))
    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)


def test_a_view_that_already_chose_no_store_keeps_its_stricter_header(signed_in):
    # The questionnaire and reflection views use never_cache: max-age=0, no-cache, no-store...
    response = signed_in.get(reverse("assessments:journal"))
    assert "no-store" in directives(response)
    response = signed_in.get(reverse("accounts:data_export"))
    assert directives(response) == {"private", "no-store"}


def test_an_anonymous_public_page_stays_cacheable(client, course):
    for url in ("/", course.url):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in directives(response), url
        assert "private" not in directives(response), url


def test_an_anonymous_visitor_whose_session_was_read_gets_no_store(client, course, learner):
    client.force_login(learner)
    client.post(reverse("account_logout"))
    # A session cookie that no longer signs anyone in still goes with the next request.
    client.cookies["sessionid"] = "a-session-that-does-not-exist"
    response = client.get(course.url)
    assert {"no-store", "private"} <= directives(response)


def test_signing_out_clears_the_sites_cache_and_storage(signed_in):
    response = signed_in.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert {"no-store", "private"} <= directives(response)
    assert "_auth_user_id" not in signed_in.session


def test_signing_out_of_the_admin_clears_the_sites_cache_and_storage(client):
    editor = UserFactory(username="ed", groups=["Educators"], verified_email=True)
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_only_signing_out_clears_site_data(signed_in, module):
    assert "Clear-Site-Data" not in signed_in.get(module.url)
    assert "Clear-Site-Data" not in signed_in.get(reverse("account_logout"))


def test_shared_caches_keep_serving_anonymous_pages_and_hold_nothing_of_a_learner(
    client, learner, course, module
):

    assert client.get(module.url).status_code == 200
    assert any(":sb:route:" in key for key in cache._cache)  # the route cache still fills

    enrolment = EnrolmentFactory(user=learner, course=course)
    Reflection.objects.create(
        user=learner,
        enrolment=enrolment,
        module=module,
        block_id=REFLECTION_ID,
        text="Ada's own words about a hard week.",
    )
    client.force_login(learner)
    first = client.get(module.url).content.decode()
    assert "Ada&#x27;s own words" in first or "Ada's own words" in first
    assert browser_storage.namespace(learner) in first

    other = UserFactory(username="bo", verified_email=True)
    EnrolmentFactory(user=other, course=course)
    client.force_login(other)
    second = client.get(module.url).content.decode()
    assert "own words about a hard week" not in second
    assert browser_storage.namespace(learner) not in second
    assert browser_storage.namespace(other) in second
