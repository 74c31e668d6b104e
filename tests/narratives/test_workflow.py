"""Educators submit narratives to the lived-experience panel; a curator's approval publishes."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from narratives.models import Consent, Narrative

from .admin_data import narrative_form_data

PANEL_REVIEW = "Lived-experience panel review"


@pytest.fixture
def submitted(educator_client):
    """A narrative an educator has just created and submitted to the panel."""
    data = narrative_form_data(title="Finding the allotment")
    data["action-submit"] = "action-submit"
    response = educator_client.post(reverse("wagtailsnippets_narratives_narrative:add"), data)
    assert response.status_code == 302
    return Narrative.objects.get(title="Finding the allotment")


def approve_url(narrative):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(narrative.pk),
        status=TaskState.STATUS_IN_PROGRESS,
    )
    return reverse(
        "wagtailsnippets_narratives_narrative:workflow_action",
        args=[narrative.pk, "approve", task_state.pk],
    )


def give_consent(narrative):
    return Consent.objects.create(narrative=narrative, given="2026-01-01")


def test_submitting_starts_the_panel_review_without_publishing(submitted, educator):
    state = WorkflowState.objects.get(object_id=str(submitted.pk))

    assert state.workflow.name == PANEL_REVIEW
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == educator
    assert state.current_task_state.task.name == PANEL_REVIEW
    assert submitted.live is False
    assert submitted.workflow_in_progress


def test_curator_approval_publishes_the_submitted_revision(submitted, client, curator):
    give_consent(submitted)
    submitted_revision = submitted.latest_revision
    client.force_login(curator)

    response = client.post(approve_url(submitted), {"comment": "Checked by the panel."})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live is True
    assert submitted.has_unpublished_changes is False
    assert submitted.live_revision == submitted_revision
    assert submitted.is_available()
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    task_state = state.task_states.get()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == curator
    assert task_state.comment == "Checked by the panel."


def test_approved_narrative_is_shown_in_a_module(submitted, client, curator, make_module):
    give_consent(submitted)
    module = make_module(
        body=[
            {
                "type": "narrative",
                "value": {"narrative": submitted.pk, "framing": "", "discussion_prompts": []},
            }
        ]
    )
    learner = Client()  # a visitor of their own, who never sees the editors' admin messages
    assert "Finding the allotment" not in learner.get(module.url).content.decode()

    client.force_login(curator)
    client.post(approve_url(submitted), {"comment": ""})

    assert "Finding the allotment" in learner.get(module.url).content.decode()


def test_educator_cannot_approve_their_own_submission(submitted, educator_client):
    response = educator_client.post(approve_url(submitted), {"comment": ""})

    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    submitted.refresh_from_db()
    assert submitted.live is False
    assert submitted.workflow_in_progress


def test_approval_without_consent_in_force_is_refused(submitted, client, curator):
    client.force_login(curator)

    response = client.post(approve_url(submitted), {"comment": ""}, follow=True)

    assert (
        "This narrative cannot be published until the narrator's consent is recorded."
        in response.content.decode().replace("&#x27;", "'")
    )
    submitted.refresh_from_db()
    assert submitted.live is False
    assert submitted.workflow_in_progress


def test_approval_from_the_edit_view_without_consent_is_refused(submitted, client, curator):
    client.force_login(curator)
    data = narrative_form_data(title="Finding the allotment")
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"

    response = client.post(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[submitted.pk]), data
    )

    assert response.status_code == 200
    assert (
        "This narrative cannot be published until the narrator&#x27;s consent is recorded."
        in response.content.decode()
    )
    submitted.refresh_from_db()
    assert submitted.live is False
    assert submitted.workflow_in_progress


def test_approval_from_the_edit_view_with_consent_publishes(submitted, client, curator):
    give_consent(submitted)
    client.force_login(curator)
    data = narrative_form_data(title="Finding the allotment")
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"

    response = client.post(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[submitted.pk]), data
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live is True
    assert not submitted.workflow_in_progress
