from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from core.access import EDUCATORS
from core.small_numbers import MIN_GROUP

from .cohort_report import COMPLETED, ENROLLED, STARTED, cohort_progress, progress_tables
from .enrolment_models import Cohort


class CohortForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = (
            self.instance.educators.all() if self.instance.pk else get_user_model().objects.none()
        )
        self.fields["educators"].queryset = (
            get_user_model()
            .objects.filter(Q(groups__name=EDUCATORS) | Q(is_superuser=True) | Q(pk__in=chosen))
            .filter(is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )


class VisibleCohortsOnly:
    """Each educator reaches only the cohorts they run (superusers reach all): anything else is
    not found, whatever the URL."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not Cohort.objects.for_educator(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class CohortIndexView(generic.IndexView):
    progress_url_name = None
    template_name = "courses/admin/cohort_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["min_group"] = MIN_GROUP
        return context

    def get_list_more_buttons(self, instance):
        return [
            ListingButton(
                _("Progress"),
                url=reverse(self.progress_url_name, args=[instance.pk]),
                icon_name="tasks",
                priority=5,
            ),
            *super().get_list_more_buttons(instance),
        ]

    def get_base_queryset(self):
        return Cohort.objects.for_educator(self.request.user).select_related("course")

    def get_table(self, object_list):
        """The counts of each listed cohort, as its progress page shows them: its view of the
        person's progress table for its course (courses/cohort_report.py)."""
        cohorts = list(object_list)
        courses = {cohort.course_id: cohort.course for cohort in cohorts}
        tables = progress_tables(self.request.user, courses.values())
        for cohort in cohorts:
            cohort.progress_counts = tables[cohort.course_id].view(cohort.pk)
        return super().get_table(cohorts)


class CohortCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        # Whoever creates a cohort runs it, so it stays in their list.
        instance.educators.add(self.request.user)
        return instance


class CohortEditView(VisibleCohortsOnly, generic.EditView):
    progress_url_name = None

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Progress"),
                url=reverse(self.progress_url_name, args=[self.object.pk]),
                icon_name="tasks",
            )
        ]


class CohortDeleteView(VisibleCohortsOnly, generic.DeleteView):
    pass


class CohortHistoryView(VisibleCohortsOnly, HistoryView):
    pass


class CohortUsageView(VisibleCohortsOnly, UsageView):
    pass


class CohortProgressView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """How far the cohort's learners have got, as counts with small numbers suppressed
    (courses/cohort_report.py). Only for the cohort's educators: anyone else gets not found."""

    model = Cohort
    any_permission_required = ["add", "change", "delete", "view"]
    template_name = "courses/admin/cohort_progress.html"
    page_title = _("Progress")
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Cohort.objects.for_educator(request.user).select_related("course"),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.object.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Cohorts")},
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": self.object.name},
            {"url": "", "label": self.get_page_title(), "sublabel": self.object.name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            cohort=self.object,
            course=self.object.course,
            report=cohort_progress(self.object, self.request.user),
            min_group=MIN_GROUP,
        )
        return context


def progress_count(key):
    return lambda cohort: cohort.progress_counts[key]


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["name", "join_code"]
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    history_view_class = CohortHistoryView
    usage_view_class = CohortUsageView
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("name"),
            FieldPanel("join_code"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("educators", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=CohortForm,
    )
    list_display = [
        "name",  # linked to the edit view, with the row's buttons (Progress, Delete)
        Column("course", label=_("Course")),
        Column("join_code", label=_("Join code")),
        Column("starts_on", label=_("Starts"), sort_key="starts_on"),
        Column("ends_on", label=_("Ends")),
        # Counts of people, as the small-number rule lets them be shown. Not sortable: an order
        # by the real counts would tell apart the figures shown as "fewer than 5" or "withheld".
        Column("enrolled_count", label=_("Enrolled"), accessor=progress_count(ENROLLED)),
        Column("started_count", label=_("Started"), accessor=progress_count(STARTED)),
        Column("completed_count", label=_("Completed"), accessor=progress_count(COMPLETED)),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            progress_url_name=self.get_url_name("progress"), **kwargs
        )

    @property
    def progress_view(self):
        return self.construct_view(CohortProgressView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(f"progress/<{self.pk_path_converter}:pk>/", self.progress_view, name="progress")
        ]


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet("cohorts")
