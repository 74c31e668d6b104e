import django_filters
from django import forms
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtailmedia.models import get_media_model
from wagtailmedia.views import media as media_views

from . import views
from .admin_state import (
    ConsentColumn,
    ConsentCreateView,
    NarrativeCreateView,
    NarrativeEditView,
    PanelWorkflowActionView,
    PublishingStateColumn,
    with_review_state,
)
from .forms import NarrativeForm
from .models import (
    REVIEW_INTERVAL,
    CharacterisationDimension,
    Consent,
    ContentWarning,
    Narrative,
    Theme,
)
from .panels import (
    AFFECTED_MODULES_HEADING,
    CONSENT_NARRATIVE_HEADING,
    NARRATIVE_STATE_HEADING,
    AffectedModulesPanel,
    ConsentNarrativePanel,
    NarrativeStatePanel,
    ReadabilityPanel,
)
from .review import narratives_showing
from .usage import modules_using


class NarrativeFilterSet(WagtailFilterSet):
    modality = django_filters.ChoiceFilter(choices=Narrative.Modality.choices)
    warnings = django_filters.ModelMultipleChoiceFilter(
        label=_("Content warnings"),
        queryset=ContentWarning.objects.select_related("domain"),
        method="filter_warnings",
    )
    themes = django_filters.ModelMultipleChoiceFilter(
        label=_("Themes"), queryset=Theme.objects.all(), method="filter_themes"
    )
    review_status = django_filters.ChoiceFilter(
        label=_("Review"),
        method="filter_review_status",
        choices=[
            ("due", _("Due for review")),
            ("never", _("Never reviewed")),
            ("current", _("Reviewed in the last 12 months")),
        ],
    )
    consent_status = django_filters.ChoiceFilter(
        label=_("Consent"), method="filter_consent_status", choices=Consent.Status.choices
    )

    class Meta:
        model = Narrative
        fields = ["modality", "live"]

    @staticmethod
    def _matching(queryset, *conditions, **lookups):
        # Through the primary key: the listing's search can filter only on the narrative's own
        # indexed fields, not across relations, so a search with a filter would otherwise fail.
        return queryset.filter(pk__in=Narrative.objects.filter(*conditions, **lookups).values("pk"))

    def filter_warnings(self, queryset, name, value):
        if not value:
            return queryset
        # Choosing a domain also finds narratives warned for any item within it.
        return self._matching(
            queryset, Q(warnings__warning__in=value) | Q(warnings__warning__domain__in=value)
        )

    def filter_themes(self, queryset, name, value):
        return self._matching(queryset, themes__in=value) if value else queryset

    def filter_review_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "due":
            due = Narrative.objects.due_for_review(today).values("pk")
            return self._matching(queryset, pk__in=due)
        if value == "never":
            return self._matching(queryset, last_reviewed__isnull=True)
        if value == "current":
            return self._matching(queryset, last_reviewed__gte=today - REVIEW_INTERVAL)
        return queryset

    def filter_consent_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Narrative.objects.with_consent(value).values("pk"))


class NarrativeViewSet(SnippetViewSet):
    model = Narrative
    icon = "media"
    menu_label = _("Narratives")
    menu_order = 100
    add_to_admin_menu = False
    filterset_class = NarrativeFilterSet
    index_view_class = views.SnippetIndexView
    add_view_class = NarrativeCreateView
    edit_view_class = NarrativeEditView
    workflow_action_view_class = PanelWorkflowActionView
    list_display = [
        "title",
        "narrator_pseudonym",
        "modality",
        PublishingStateColumn(),
        ConsentColumn(),
        "last_reviewed",
        UpdatedAtColumn(),
    ]
    list_export = [
        "uuid",
        "title",
        "narrator_pseudonym",
        "modality",
        "language",
        "duration",
        "live",
        "consent_display",
        "last_reviewed",
        "source",
        "attribution",
        "licence",
    ]
    export_headings = {"consent_display": _("Consent")}
    ordering = ["title"]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    NarrativeStatePanel(heading=NARRATIVE_STATE_HEADING),
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("narrator_pseudonym"), FieldPanel("language")]),
                    FieldPanel("summary"),
                    FieldPanel("modality"),
                    MultiFieldPanel(
                        [
                            FieldPanel("media"),
                            FieldPanel("captions"),
                            FieldPanel("embed_url"),
                            FieldPanel("duration"),
                        ],
                        heading=_("Audio or video"),
                    ),
                    FieldPanel("transcript"),
                    FieldPanel("text_body"),
                    ReadabilityPanel(heading=_("Plain language")),
                ],
                heading=_("Narrative"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "warnings",
                        heading=_("Content warnings"),
                        label=_("Warning"),
                        help_text=_("Everything a learner may want to know before starting."),
                    ),
                    FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("characterisation"),
                ],
                heading=_("Warnings and themes"),
            ),
            ObjectList(
                [
                    FieldPanel("last_reviewed"),
                    FieldPanel("source"),
                    FieldPanel("attribution"),
                    FieldPanel("licence"),
                ],
                heading=_("Trust and licence"),
            ),
        ],
        base_form_class=NarrativeForm,
    )

    def get_queryset(self, request):
        return with_review_state(Narrative.objects.select_related("consent", "latest_revision"))


class ConsentViewSet(SnippetViewSet):
    model = Consent
    icon = "clipboard-list"
    menu_label = _("Consent")
    menu_order = 200
    index_view_class = views.SnippetIndexView
    add_view_class = ConsentCreateView
    list_display = ["narrative", "scope", "given", "expires", "withdrawn", "status_display"]
    list_filter = ["scope"]
    list_export = ["narrative", "scope", "given", "expires", "withdrawn", "status_display"]
    export_headings = {"status_display": _("Status")}
    search_fields = None
    panels = [
        ConsentNarrativePanel(heading=CONSENT_NARRATIVE_HEADING),
        FieldPanel("narrative"),
        FieldPanel("scope"),
        FieldRowPanel([FieldPanel("given"), FieldPanel("expires")]),
        FieldPanel("withdrawn"),
        FieldPanel("notes"),
        AffectedModulesPanel(heading=AFFECTED_MODULES_HEADING),
    ]

    def get_queryset(self, request):
        return Consent.objects.select_related("narrative")


# The order people read warnings in, in the list and the chooser: each domain alphabetically,
# followed by its own items alphabetically ("Abuse", "Abuse: Childhood abuse", ..., "Crime").
WARNING_READING_ORDER = [
    Lower(Coalesce("domain__name", "name")),
    F("domain").asc(nulls_first=True),
    Lower("name"),
]


class ContentWarningIndexView(views.SnippetIndexView):
    default_ordering = WARNING_READING_ORDER


class ContentWarningChooserViewSet(SnippetChooserViewSet):
    def get_object_list(self):
        return ContentWarning.objects.select_related("domain").order_by(*WARNING_READING_ORDER)


class ContentWarningViewSet(SnippetViewSet):
    model = ContentWarning
    icon = "warning"
    menu_label = _("Content warnings")
    menu_order = 300
    index_view_class = ContentWarningIndexView
    chooser_viewset_class = ContentWarningChooserViewSet
    list_display = ["__str__", "description"]
    list_filter = ["domain"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("domain"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 400
    list_display = ["name", "description"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class CharacterisationViewSet(SnippetViewSet):
    model = CharacterisationDimension
    icon = "list-ul"
    menu_label = _("Characterisation")
    menu_order = 500
    list_display = ["name", "allow_multiple"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("allow_multiple"),
        InlinePanel("values", heading=_("Allowed values"), label=_("Value"), min_num=1),
    ]


class NarrativeLibraryGroup(SnippetViewSetGroup):
    menu_label = _("Narrative library")
    menu_icon = "media"
    menu_order = 250
    items = (
        NarrativeViewSet,
        ConsentViewSet,
        ContentWarningViewSet,
        ThemeViewSet,
        CharacterisationViewSet,
    )


register_snippet(NarrativeLibraryGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("narratives/readability/", views.readability, name="narratives_readability"),
        path(
            "reports/narratives-due-for-review/",
            views.NarrativesDueForReviewView.as_view(),
            name="narratives_due_for_review",
        ),
        path(
            "reports/narratives-due-for-review/results/",
            views.NarrativesDueForReviewView.as_view(results_only=True),
            name="narratives_due_for_review_results",
        ),
    ]


class NarrativeReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("narratives.change_narrative")


@hooks.register("register_reports_menu_item")
def register_due_for_review_report():
    return NarrativeReportMenuItem(
        _("Narratives due for review"),
        reverse("narratives_due_for_review"),
        icon_name="date",
        order=700,
    )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_consent_editor(request, instance):
    if isinstance(instance, Consent):
        Consent.objects.filter(pk=instance.pk).update(updated_by=request.user)


class UnavailableNarrativesPanel(Component):
    """Dashboard panel: narratives that can no longer be shown but that modules still use."""

    name = "unavailable_narratives"
    order = 90
    template_name = "narratives/panels/unavailable_dashboard.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        rows = []
        in_force = Narrative.objects.with_consent(Consent.Status.ACTIVE, today).values("pk")
        candidates = Narrative.objects.select_related("consent").exclude(pk__in=in_force)
        for narrative in candidates:
            modules = list(modules_using(narrative).live())
            if modules:
                rows.append(
                    {
                        "narrative": narrative,
                        "modules": modules,
                        "status": narrative.consent_status(today),
                    }
                )
        return {"rows": rows}


@hooks.register("construct_homepage_panels")
def add_unavailable_narratives_panel(request, panels):
    if request.user.has_perm("narratives.change_narrative"):
        panels.append(UnavailableNarrativesPanel(request))


@hooks.register("insert_global_admin_js")
def readability_script():
    return format_html('<script src="{}" defer></script>', static("narratives/js/readability.js"))


@media_views.permission_checker.require("delete")
def delete_media(request, media_id):
    """wagtailmedia's delete page, refused while a narrative shows the recording: the narrative
    keeps only a null link (SET_NULL), so learners would silently lose the recording."""
    media = get_object_or_404(get_media_model(), id=media_id)
    showing = narratives_showing(media)
    if not showing:
        return media_views.delete(request, media_id)
    narrative = showing[0]
    if narrative.live:
        message = _(
            "This recording is used by the live narrative '%(title)s', so it cannot be deleted. "
            "Choose another recording on the narrative first, or withdraw the narrative."
        )
    else:
        message = _(
            "This recording is used by the narrative '%(title)s', which the lived-experience "
            "panel is reviewing or has scheduled, so it cannot be deleted."
        )
    messages.error(request, message % {"title": narrative.title})
    return redirect("wagtailmedia:edit", media.pk)


# Before wagtailmedia's own admin URLs (hooks run in `order`), so this path answers first.
@hooks.register("register_admin_urls", order=-1)
def register_media_delete_url():
    return [path("media/delete/<int:media_id>/", delete_media, name="narratives_media_delete")]
