""" "Attitude change" in the Wagtail admin, for educators and superusers: a list of courses with
questionnaires, and per course a dashboard of the statistics in reporting/attitude/report.py with
accessible charts (reporting/attitude/charts.py).

Educators see only learners in cohorts they run; superusers see everyone on the course. A cohort
filter offers only the educator's own cohorts on the course: any other cohort is not found.

Registered in the admin by reporting/wagtail_hooks.py.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from assessments.questionnaires.per_course import (
    asking_questionnaires,
    prefetch_questionnaires,
    questionnaires_for,
)
from core.access import EducatorsMenuItem, EducatorsOnlyMixin
from core.small_numbers import MIN_GROUP
from courses.models import Cohort, CoursePage, Enrolment

from . import charts
from .report import course_statistics
from .summary import COHEN_1988, JACOBSON_TRUAX_1991, SHORT_LABELS

VIEWSET_NAME = "attitude_change"


def courses_for(user):
    """Courses with questionnaires this person may see: all for a superuser, otherwise the
    courses of the cohorts they run."""
    courses = asking_questionnaires(CoursePage.objects.all())
    if not user.is_superuser:
        courses = courses.filter(pk__in=Cohort.objects.for_educator(user).values("course"))
    return courses.order_by("title")


def enrolments_for(user, course):
    """The enrolments this person's figures cover: None (everyone on the course) for a
    superuser, otherwise those in the cohorts they run."""
    if user.is_superuser:
        return None
    return Enrolment.objects.filter(course=course, cohort__in=Cohort.objects.for_educator(user))


class DashboardIndexView(EducatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reporting/attitude/dashboard_index.html"
    page_title = _("Attitude change")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # (course, its CourseQuestionnaires): two queries however many courses.
        courses = prefetch_questionnaires(list(courses_for(self.request.user)))
        context["courses"] = [(course, questionnaires_for(course)) for course in courses]
        context["min_group"] = MIN_GROUP
        return context


class DashboardView(EducatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reporting/attitude/dashboard.html"
    page_title = _("Attitude change")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        self.find_course_and_cohort()
        return super().get(request, *args, **kwargs)

    def find_course_and_cohort(self):
        """The course of the URL and the chosen cohort, one of the person's own on it, looked up
        before anything renders: any other course or cohort is not found."""
        self.course = get_object_or_404(courses_for(self.request.user), pk=self.kwargs["course_id"])
        self.cohorts = list(
            Cohort.objects.for_educator(self.request.user)
            .filter(course=self.course)
            .order_by("name")
        )
        self.cohort = self.chosen_cohort()

    def chosen_cohort(self):
        value = self.request.GET.get("cohort", "")
        if not value:
            return None
        for cohort in self.cohorts:
            if str(cohort.pk) == value:
                return cohort
        raise Http404

    def get_page_subtitle(self):
        return self.course.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{VIEWSET_NAME}:index"), "label": _("Attitude change")},
            {"url": "", "label": self.course.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = course_statistics(
            self.course,
            enrolments=enrolments_for(self.request.user, self.course),
            cohort=self.cohort,
        )
        context.update(
            course=self.course,
            cohorts=self.cohorts,
            cohort=self.cohort,
            report=report,
            sections=chart_sections(report),
            min_group=MIN_GROUP,
            all_learners=self.request.user.is_superuser,
            cohen_1988=COHEN_1988,
            jacobson_truax_1991=JACOBSON_TRUAX_1991,
        )
        return context


def chart_sections(report):
    """Per scale of the main instrument: the means chart over the timepoints that use it and
    the histogram of baseline → post change, with the change itself."""
    if not report.timepoints:
        return []
    main = report.change.instrument if report.change else report.timepoints[0].instrument
    timepoints = [tp for tp in report.timepoints if tp.instrument.pk == main.pk]
    changes = {c.scale.key: c for c in report.change.scales} if report.change else {}
    sections = []
    for index, summary in enumerate(timepoints[0].scales):
        scale = summary.scale
        points = [
            (SHORT_LABELS[tp.timepoint], next(s for s in tp.scales if s.scale.key == scale.key))
            for tp in timepoints
        ]
        change = changes.get(scale.key)
        histogram = None
        if change is not None and change.histogram:
            histogram = charts.change_histogram_chart(
                f"change-{index}",
                scale,
                change.histogram,
                higher_is_better=report.change.higher_is_better,
            )
        sections.append(
            {
                "scale": scale,
                "means": charts.means_chart(f"means-{index}", scale, points),
                "histogram": histogram,
                "change": change,
            }
        )
    return sections


class AttitudeChangeViewSet(ViewSet):
    icon = "table"
    menu_label = _("Attitude change")
    menu_order = 270
    add_to_admin_menu = True
    menu_item_class = EducatorsMenuItem

    def get_urlpatterns(self):
        return [
            path("", DashboardIndexView.as_view(), name="index"),
            path("<int:course_id>/", DashboardView.as_view(), name="course"),
        ]
