"""Story feedback for the curators: per-story figures through the small-number rule."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from library.curation import feedback_figures
from library.models import StoryFeedback, StoryProgress
from tests.factories import UserFactory
from tests.library.conftest import make_story

pytestmark = pytest.mark.django_db
URL = reverse("story_feedback:index")


def rate(story, values, question="hopeful"):
    for value in values:
        user = UserFactory()
        StoryProgress.objects.create(user=user, narrative=story, status="done")
        StoryFeedback.objects.create(user=user, narrative=story, question=question, value=value)


def test_fewer_than_five_people_show_no_answers():
    story = make_story("Quiet")
    rate(story, [5, 4, 4, 3])
    (figures,) = feedback_figures([story])
    hopeful = figures.questions[0]
    assert str(figures.finished) == "fewer than 5"
    assert str(hopeful.answered) == "fewer than 5"
    assert hopeful.mean is None and hopeful.spread == []


def test_five_or_more_show_the_mean_and_a_safe_spread():
    story = make_story("Loud")
    rate(story, [5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 1])
    (figures,) = feedback_figures([story])
    hopeful = figures.questions[0]
    assert hopeful.answered == 11 and figures.finished == 11
    assert hopeful.mean == round((25 + 20 + 1) / 11, 1)
    spread = {str(label): count for label, count in hopeful.spread}
    assert spread["Very much"] == 5 and spread["Quite a lot"] == 5
    assert str(spread["Not at all"]) == "fewer than 5"  # the one person who said 1
    assert spread["Somewhat"] == 0


def test_only_curators_open_the_page(client):
    story = make_story("Loud")
    rate(story, [5] * 6)
    client.force_login(UserFactory(username="learner-x"))
    assert client.get(URL).status_code in (302, 403)
    client.force_login(
        UserFactory(username="curator-x", groups=["Narrative curators"], is_staff=True)
    )
    response = client.get(URL)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Loud" in page and "5.0" in page
    assert client.get(URL, {"page": "9"}).status_code == 404
    assert client.get(URL, {"page": "x"}).status_code == 404
