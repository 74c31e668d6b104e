"""Progress counts for a cohort, for its educators: counts only, never a learner's name or row.

Small numbers are suppressed (DESIGN.md, "Privacy and safety rules": aggregates of fewer than
5 people are suppressed in every report and export). `suppress` is the one place that rule is
applied; every report showing counts of people goes through it.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .enrolment_models import Enrolment, ModuleProgress

MIN_GROUP = 5


def is_suppressed(count):
    """Whether a count of people is too small to show: 1 to MIN_GROUP - 1."""
    return 0 < count < MIN_GROUP


def suppress(count):
    """A count of people as a report shows it: 0 and MIN_GROUP or more as the number, anything
    in between as "fewer than 5", so that nobody in a small group can be picked out."""
    if is_suppressed(count):
        return _("fewer than %(number)s") % {"number": MIN_GROUP}
    return count


@dataclass(frozen=True)
class ModuleCounts:
    module: object
    started: object
    completed: object


@dataclass(frozen=True)
class CohortProgress:
    """What the progress view shows. `too_small`: some learners, but fewer than MIN_GROUP, so
    only the (suppressed) number enrolled is given and `modules` and `completed` are withheld."""

    enrolled: object
    completed: object
    too_small: bool
    has_learners: bool
    modules: list
    course_has_modules: bool


def cohort_progress(cohort, modules=None):
    """Suppressed counts for the cohort: enrolled, completed the course, and per module of the
    course (in outline order) started and completed. Three queries whatever the number of
    learners or modules (two when `modules`, the course's outline, is given)."""
    if modules is None:
        modules = cohort.course.modules
    totals = Enrolment.objects.filter(cohort=cohort).aggregate(
        enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
    )
    enrolled = totals["enrolled"]
    too_small = is_suppressed(enrolled)
    rows = {}
    if modules and enrolled and not too_small:
        rows = {
            row["module_id"]: row
            for row in ModuleProgress.objects.filter(
                enrolment__cohort=cohort, module_id__in=[module.pk for module in modules]
            )
            .order_by()
            .values("module_id")
            .annotate(
                started=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
            )
        }
    module_counts = []
    if not too_small:
        for module in modules:
            row = rows.get(module.pk, {"started": 0, "completed": 0})
            module_counts.append(
                ModuleCounts(module, suppress(row["started"]), suppress(row["completed"]))
            )
    return CohortProgress(
        enrolled=suppress(enrolled),
        completed=None if too_small else suppress(totals["completed"]),
        too_small=too_small,
        has_learners=enrolled > 0,
        modules=module_counts,
        course_has_modules=bool(modules),
    )
