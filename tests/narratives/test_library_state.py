"""The narrative library shows each narrative's publishing state and its consent, links the
narrative and its consent record both ways, and the panel's actions say what happened."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.models import TaskState, Workflow

from narratives.models import Consent, Narrative
from tests.factories import NarrativeFactory

from .admin_data import narrative_form_data

PANEL_REVIEW = "Lived-experience panel review"
TODAY = datetime.date.today()


def _text(html):
    html = re.sub(r"<(script|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").strip()


def _row(html, title):
    """The visible text of the listing row for `title`."""
    for row in re.findall(r"<tr\b.*?</tr>", html, re.S):
        if title in _text(row):
            return _text(row)
    raise AssertionError(f"no row for {title}")


def _in_review(narrative, user):
    narrative.save_revision(user=user)
    Workflow.objects.get(name=PANEL_REVIEW).start(narrative, user)
    return narrative


@pytest.fixture
def library(curator):
    draft = NarrativeFactory(title="Draft story", live=False, consent=False)
    draft.save_revision()
    review = _in_review(
        NarrativeFactory(title="Review story", live=False, consent__given=TODAY), curator
    )
    live = NarrativeFactory(
        title="Live story",
        consent__scope=Consent.Scope.EDUCATION,
        consent__expires=datetime.date(2099, 3, 1),
    )
    changed = NarrativeFactory(
        title="Changed story", consent__withdrawn=TODAY, consent__scope=Consent.Scope.PUBLIC
    )
    changed.save_revision()
    expired = NarrativeFactory(
        title="Expired story",
        consent__given=datetime.date(2020, 1, 1),
        consent__expires=datetime.date(2021, 6, 30),
    )
    return {"draft": draft, "review": review, "live": live, "changed": changed, "old": expired}


def test_narrative_list_shows_publishing_state_and_consent(curator_client, library):
    html = curator_client.get(reverse("wagtailsnippets_narratives_narrative:list")).content
    html = html.decode()

    assert "Status" in html and "Consent" in html
    draft = _row(html, "Draft story")
    assert "Draft" in draft and "Not yet recorded" in draft
    review = _row(html, "Review story")
    assert "In review" in review and "Given (Education and training only" in review
    live = _row(html, "Live story")
    assert "Live" in live and "Live with" not in live
    assert "Given (Education and training only, expires 1 March 2099)" in live
    changed = _row(html, "Changed story")
    assert "Live with unpublished changes" in changed
    assert f"Withdrawn on {TODAY:%-d %B %Y}" in changed
    assert "Expired on 30 June 2021" in _row(html, "Expired story")


def test_narrative_list_links_each_narrative_to_its_consent(curator_client, library):
    html = curator_client.get(reverse("wagtailsnippets_narratives_narrative:list")).content
    html = html.decode()

    consent = library["live"].consent
    assert reverse("wagtailsnippets_narratives_consent:edit", args=[consent.pk]) in html
    add = reverse("wagtailsnippets_narratives_consent:add")
    assert f"{add}?narrative={library['draft'].pk}" in html


def test_narrative_list_needs_a_query_count_independent_of_its_length(
    curator_client, library, django_assert_max_num_queries
):
    url = reverse("wagtailsnippets_narratives_narrative:list")
    curator_client.get(url)  # warm the caches (site settings, permissions)
    with django_assert_max_num_queries(40) as few:
        curator_client.get(url)
    for n in range(10):
        NarrativeFactory(title=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        curator_client.get(url)


def test_edit_view_shows_state_and_consent_with_a_link(curator_client, library):
    changed = library["changed"]
    html = curator_client.get(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[changed.pk])
    ).content.decode()

    text = _text(html)
    assert "Live with unpublished changes" in text
    assert f"Withdrawn on {TODAY:%-d %B %Y}" in text
    edit = reverse("wagtailsnippets_narratives_consent:edit", args=[changed.consent.pk])
    assert re.search(
        rf'<a href="{re.escape(edit)}"[^>]*>\s*View or change the consent record', html
    )


def test_edit_view_without_consent_offers_to_record_it(curator_client, library):
    draft = library["draft"]
    html = curator_client.get(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[draft.pk])
    ).content.decode()

    assert "Not yet recorded" in _text(html)
    add = reverse("wagtailsnippets_narratives_consent:add")
    assert re.search(
        rf'<a href="{re.escape(add)}\?narrative={draft.pk}"[^>]*>\s*Record consent', html
    )


def test_record_consent_link_starts_the_form_for_that_narrative(curator_client, library):
    draft = library["draft"]
    html = curator_client.get(
        reverse("wagtailsnippets_narratives_consent:add"), {"narrative": draft.pk}
    ).content.decode()

    assert re.search(rf'<input[^>]*name="narrative"[^>]*value="{draft.pk}"', html) or re.search(
        rf'<input[^>]*value="{draft.pk}"[^>]*name="narrative"', html
    )


def test_record_consent_link_with_a_bad_narrative_still_shows_the_form(curator_client):
    response = curator_client.get(
        reverse("wagtailsnippets_narratives_consent:add"), {"narrative": "not-a-number"}
    )

    assert response.status_code == 200
    assert not re.search(
        r'<input[^>]*name="narrative"[^>]*value="[^"]+"', response.content.decode()
    )


def test_consent_record_links_back_to_its_narrative(curator_client, library):
    live = library["live"]
    html = curator_client.get(
        reverse("wagtailsnippets_narratives_consent:edit", args=[live.consent.pk])
    ).content.decode()

    edit = reverse("wagtailsnippets_narratives_narrative:edit", args=[live.pk])
    assert re.search(rf'<a href="{re.escape(edit)}"[^>]*>\s*Live story', html)


def _approve_url(narrative):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(narrative.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return reverse(
        "wagtailsnippets_narratives_narrative:workflow_action",
        args=[narrative.pk, "approve", task_state.pk],
    )


def test_approving_from_the_review_says_what_happened(curator_client, library):
    review = library["review"]

    response = curator_client.post(_approve_url(review), {"comment": ""}, follow=True)

    assert "'Review story' approved by the panel and published: learners can now see it" in _text(
        response.content.decode()
    )
    review.refresh_from_db()
    assert review.live


def test_approving_from_the_edit_view_says_what_happened(curator_client, library):
    review = library["review"]
    data = narrative_form_data(title="Review story")
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"

    response = curator_client.post(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[review.pk]), data, follow=True
    )

    text = _text(response.content.decode())
    assert "'Review story' approved by the panel and published: learners can now see it" in text
    assert "'Review story' updated" not in text


def test_approving_without_consent_says_nothing_was_published(curator_client, curator):
    story = _in_review(
        NarrativeFactory(title="No consent story", live=False, consent=False), curator
    )

    response = curator_client.post(_approve_url(story), {"comment": ""}, follow=True)

    text = _text(response.content.decode())
    assert "cannot be published until the narrator's consent is recorded" in text
    assert "approved by the panel" not in text
    assert not Narrative.objects.get(pk=story.pk).live


def test_submitting_says_who_decides_next(educator_client):
    data = narrative_form_data(title="Submitted story")
    data["action-submit"] = "action-submit"

    response = educator_client.post(
        reverse("wagtailsnippets_narratives_narrative:add"), data, follow=True
    )

    text = _text(response.content.decode())
    assert (
        "'Submitted story' sent to the lived-experience panel for review. Learners will not see "
        "it until the panel approves it." in text
    )


def test_requesting_changes_says_nothing_learners_see_has_changed(curator_client, library):
    review = library["review"]
    url = _approve_url(review).replace("/approve/", "/reject/")

    response = curator_client.post(url, {"comment": "Please shorten the summary."}, follow=True)

    assert (
        "'Review story' sent back to its author with your comments. Nothing learners see has "
        "changed." in _text(response.content.decode())
    )
    review.refresh_from_db()
    assert not review.live
