"""The "Your profile" page: the signed-in learner's own name, role and organisation."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:profile")


@pytest.fixture
def learner(db):
    return UserFactory(
        username="sam", first_name="Sam", role="care_assistant", organisation="Riverside"
    )


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def stored(user):
    row = get_user_model().objects.get(pk=user.pk)
    return (row.first_name, row.last_name, row.role, row.organisation)


@pytest.mark.parametrize("method", ["get", "post"])
def test_profile_needs_sign_in(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_profile_shows_the_learners_own_details(learner_client):
    page = learner_client.get(URL).content.decode()
    assert page.count("<h1") == 1 and "Your profile" in page
    assert "Care assistant" in page and "Riverside" in page
    assert 'value="care_assistant"' in page and "checked" in page


def test_valid_details_are_saved(learner_client, learner):
    data = {
        "first_name": "Samira",
        "last_name": "Khan",
        "role": "nursing_trainee",
        "organisation": "North College",
    }
    response = learner_client.post(URL, data, follow=True)
    assert stored(learner) == ("Samira", "Khan", "nursing_trainee", "North College")
    page = response.content.decode()
    assert "Your profile was saved." in page and "Nursing trainee" in page


@pytest.mark.parametrize(
    "data,message",
    [
        ({"role": "", "organisation": "Elsewhere"}, "Choose the role that fits you best"),
        ({"role": "surgeon", "organisation": "Elsewhere"}, "Choose the role that fits you best"),
        (
            {"role": "other_staff", "organisation": "x" * 201},
            "Ensure this value has at most 200 characters",
        ),
    ],
)
def test_invalid_details_get_a_clear_error_and_change_nothing(
    learner_client, learner, data, message
):
    before = stored(learner)
    response = learner_client.post(URL, {"first_name": "Changed", "last_name": "", **data})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page and message in page
    assert stored(learner) == before
    # The summary of saved details still shows what is stored, not what was rejected.
    assert "<dd>Riverside</dd>" in page


def test_organisation_is_escaped_on_the_profile_page(learner_client, learner):
    payload = "<script>window.__x=1</script>"
    learner_client.post(
        URL, {"first_name": "Sam", "last_name": "", "role": "other_staff", "organisation": payload}
    )
    assert stored(learner)[3] == payload
    page = learner_client.get(URL).content.decode()
    assert payload not in page
    assert "&lt;script&gt;window.__x=1&lt;/script&gt;" in page


def test_the_page_only_ever_edits_the_signed_in_learner(learner_client, learner):
    other = UserFactory(username="alex", organisation="Hillside")
    learner_client.post(
        URL, {"first_name": "Sam", "role": "other_staff", "organisation": "X", "id": other.pk}
    )
    assert get_user_model().objects.get(pk=other.pk).organisation == "Hillside"
    assert "Hillside" not in learner_client.get(URL).content.decode()
