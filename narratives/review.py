"""What the lived-experience panel has reviewed: which narratives show a media item to learners,
now or once a review or a scheduled publication goes through."""

from django.db.models import Q
from wagtail.models import WorkflowState

from .models import Narrative


def narratives_showing(media):
    """Live narratives that use `media`, and narratives whose revision in review, or scheduled
    to go live, uses it. Replacing such a file would change what the panel approved."""
    if media.pk is None:
        return []
    showing = list(Narrative.objects.filter(live=True, media=media).order_by("title"))
    pending = (
        Narrative.objects.filter(
            Q(workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)
            | Q(revisions__approved_go_live_at__isnull=False)
        )
        .exclude(pk__in=[narrative.pk for narrative in showing])
        .select_related("latest_revision")
        .distinct()
        .order_by("title")
    )
    for narrative in pending:
        revisions = [narrative.latest_revision] + list(
            narrative.revisions.filter(approved_go_live_at__isnull=False)
        )
        if any(r is not None and r.content.get("media") == media.pk for r in revisions):
            showing.append(narrative)
    return showing
