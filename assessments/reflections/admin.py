"""Educators read the reflections their learners chose to share with them, and nothing else.

A listing (filter by cohort) and a page per reflection, both reading
`Reflection.objects.shared_with(user)`: a reflection that is not shared, or is shared by a
learner in someone else's cohort, is not found; one the learner stops sharing is gone at once.
Registered by assessments/wagtail_hooks.py.
"""

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from core.access import EducatorsMenuItem, EducatorsOnlyMixin
from courses.models import Cohort

from .models import Reflection

VIEWSET_NAME = "shared_reflections"


def cohorts_of(request):
    if request is None:
        return Cohort.objects.none()
    return Cohort.objects.for_educator(request.user).select_related("course")


class SharedReflectionFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(
        field_name="enrolment__cohort",
        queryset=cohorts_of,
        label=_("Cohort"),
        empty_label=_("All your cohorts"),
    )

    class Meta:
        model = Reflection
        fields = []


class SharedReflectionIndexView(EducatorsOnlyMixin, generic.IndexView):
    """Educators and superusers; what each of them sees is narrowed by their cohorts."""

    permission_policy = None  # access is decided by the mixin, and each row by its cohort
    model = Reflection
    page_title = _("Shared reflections")
    header_icon = "edit"
    paginate_by = 25
    filterset_class = SharedReflectionFilterSet
    default_ordering = "-shared_at"
    index_url_name = f"{VIEWSET_NAME}:index"
    index_results_url_name = f"{VIEWSET_NAME}:index_results"

    def get_base_queryset(self):
        return Reflection.objects.shared_with(self.request.user).select_related(
            "user", "enrolment__cohort"
        )

    def get_inspect_url(self, instance):
        return reverse(f"{VIEWSET_NAME}:detail", args=[instance.uuid])

    @cached_property
    def columns(self):
        return [
            TitleColumn("prompt", label=_("Prompt"), get_url=self.get_inspect_url),
            UserColumn("user", label=_("Learner")),
            Column("cohort", label=_("Cohort"), accessor="enrolment.cohort"),
            Column("module_title", label=_("Module")),
            DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
            DateColumn("shared_at", label=_("Shared"), sort_key="shared_at"),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["no_results_message"] = _(
            "No reflections have been shared with you yet. Learners in your cohorts choose "
            "which of their reflections to share."
        )
        return context


class SharedReflectionDetailView(EducatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "assessments/admin/shared_reflection.html"
    header_icon = "edit"
    object = None

    def get(self, request, *args, **kwargs):
        # Looked up before anything renders: not found for anyone it is not shared with.
        self.object = get_object_or_404(
            Reflection.objects.shared_with(request.user).select_related(
                "user", "enrolment__cohort"
            ),
            uuid=kwargs["reflection_uuid"],
        )
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Shared reflection")

    def get_page_subtitle(self):
        return self.object.prompt

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{VIEWSET_NAME}:index"), "label": _("Shared reflections")},
            {"url": "", "label": _("Shared reflection")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reflection = self.object
        context["reflection"] = reflection
        context["learner_name"] = reflection.user.get_full_name() or reflection.user.get_username()
        return context


class SharedReflectionViewSet(ViewSet):
    icon = "edit"
    menu_label = _("Shared reflections")
    menu_order = 260
    add_to_admin_menu = True
    menu_item_class = EducatorsMenuItem

    def get_urlpatterns(self):
        index = SharedReflectionIndexView.as_view()
        return [
            path("", index, name="index"),
            path(
                "results/",
                SharedReflectionIndexView.as_view(results_only=True),
                name="index_results",
            ),
            path(
                "<uuid:reflection_uuid>/",
                SharedReflectionDetailView.as_view(),
                name="detail",
            ),
        ]
