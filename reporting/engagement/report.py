"""Engagement with a course, for its educators: how far learners get through the modules, and
what they do with each narrative. Counts of people only, never a learner's name or row.

Scope: an educator sees the enrolments in the cohorts they run (all of them together, or one),
a superuser every enrolment of the course (courses.cohort_report.scoped_enrolments, the one
place that rule is written; the export uses it too).

Small numbers (DESIGN.md, "Privacy and safety rules"): the counts are the person's progress
table for the course (courses.cohort_report: enrolled, started, each module started and
completed, completed the course) with this report's narrative counts added as a branch, decided
by the one small-number rule (core/small_numbers.py) for all the views they can switch between
at once. A count of 1 to 4 reads "fewer than 5"; a count that would give a small group away
beside another figure (in this view, in another cohort's view, or on the cohort progress pages,
which show the same figures) reads "withheld"; when fewer than 5 people are in the view, or the
view is a cohort whose figures are withheld as a whole, nothing per module or per story is given.

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

from core.small_numbers import Node, is_hidden
from courses.cohort_report import (
    COMPLETED,
    ENROLLED,
    module_completed,
    module_started,
    outlines,
    progress_table,
    scoped_enrolments,
    visible_cohorts,
)
from courses.models import Cohort, CoursePage
from courses.viewing_models import Choice, NarrativeDecision
from narratives.models import Narrative

__all__ = [
    "engagement_report",
    "funnel_bars",
    "narrative_counts",
    "scoped_enrolments",
    "visible_cohorts",
    "visible_courses",
]

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


def narrative_node(name, narrative_id):
    return (name, "narrative", narrative_id)


def narrative_nodes(narrative_ids):
    """Each narrative's counts: all inside "enrolled", and "finished" inside "opened" (finishing
    a story counts as opening it)."""
    nodes = []
    for pk in narrative_ids:
        opened = narrative_node("opened", pk)
        nodes += [
            Node(opened, (ENROLLED,)),
            Node(narrative_node("finished", pk), (opened,)),
            Node(narrative_node("declined", pk), (ENROLLED,)),
            Node(narrative_node("chosen", pk), (ENROLLED,)),
        ]
    return nodes


@dataclass(frozen=True)
class ModuleFunnel:
    module: object
    started: object  # a count as shown: a number, or core.small_numbers.Hidden
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
    "fewer than 5" enrolled is given; `withheld`: a cohort whose figures would give a small
    group in the person's other cohorts away beside "All your cohorts", so none is given."""

    enrolled: object
    completed: object
    too_small: bool
    withheld: bool
    has_learners: bool
    modules: list
    narratives: list
    course_has_modules: bool

    @property
    def shows_counts(self):
        return self.has_learners and not (self.too_small or self.withheld)


def _narrative_order(modules):
    """Narrative ids in the order the course's modules use them, each once."""
    return list(dict.fromkeys(pk for module in modules for pk in module.narrative_ids()))


def narrative_counts(enrolments):
    """What `enrolments` did with each narrative, before the small-number rule: {cohort id or
    None: {node: count of people}}, and the ids of the narratives any of them met.
    One query."""
    opened_before = NarrativeDecision.objects.filter(
        enrolment_id=OuterRef("enrolment_id"),
        narrative_id=OuterRef("narrative_id"),
        choice__in=OPENED,
        made_at__lt=OuterRef("made_at"),
    )
    rows = (
        NarrativeDecision.objects.filter(enrolment__in=enrolments)
        .annotate(opened_before=Exists(opened_before))
        .order_by()
        .values("enrolment__cohort_id", "narrative_id")
        .annotate(
            opened=Count("enrolment", filter=Q(choice__in=OPENED), distinct=True),
            finished=Count("enrolment", filter=Q(choice=Choice.EXPERIENCED), distinct=True),
            declined=Count(
                "enrolment", filter=Q(choice__in=DECLINED, opened_before=False), distinct=True
            ),
            chosen=Count("enrolment", filter=Q(choice=Choice.CHOSEN), distinct=True),
        )
    )
    by_cohort, met = {}, []
    for row in rows:
        counts = by_cohort.setdefault(row["enrolment__cohort_id"], {})
        for name in NARRATIVE_COUNTS:
            counts[narrative_node(name, row["narrative_id"])] = row[name]
        met.append(row["narrative_id"])
    return by_cohort, list(dict.fromkeys(met))


def engagement_report(user, course, cohort=None):
    """What `user` sees of engagement with `course`: everyone they may see, or one `cohort` of
    theirs. The counts of all their views are decided together; a fixed number of queries
    however many learners, cohorts, modules and narratives."""
    everyone = scoped_enrolments(user, course)
    counts, met = narrative_counts(everyone)
    modules = outlines([course])[course.pk]
    used = _narrative_order(modules)
    ids = used + sorted(set(met) - set(used))
    titles = dict(Narrative.objects.filter(pk__in=ids).values_list("pk", "title"))
    ids = [pk for pk in ids if pk in titles]
    table = progress_table(user, course, [(narrative_nodes(ids), counts)], modules=modules)
    view = table.view(cohort.pk if cohort is not None else None)
    shows_counts = view.has_people and not (view.too_small or view.pooled)

    def row(pk):
        shown = {name: view[narrative_node(name, pk)] for name in NARRATIVE_COUNTS}
        return NarrativeEngagement(narrative_id=pk, title=titles[pk], **shown)

    narratives = []
    if shows_counts:
        others = [row(pk) for pk in ids if pk not in used]
        narratives = [row(pk) for pk in ids if pk in used] + sorted(
            others, key=lambda found: found.title.lower()
        )
    return EngagementReport(
        enrolled=view[ENROLLED],
        completed=view[COMPLETED] if shows_counts else None,
        too_small=view.too_small,
        withheld=view.pooled,
        has_learners=view.has_people,
        modules=[
            ModuleFunnel(module, view[module_started(module.pk)], view[module_completed(module.pk)])
            for module in table.modules
        ]
        if shows_counts
        else [],
        narratives=narratives,
        course_has_modules=bool(table.modules),
    )


@dataclass(frozen=True)
class FunnelBar:
    label: str
    shown: object  # the count as the table shows it
    percent: float | None  # of those enrolled; None when the count is not shown


def funnel_bars(report):
    """The completion funnel as bars, in order: enrolled, each module started and completed,
    the course completed. A count that is not shown has no bar, so the chart never shows more
    than the table. Empty when the report withholds its counts."""
    if not report.shows_counts or is_hidden(report.enrolled):
        return []
    enrolled = report.enrolled

    def bar(label, shown):
        percent = None if is_hidden(shown) or not enrolled else 100 * shown / enrolled
        return FunnelBar(label, shown, percent)

    bars = [bar(_("Enrolled"), enrolled)]
    for row in report.modules:
        title = row.module.title
        bars.append(bar(_("Started %(module)s") % {"module": title}, row.started))
        bars.append(bar(_("Completed %(module)s") % {"module": title}, row.completed))
    bars.append(bar(_("Completed the course"), report.completed))
    return bars
