"""What the narrative library tells curators about a narrative: its publishing state, its consent
in plain words, the links between a narrative and its consent record, and what an action did."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.models import WorkflowState
from wagtail.snippets.views.snippets import CreateView, EditView

from .models import Consent, Narrative
from .views import NarrativeWorkflowActionView

DATE_FORMAT = "j F Y"  # 1 March 2027, as GOV.UK writes dates


class State:
    DRAFT = _("Draft")
    IN_REVIEW = _("In review")
    LIVE = _("Live")
    LIVE_CHANGED = _("Live with unpublished changes")
    LIVE_IN_REVIEW = _("Live with changes in review")


def with_review_state(queryset):
    """Annotate `in_review`: a panel review is in progress (one query for the whole listing)."""
    in_progress = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Narrative),
        object_id=Cast(OuterRef("pk"), CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    return queryset.annotate(in_review=Exists(in_progress))


def publishing_state(narrative):
    in_review = getattr(narrative, "in_review", None)
    if in_review is None:
        in_review = narrative.workflow_in_progress
    if narrative.live:
        if in_review:
            return State.LIVE_IN_REVIEW
        return State.LIVE_CHANGED if narrative.has_unpublished_changes else State.LIVE
    return State.IN_REVIEW if in_review else State.DRAFT


def consent_summary(narrative, on=None):
    """'Given (Education and training only, expires 1 March 2027)', 'Not yet recorded', ..."""
    consent = getattr(narrative, "consent", None) if narrative.pk else None
    if consent is None:
        return _("Not yet recorded")
    status = consent.status(on)
    scope = consent.get_scope_display()
    if status == Consent.Status.WITHDRAWN:
        return _("Withdrawn on %(date)s") % {"date": format_date(consent.withdrawn, DATE_FORMAT)}
    if status == Consent.Status.EXPIRED:
        return _("Expired on %(date)s") % {"date": format_date(consent.expires, DATE_FORMAT)}
    if status == Consent.Status.NOT_YET:
        return _("Given (%(scope)s), in force from %(date)s") % {
            "scope": scope,
            "date": format_date(consent.given, DATE_FORMAT),
        }
    if consent.expires:
        return _("Given (%(scope)s, expires %(date)s)") % {
            "scope": scope,
            "date": format_date(consent.expires, DATE_FORMAT),
        }
    return _("Given (%(scope)s, does not expire)") % {"scope": scope}


def consent_link(narrative):
    """Where to see or record a narrative's consent: (url, link text)."""
    consent = getattr(narrative, "consent", None) if narrative.pk else None
    if consent is not None:
        url = reverse("wagtailsnippets_narratives_consent:edit", args=[consent.pk])
        return url, _("View or change the consent record")
    url = reverse("wagtailsnippets_narratives_consent:add")
    return f"{url}?narrative={narrative.pk}", _("Record consent")


def state_context(narrative):
    """Template context for the status and consent of a saved narrative."""
    status = narrative.consent_status()
    url, link_text = consent_link(narrative)
    return {
        "publishing_state": publishing_state(narrative),
        "live": narrative.live,
        "consent_summary": consent_summary(narrative),
        "consent_in_force": status == Consent.Status.ACTIVE,
        "consent_url": url,
        "consent_link_text": link_text,
    }


class PublishingStateColumn(Column):
    cell_template_name = "narratives/columns/publishing_state.html"

    def __init__(self, **kwargs):
        super().__init__("publishing_state", label=_("Status"), sort_key="live", **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = publishing_state(instance)
        context["primary"] = instance.live
        return context


class ConsentColumn(Column):
    cell_template_name = "narratives/columns/consent.html"

    def __init__(self, **kwargs):
        super().__init__("consent_summary", label=_("Consent"), **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(state_context(instance))
        context["title"] = instance.title
        return context


# --- what the panel's actions say ------------------------------------------------------------

APPROVED = _("'%(title)s' approved by the panel and published: learners can now see it.")
SENT_BACK = _(
    "'%(title)s' sent back to its author with your comments. Nothing learners see has changed."
)
SUBMITTED = _(
    "'%(title)s' sent to the lived-experience panel for review. Learners will not see it "
    "until the panel approves it."
)


class PanelMessagesMixin:
    """Edit and create views whose messages say what the panel's review did, in plain words."""

    def get_success_message(self, instance=None):
        title = (instance or self.object).title
        if self.action == "submit":
            return SUBMITTED % {"title": title}
        if self.action == "workflow-action":
            if self.workflow_action == "approve":
                return APPROVED % {"title": title}
            if self.workflow_action == "reject":
                return SENT_BACK % {"title": title}
        return super().get_success_message(instance)


class NarrativeCreateView(PanelMessagesMixin, CreateView):
    pass


class NarrativeEditView(PanelMessagesMixin, EditView):
    pass


class PanelWorkflowActionView(NarrativeWorkflowActionView):
    """Approve or request changes from the review modal, saying what happened."""

    def post(self, request, *args, **kwargs):
        live_before = self.object.live
        revision_before = self.object.live_revision_id
        response = super().post(request, *args, **kwargs)
        narrative = Narrative.objects.get(pk=self.object.pk)
        published = narrative.live and (
            not live_before or narrative.live_revision_id != revision_before
        )
        if self.action_name == "approve" and published:
            messages.success(request, APPROVED % {"title": narrative.title})
        elif self.action_name == "reject" and response.status_code == 302:
            messages.success(request, SENT_BACK % {"title": narrative.title})
        return response


class ConsentCreateView(CreateView):
    """'Record consent' from a narrative starts the form with that narrative chosen."""

    def get_initial(self):
        initial = super().get_initial()
        narrative = self.request.GET.get("narrative", "")
        if narrative.isdigit() and Narrative.objects.filter(pk=narrative).exists():
            initial["narrative"] = int(narrative)
        return initial
