from datetime import timedelta
from pathlib import PurePosixPath

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView, WorkflowActionView

from core.http import is_script_request
from core.models import StorybridgeSettings
from core.protected_files import send_file
from core.spreadsheet import NeutralisedExportMixin

from .files import FileKind, editor_file, narrative_file
from .forms import publish_blocked_message
from .models import CONSENT_EXPIRY_WARNING, REVIEW_INTERVAL, Consent, Narrative
from .readability import score

MAX_READABILITY_CHARS = 200_000
# Captions are data for the player, never a page: no script, no styles, no requests.
CAPTIONS_HEADERS = {"Content-Security-Policy": "sandbox; default-src 'none'"}


@require_safe
def narrative_file_view(request, narrative_uuid, kind):
    """A narrative's recording, poster or captions, checked on every request
    (narratives/files.py); byte ranges for seeking, or X-Accel-Redirect behind nginx."""
    found = narrative_file(request, narrative_uuid, kind)
    suffix = PurePosixPath(found.name).suffix.lower()
    filename = f"{slugify(found.title) or 'narrative'}-{kind}{suffix}"
    headers = {"Content-Disposition": content_disposition_header(False, filename)}
    content_type = None
    if kind == FileKind.CAPTIONS:
        headers.update(CAPTIONS_HEADERS)
        content_type = "text/vtt; charset=utf-8"
    return send_file(request, found.storage, found.name, content_type=content_type, headers=headers)


@require_safe
def editor_file_view(request, name):
    """A narrative file by storage name, for the admin's own links (narratives/files.py)."""
    storage, name = editor_file(request, name)
    headers = {"Content-Disposition": "inline"}
    content_type = None
    if name.lower().endswith(".vtt") or name.startswith("narratives/"):
        headers.update(CAPTIONS_HEADERS)
        content_type = "text/vtt; charset=utf-8"
    return send_file(request, storage, name, content_type=content_type, headers=headers)


@require_POST
def readability(request):
    """Admin-only JSON scores for text an editor is typing (the panel's live update)."""
    text = request.POST.get("text", "")
    if len(text) > MAX_READABILITY_CHARS:
        return JsonResponse({"error": str(_("That text is too long to score."))}, status=400)
    result = score(text)
    target = StorybridgeSettings.for_request(request).readability_target_grade
    return JsonResponse(
        {
            "words": result.words,
            "grade": result.grade,
            "reading_ease": result.reading_ease,
            "target": target,
            "above_target": result.above(target),
        }
    )


class SnippetIndexView(NeutralisedExportMixin, IndexView):
    """The listing of a narrative library snippet, whose CSV and XLSX exports are neutralised."""


class NarrativeWorkflowActionView(WorkflowActionView):
    """Approving in the panel review publishes, so it needs consent in force, as publishing does."""

    def post(self, request, *args, **kwargs):
        status = self.object.consent_status()
        if self.action_name == "approve" and status != Consent.Status.ACTIVE:
            messages.error(request, publish_blocked_message(status))
            if is_script_request(request):  # Wagtail's workflow modal
                return self.render_modal_json(
                    request, {"step": "success", "redirect": self.redirect_url}
                )
            return redirect(self.redirect_url)
        return super().post(request, *args, **kwargs)


class NarrativesDueForReviewView(NeutralisedExportMixin, ReportView):
    """Narratives not reviewed for 12 months, never reviewed, or whose consent expires soon."""

    page_title = _("Narratives due for review")
    header_icon = "date"
    index_url_name = "narratives_due_for_review"
    index_results_url_name = "narratives_due_for_review_results"
    permission_policy = ModelPermissionPolicy(Narrative)
    permission_required = "change"
    no_results_message = _("Every narrative has been reviewed in the last 12 months.")
    columns = [
        TitleColumn(
            "title", label=_("Narrative"), url_name="wagtailsnippets_narratives_narrative:edit"
        ),
        Column("narrator_pseudonym", label=_("Narrator")),
        Column("last_reviewed", label=_("Last reviewed")),
        Column("reasons_text", label=_("Why it is due")),
    ]
    list_export = ["title", "narrator_pseudonym", "last_reviewed", "reasons_text"]
    # Wagtail derives headings from the queryset's model, but the export receives the decorated
    # list, so every heading is named here (as the columns are).
    export_headings = {
        "title": _("Narrative"),
        "narrator_pseudonym": _("Narrator"),
        "last_reviewed": _("Last reviewed"),
        "reasons_text": _("Why it is due"),
    }

    def get_base_queryset(self):
        return (
            Narrative.objects.due_for_review()
            .select_related("consent")
            .order_by("last_reviewed", "title")
        )

    def decorate_paginated_queryset(self, object_list):
        return [self._with_reasons(narrative) for narrative in object_list]

    def to_row_dict(self, item):
        return super().to_row_dict(self._with_reasons(item))

    @staticmethod
    def _with_reasons(narrative):
        narrative.reasons_text = "; ".join(
            str(reason) for reason in review_reasons(narrative, timezone.localdate())
        )
        return narrative


def review_reasons(narrative, today):
    reasons = []
    if narrative.last_reviewed is None:
        reasons.append(_("Never reviewed"))
    elif narrative.last_reviewed < today - REVIEW_INTERVAL:
        reasons.append(_("Not reviewed for over 12 months"))
    consent = getattr(narrative, "consent", None)
    if consent and consent.expires and today <= consent.expires <= today + CONSENT_EXPIRY_WARNING:
        days = (consent.expires - today) // timedelta(days=1)
        reasons.append(_("Consent expires in %(days)d days") % {"days": days})
    return reasons
