"""There are exactly two pages where a person signs in, both guarded: the learner sign-in
(allauth) and the admin sign-in. Wagtail's other ways in (its plain front-end sign-in page at
/_util/login/, shared page and document passwords) and Django's own admin are closed."""

import pytest
from allauth.account.views import LoginView as LearnerLoginView
from django.contrib.auth import views as auth_views
from django.urls import URLResolver, get_resolver, reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from courses.learner_context import sign_in_url
from tests.factories import UserFactory

from .accounts_helpers import signed_in_user_ids

pytestmark = pytest.mark.django_db


def routes(patterns=None, prefix="/"):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def signs_in(callback):
    view_class = getattr(callback, "view_class", object)
    return issubclass(view_class, (auth_views.LoginView, LearnerLoginView))


def test_the_only_sign_in_views_are_the_learner_and_the_admin_pages():
    assert sorted(route for route, callback in routes() if signs_in(callback)) == [
        "/accounts/login/",
        "/admin/login/",
    ]
    # Django's own admin (installed for its templates and checks) has no route, so no sign-in.
    assert [
        r for r, callback in routes() if callback.__module__.startswith("django.contrib.admin")
    ] == []


def test_wagtails_plain_sign_in_page_sends_people_to_the_learner_sign_in(client):
    response = client.get("/_util/login/?next=/courses/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/courses/"


def test_wagtails_plain_sign_in_page_signs_nobody_in(client):
    """It used to take a username or address and password with no limit and no verification."""
    UserFactory(username="sam", email="sam@example.org")
    client.post("/_util/login/", {"username": "sam", "password": "password"})
    client.post("/_util/login/", {"username": "sam@example.org", "password": "password"})
    assert "_auth_user_id" not in client.session
    assert signed_in_user_ids() == []


def test_a_page_for_signed_in_people_sends_visitors_to_the_learner_sign_in(client, make_module):
    module = make_module(title="Private module")
    PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(module.url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('account_login')}?next=")


def test_editors_cannot_protect_a_page_with_a_shared_password(client, make_module):
    """A shared password is a sign-in with no account, no limit and no record of who used it."""
    module = make_module(title="Private module")
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:set_privacy", args=[module.pk])

    form = client.get(url).content.decode()
    assert "Private, accessible with a shared password" not in form
    client.post(url, {"restriction_type": "password", "password": "letmein"})
    assert not PageViewRestriction.objects.filter(restriction_type="password").exists()


def test_editors_cannot_protect_a_document_collection_with_a_shared_password(client):
    collection = Collection.get_first_root_node().add_child(name="Handouts")
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtailadmin_collections:set_privacy", args=[collection.pk])

    client.post(url, {"restriction_type": "password", "password": "letmein"})
    assert not CollectionViewRestriction.objects.filter(restriction_type="password").exists()


def test_the_reflection_session_ended_page_offers_the_learner_sign_in():
    """The re-sign-in link after a session ended (assessments) is the learner page's."""
    assert sign_in_url("/m/#r").startswith(f"{reverse('account_login')}?next=")
