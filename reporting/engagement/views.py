"""Wagtail admin: "Engagement and export", for educators (their own cohorts) and superusers
(every enrolment). Per course: the completion funnel and narrative engagement
(reporting/engagement/report.py), and the analyst's questionnaire export
(reporting/engagement/export.py).

Registered in the admin by reporting/wagtail_hooks.py. A course or cohort the person does not run
is not found, whatever the URL.
"""

from io import BytesIO

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from assessments.questionnaires.models import Instrument
from core.access import EducatorsMenuItem, EducatorsOnlyMixin
from core.small_numbers import MIN_GROUP

from . import export
from .report import (
    engagement_report,
    funnel_bars,
    scoped_enrolments,
    visible_cohorts,
    visible_courses,
)

VIEWSET_NAME = "engagement"


def _pk(value):
    """A primary key from the query string, or not found for anything that is not one."""
    if not (value or "").isdigit():
        raise Http404
    return int(value)


class EducatorsPage(EducatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"


class EngagementIndexView(EducatorsPage):
    template_name = "reporting/engagement/engagement_index.html"
    page_title = _("Engagement and export")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = visible_courses(self.request.user).order_by("title")
        return context


class CourseView(EducatorsPage):
    """A page about one course the person may see, optionally narrowed to one of its cohorts
    they run (`?cohort=<id>`): any other course or cohort is not found."""

    def get(self, request, *args, **kwargs):
        self.find_course_and_cohort()
        return super().get(request, *args, **kwargs)

    def find_course_and_cohort(self):
        """The course of the URL and the chosen cohort, looked up before anything renders: a
        course or cohort out of reach is not found at once."""
        self.course = get_object_or_404(
            visible_courses(self.request.user), pk=self.kwargs["course_id"]
        )
        self.cohorts = list(visible_cohorts(self.request.user, self.course).order_by("name"))
        self.cohort = self.chosen_cohort()

    def chosen_cohort(self):
        value = self.request.GET.get("cohort", "")
        if not value:
            return None
        pk = _pk(value)
        for cohort in self.cohorts:
            if cohort.pk == pk:
                return cohort
        raise Http404

    @cached_property
    def enrolments(self):
        return scoped_enrolments(self.request.user, self.course, self.cohort)

    def get_page_subtitle(self):
        return self.course.title

    def cohort_query(self, **extra):
        params = {"cohort": self.cohort.pk} if self.cohort else {}
        params.update(extra)
        return f"?{urlencode(params)}" if params else ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{VIEWSET_NAME}:index"), "label": _("Engagement and export")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.course.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            course=self.course,
            cohorts=self.cohorts,
            cohort=self.cohort,
            min_group=MIN_GROUP,
            all_label=(
                _("Everyone on this course")
                if self.request.user.is_superuser
                else _("All your cohorts")
            ),
        )
        return context


class EngagementReportView(CourseView):
    template_name = "reporting/engagement/engagement.html"
    page_title = _("Engagement")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = engagement_report(self.request.user, self.course, self.cohort)
        bars = funnel_bars(report)
        context.update(
            report=report,
            chart=funnel_chart(bars),
            export_url=reverse(f"{VIEWSET_NAME}:export", args=[self.course.pk])
            + self.cohort_query(),
        )
        return context


BAR_ROW_HEIGHT = 48
BAR_MAX_WIDTH = 480


def funnel_chart(bars):
    """Where each bar of the funnel goes in the SVG: a label line, then the bar (none for a
    suppressed count)."""
    rows = [
        {
            "bar": bar,
            "y": index * BAR_ROW_HEIGHT,
            "bar_y": index * BAR_ROW_HEIGHT + 20,
            "width": None if bar.percent is None else round(BAR_MAX_WIDTH * bar.percent / 100, 1),
        }
        for index, bar in enumerate(bars)
    ]
    return {
        "rows": rows,
        "height": len(rows) * BAR_ROW_HEIGHT,
        "width": BAR_MAX_WIDTH + 80,
        "bar_max": BAR_MAX_WIDTH,
    }


class ExportView(CourseView):
    """The questionnaires that can be exported, with a CSV and an Excel link for each; with
    `?instrument=<id>&format=csv|xlsx` the file itself, or, when the small-number rule does
    not let it go (export.export_choices), the page again with the reason and nothing
    downloaded."""

    template_name = "reporting/engagement/export.html"
    page_title = _("Questionnaire export")

    def get(self, request, *args, **kwargs):
        if "format" not in request.GET:
            return super().get(request, *args, **kwargs)
        self.find_course_and_cohort()
        instrument = get_object_or_404(Instrument, pk=_pk(request.GET.get("instrument")))
        export_format = request.GET["format"]
        if export_format not in export.FORMATS:
            return self.refuse(_("Choose CSV or Excel (XLSX) for the export."))
        choice = next((c for c in self.plan.choices if c.instrument.pk == instrument.pk), None)
        if choice is None:
            return self.refuse(_("Nobody in your selection has submitted this questionnaire."))
        if not choice.available:
            return self.refuse(choice.reason)
        try:
            found = export.build_export(
                self.enrolments, instrument, named_cohorts=self.plan.named_cohorts
            )
        except export.ExportRefused as refused:
            return self.refuse(str(refused))
        name = export.filename(self.course, instrument, export_format)
        if export_format == export.CSV:
            response = StreamingHttpResponse(
                export.csv_lines(found), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        output = BytesIO()
        export.write_xlsx(found, output)
        output.seek(0)
        return FileResponse(
            output, as_attachment=True, filename=name, content_type=export.XLSX_CONTENT_TYPE
        )

    @cached_property
    def plan(self):
        return export.export_plan(self.request.user, self.course, self.cohort)

    def refuse(self, message):
        """The page again, with the reason nothing was downloaded."""
        self.error = message
        return self.render_to_response(self.get_context_data(**self.kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choices = self.plan.choices
        base = reverse(f"{VIEWSET_NAME}:export", args=[self.course.pk])
        context.update(
            error=getattr(self, "error", None),
            choices=[
                {
                    "choice": choice,
                    "csv_url": base
                    + self.cohort_query(instrument=choice.instrument.pk, format=export.CSV),
                    "xlsx_url": base
                    + self.cohort_query(instrument=choice.instrument.pk, format=export.XLSX),
                }
                for choice in choices
            ],
            engagement_url=reverse(f"{VIEWSET_NAME}:course", args=[self.course.pk])
            + self.cohort_query(),
        )
        return context


class EngagementViewSet(ViewSet):
    icon = "table"
    menu_label = _("Engagement and export")
    menu_order = 275
    add_to_admin_menu = True
    menu_item_class = EducatorsMenuItem

    def get_urlpatterns(self):
        return [
            path("", EngagementIndexView.as_view(), name="index"),
            path("<int:course_id>/", EngagementReportView.as_view(), name="course"),
            path("<int:course_id>/export/", ExportView.as_view(), name="export"),
        ]
