from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from .enrolment_models import Cohort

EDUCATORS_GROUP = "Educators"


class CohortForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = (
            self.instance.educators.all() if self.instance.pk else get_user_model().objects.none()
        )
        self.fields["educators"].queryset = (
            get_user_model()
            .objects.filter(
                Q(groups__name=EDUCATORS_GROUP) | Q(is_superuser=True) | Q(pk__in=chosen)
            )
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
    def get_base_queryset(self):
        return (
            Cohort.objects.for_educator(self.request.user)
            .select_related("course")
            .annotate(
                enrolled_count=Count("enrolments", distinct=True),
                started_count=Count(
                    "enrolments", filter=Q(enrolments__progress__isnull=False), distinct=True
                ),
                completed_count=Count(
                    "enrolments", filter=Q(enrolments__completed_at__isnull=False), distinct=True
                ),
            )
        )


class CohortCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        # Whoever creates a cohort runs it, so it stays in their list.
        instance.educators.add(self.request.user)
        return instance


class CohortEditView(VisibleCohortsOnly, generic.EditView):
    pass


class CohortDeleteView(VisibleCohortsOnly, generic.DeleteView):
    pass


class CohortHistoryView(VisibleCohortsOnly, HistoryView):
    pass


class CohortUsageView(VisibleCohortsOnly, UsageView):
    pass


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
        TitleColumn("name", label=_("Name"), url_name="cohorts:edit"),
        Column("course", label=_("Course")),
        Column("join_code", label=_("Join code")),
        Column("starts_on", label=_("Starts"), sort_key="starts_on"),
        Column("ends_on", label=_("Ends")),
        Column("enrolled_count", label=_("Enrolled"), sort_key="enrolled_count"),
        Column("started_count", label=_("Started"), sort_key="started_count"),
        Column("completed_count", label=_("Completed"), sort_key="completed_count"),
    ]


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet("cohorts")
