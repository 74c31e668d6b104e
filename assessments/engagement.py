"""Engagement with a course, for its educators: how far learners get through the modules, and
what they do with each narrative. Counts of people only, never a learner's name or row.

Scope: an educator sees the enrolments in the cohorts they run (optionally one of them), a
superuser every enrolment of the course. `scoped_enrolments` is the one place that rule is
written; the export (assessments/export.py) uses it too.

Small numbers are suppressed with courses.cohort_report (DESIGN.md, "Privacy and safety rules"):
every count from 1 to 4 shows as "fewer than 5", and when fewer than 5 people are in scope no
count per module or per narrative is given at all.

What the narrative counts mean, read from the learners' decisions (courses.viewing_models):

- *Opened*: people who continued past the content notice, read the transcript instead, or
  finished it. A narrative without a notice opens straight away and records nothing until it is
  finished, so for those this counts the people who finished it.
- *Finished*: people who pressed "I have finished this story".
- *Declined at the notice*: people who chose "Skip for now" or "Choose another story" on it
  before they had ever opened it (by the definition above). Turning to another story after
  opening one is a change of mind, not a declined warning, and is not counted; nor is coming
  back to it later subtracted. The decision log does not say whether the notice was on screen,
  so "Choose another story" on a narrative shown without a notice counts too.
- *Chosen*: people who picked it from a list of stories (a choice of stories, or the
  alternatives offered instead of another story). People rather than times, so the number can
  be suppressed like every other; a learner who goes back and forth is counted once.

Every count is of distinct enrolments, and the whole report takes a fixed number of queries
whatever the number of learners, modules or narratives.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from courses.cohort_report import is_suppressed, suppress
from courses.models import Cohort, CoursePage, Enrolment, ModuleProgress
from courses.viewing_models import Choice, NarrativeDecision
from narratives.models import Narrative

OPENED = (Choice.CONTINUE, Choice.TRANSCRIPT, Choice.EXPERIENCED)
DECLINED = (Choice.SKIP, Choice.ANOTHER)
NARRATIVE_COUNTS = ("opened", "finished", "declined", "chosen")


def visible_courses(user):
    """The courses this person may report on: those with a cohort they run; all for a
    superuser."""
    if user.is_superuser:
        return CoursePage.objects.all()
    cohorts = Cohort.objects.for_educator(user)
    return CoursePage.objects.filter(pk__in=cohorts.values("course_id"))


def visible_cohorts(user, course):
    """The course's cohorts this person runs (every one of them for a superuser)."""
    return Cohort.objects.for_educator(user).filter(course=course)


def scoped_enrolments(user, course, cohort=None):
    """The enrolments of `course` this person may see counts of: those in their cohorts (a
    superuser's include enrolments without a cohort), narrowed to `cohort` when given. A
    cohort they do not run gives nothing, whatever the caller checked."""
    enrolments = Enrolment.objects.filter(course=course)
    if not user.is_superuser:
        enrolments = enrolments.filter(cohort__in=visible_cohorts(user, course))
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    return enrolments


@dataclass(frozen=True)
class ModuleFunnel:
    module: object
    started: object  # a count as shown: a number, or "fewer than 5"
    completed: object


@dataclass(frozen=True)
class NarrativeEngagement:
    narrative_id: int
    title: str
    opened: object
    finished: object
    declined: object
    chosen: object


@dataclass(frozen=True)
class EngagementReport:
    """What the engagement view shows. `too_small`: some learners, but fewer than 5, so only
    the (suppressed) number enrolled is given and everything else is withheld."""

    enrolled: object
    completed: object
    too_small: bool
    has_learners: bool
    modules: list
    narratives: list
    course_has_modules: bool


def _narrative_order(modules):
    """Narrative ids in the order the course's modules use them, each once."""
    return list(dict.fromkeys(pk for module in modules for pk in module.narrative_ids()))


def engagement_report(enrolments, modules):
    """Suppressed engagement counts for `enrolments` (a queryset, from scoped_enrolments) on
    the course whose outline is `modules` (CoursePage.modules). At most four queries, however
    many learners, modules and narratives; one when fewer than 5 people are in scope."""
    totals = enrolments.aggregate(
        enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
    )
    enrolled = totals["enrolled"]
    too_small = is_suppressed(enrolled)
    report = {
        "enrolled": suppress(enrolled),
        "completed": None,
        "too_small": too_small,
        "has_learners": enrolled > 0,
        "modules": [],
        "narratives": [],
        "course_has_modules": bool(modules),
    }
    if too_small or not enrolled:
        return EngagementReport(**report)
    report["completed"] = suppress(totals["completed"])
    progress = {
        row["module_id"]: row
        for row in ModuleProgress.objects.filter(
            enrolment__in=enrolments, module_id__in=[module.pk for module in modules]
        )
        .order_by()
        .values("module_id")
        .annotate(
            started=Count("enrolment", distinct=True),
            completed=Count("enrolment", filter=Q(completed_at__isnull=False), distinct=True),
        )
    }
    report["modules"] = [
        ModuleFunnel(
            module,
            suppress(progress.get(module.pk, {}).get("started", 0)),
            suppress(progress.get(module.pk, {}).get("completed", 0)),
        )
        for module in modules
    ]
    report["narratives"] = _narrative_rows(enrolments, _narrative_order(modules))
    return EngagementReport(**report)


def _narrative_rows(enrolments, ordered_ids):
    opened_before = NarrativeDecision.objects.filter(
        enrolment_id=OuterRef("enrolment_id"),
        narrative_id=OuterRef("narrative_id"),
        choice__in=OPENED,
        made_at__lt=OuterRef("made_at"),
    )
    counts = {
        row["narrative_id"]: row
        for row in NarrativeDecision.objects.filter(enrolment__in=enrolments)
        .annotate(opened_before=Exists(opened_before))
        .order_by()
        .values("narrative_id")
        .annotate(
            opened=Count("enrolment", filter=Q(choice__in=OPENED), distinct=True),
            finished=Count("enrolment", filter=Q(choice=Choice.EXPERIENCED), distinct=True),
            declined=Count(
                "enrolment", filter=Q(choice__in=DECLINED, opened_before=False), distinct=True
            ),
            chosen=Count("enrolment", filter=Q(choice=Choice.CHOSEN), distinct=True),
        )
    }
    # Narratives the modules use, in order, then any others learners met (alternatives).
    ids = ordered_ids + [pk for pk in counts if pk not in ordered_ids]
    if not ids:
        return []
    titles = dict(Narrative.objects.filter(pk__in=ids).values_list("pk", "title"))

    def row(pk):
        found = counts.get(pk, {})
        shown = {key: suppress(found.get(key, 0)) for key in NARRATIVE_COUNTS}
        return NarrativeEngagement(narrative_id=pk, title=titles[pk], **shown)

    used = [row(pk) for pk in ordered_ids if pk in titles]
    others = [row(pk) for pk in ids[len(ordered_ids) :] if pk in titles]
    return used + sorted(others, key=lambda found: found.title.lower())


@dataclass(frozen=True)
class FunnelBar:
    label: str
    shown: object  # the count as the table shows it
    percent: float | None  # of those enrolled; None when the count is suppressed


def funnel_bars(report):
    """The completion funnel as bars, in order: enrolled, each module started and completed,
    the course completed. A suppressed count has no bar, so the chart never shows more than
    the table. Empty when the report withholds its counts."""
    if report.too_small or not report.has_learners:
        return []
    enrolled = report.enrolled

    def bar(label, shown):
        percent = None if isinstance(shown, str) else 100 * shown / enrolled
        return FunnelBar(label, shown, percent)

    bars = [bar(_("Enrolled"), enrolled)]
    for row in report.modules:
        title = row.module.title
        bars.append(bar(_("Started %(module)s") % {"module": title}, row.started))
        bars.append(bar(_("Completed %(module)s") % {"module": title}, row.completed))
    bars.append(bar(_("Completed the course"), report.completed))
    return bars
