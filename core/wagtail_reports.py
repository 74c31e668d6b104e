"""Wagtail's own reports, with their CSV and XLSX exports neutralised (core/spreadsheet.py).

Wagtail routes its reports itself (wagtail/admin/urls/reports.py) and offers no hook to swap a
report's view, so storybridge/urls.py puts these routes before Wagtail's admin: the same paths
and the same views, with NeutralisedExportMixin, behind the same admin-access check. Only the
reports that export are here; the names stay Wagtail's, so every link to a report still
reverses to these paths.
"""

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .spreadsheet import NeutralisedExportMixin


class NeutralisedLockedPagesView(NeutralisedExportMixin, LockedPagesView):
    pass


class NeutralisedWorkflowView(NeutralisedExportMixin, WorkflowView):
    pass


class NeutralisedWorkflowTasksView(NeutralisedExportMixin, WorkflowTasksView):
    pass


class NeutralisedLogEntriesView(NeutralisedExportMixin, LogEntriesView):
    pass


class NeutralisedAgingPagesView(NeutralisedExportMixin, AgingPagesView):
    pass


REPORTS = {
    "locked/": NeutralisedLockedPagesView,
    "workflow/": NeutralisedWorkflowView,
    "workflow_tasks/": NeutralisedWorkflowTasksView,
    "site-history/": NeutralisedLogEntriesView,
    "aging-pages/": NeutralisedAgingPagesView,
}

# Unnamed: reversing uses Wagtail's names, whose paths these match. The results routes answer
# `?export=` too, so they are replaced as well. Wagtail checks admin access on its own routes
# with this decorator; these need it as much.
urlpatterns = decorate_urlpatterns(
    [
        route
        for prefix, view in REPORTS.items()
        for route in (
            path(prefix, view.as_view()),
            path(f"{prefix}results/", view.as_view(results_only=True)),
        )
    ],
    require_admin_access,
)
