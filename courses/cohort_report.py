"""Progress counts on a course for its educators: counts only, never a learner's name or row.

What a person may see of a course (`CourseScope`): the cohorts they run on it, each on its own,
and all of them together; a superuser sees every cohort, and "everyone on the course" includes
learners in no cohort. The counts form one table per person and course (`progress_table`):

- enrolled;
- started: began any module (the cohort listing's "Started");
- for each module of the course, in outline order: started it, and completed it;
- completed the course, counted as inside every module's completion.

Every count goes through the small-number rule (core/small_numbers.py, `suppress_table`): the
table is decided once for all the person's views together, so cohort progress, the cohort
listing and the engagement report (which adds its narrative counts to the same table) show the
same figures for the same cohort, and no sum or difference of them across those pages gives a
group of fewer than 5 away. A report that adds figures passes them as `branches`: figures
inside "enrolled" that do not change what is decided for the funnel.

Cost: a fixed number of queries whatever the number of learners, modules, cohorts or courses.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q
from wagtail.models import PageViewRestriction

from core.small_numbers import Node, suppress_table

from .enrolment_models import Cohort, Enrolment, ModuleProgress
from .models import ModulePage

ENROLLED = "enrolled"
STARTED = "started"
COMPLETED = "completed"


def module_started(module_id):
    return ("started", module_id)


def module_completed(module_id):
    return ("completed", module_id)


def funnel_nodes(modules):
    """The funnel's figures, most important first, each after the ones it is inside."""
    nodes = [Node(ENROLLED), Node(STARTED, (ENROLLED,))]
    for module in modules:
        nodes.append(Node(module_started(module.pk), (STARTED,)))
        nodes.append(Node(module_completed(module.pk), (module_started(module.pk),)))
    nodes.append(Node(COMPLETED, (ENROLLED, *(module_completed(m.pk) for m in modules))))
    return nodes


def visible_cohorts(user, course):
    """The course's cohorts this person runs (every one of them for a superuser)."""
    return Cohort.objects.for_educator(user).filter(course=course)


def visible_enrolments(user, course, cohort_ids):
    """The condition on Enrolment for the enrolments of `course` this person may see counts
    of, given the cohorts they run on it (`cohort_ids`, a list or a query): those in their
    cohorts; every one, including those without a cohort, for a superuser. The one place that
    rule is written."""
    if user.is_superuser:
        return Q(course=course)
    return Q(course=course, cohort_id__in=cohort_ids)


def scoped_enrolments(user, course, cohort=None):
    """The enrolments of `course` this person may see counts of (`visible_enrolments`),
    narrowed to `cohort` when given. A cohort they do not run gives nothing, whatever the
    caller checked."""
    enrolments = Enrolment.objects.filter(
        visible_enrolments(user, course, visible_cohorts(user, course))
    )
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    return enrolments


class CourseScope:
    """One person's views of one course: the total (everyone they may see) and a part per
    cohort they run, by cohort pk in pk order (the order the rule breaks ties in)."""

    def __init__(self, user, course, cohort_ids):
        self.user = user
        self.course = course
        self.cohort_ids = sorted(cohort_ids)

    @classmethod
    def for_user(cls, user, course):
        return cls(user, course, visible_cohorts(user, course).values_list("pk", flat=True))

    @property
    def condition(self):
        """The enrolments this person may see, as a condition (`visible_enrolments`)."""
        return visible_enrolments(self.user, self.course, self.cohort_ids)

    def split(self, by_cohort):
        """(total, parts) from counts by cohort id ({cohort id or None: {node: count}})."""
        total = {}
        for counts in by_cohort.values():
            for key, count in counts.items():
                total[key] = total.get(key, 0) + count
        parts = {pk: dict(by_cohort.get(pk, {})) for pk in self.cohort_ids}
        return total, parts


def _scopes(user, courses):
    cohorts = {course.pk: [] for course in courses}
    for pk, course_id in (
        Cohort.objects.for_educator(user)
        .filter(course__in=[course.pk for course in courses])
        .values_list("pk", "course_id")
    ):
        cohorts[course_id].append(pk)
    return {course.pk: CourseScope(user, course, cohorts[course.pk]) for course in courses}


def outlines(courses):
    """{course pk: its modules in outline order}, as CoursePage.modules gives them (live, with
    no view restriction on the module, the course or above), in two queries for any number of
    courses."""
    courses = list(courses)
    if not courses:
        return {}
    steplen = courses[0].steplen

    def above(course):
        return [course.path[:end] for end in range(steplen, len(course.path) + 1, steplen)]

    restricted = set(
        PageViewRestriction.objects.filter(
            page__path__in={path for course in courses for path in above(course)}
        ).values_list("page__path", flat=True)
    )
    open_courses = [course for course in courses if restricted.isdisjoint(above(course))]
    found = {course.pk: [] for course in courses}
    if not open_courses:
        return found
    by_path = {course.path: course.pk for course in open_courses}
    modules = (
        ModulePage.objects.live()
        .filter(
            reduce(
                or_,
                [Q(path__startswith=c.path, depth=c.depth + 1) for c in open_courses],
            )
        )
        .exclude(Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk"))))
        .order_by("path")
    )
    for module in modules:
        found[by_path[module.path[:-steplen]]].append(module)
    return found


def _funnel_counts(scopes, outline):
    """{course pk: {cohort id: {node: count}}} for the scopes, in two queries."""
    counts = {course_pk: {} for course_pk in scopes}
    condition = reduce(or_, [scope.condition for scope in scopes.values()], Q(pk__in=[]))
    enrolments = Enrolment.objects.filter(condition)
    rows = (
        enrolments.annotate(began=Exists(ModuleProgress.objects.filter(enrolment=OuterRef("pk"))))
        .order_by()
        .values("course_id", "cohort_id")
        .annotate(
            enrolled=Count("pk"),
            started=Count("pk", filter=Q(began=True)),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
        )
    )
    for row in rows:
        counts[row["course_id"]][row["cohort_id"]] = {
            ENROLLED: row["enrolled"],
            STARTED: row["started"],
            COMPLETED: row["completed"],
        }
    module_ids = [module.pk for modules in outline.values() for module in modules]
    if module_ids:
        per_module = (
            ModuleProgress.objects.filter(enrolment__in=enrolments, module_id__in=module_ids)
            .order_by()
            .values("enrolment__course_id", "enrolment__cohort_id", "module_id")
            .annotate(
                started=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
            )
        )
        for row in per_module:
            found = counts[row["enrolment__course_id"]].setdefault(row["enrolment__cohort_id"], {})
            found[module_started(row["module_id"])] = row["started"]
            found[module_completed(row["module_id"])] = row["completed"]
    return counts


@dataclass(frozen=True)
class ProgressTable:
    """A person's progress table for one course: `table` (core.small_numbers.Table) and the
    course's `modules`, in outline order."""

    scope: CourseScope
    modules: list
    table: object

    def view(self, cohort_id=None):
        return self.table.view(cohort_id)


def progress_tables(user, courses):
    """{course pk: ProgressTable} for this person, in a fixed number of queries (five) for any
    number of courses, cohorts and learners."""
    courses = list(courses)
    scopes = _scopes(user, courses)
    outline = outlines(courses)
    counts = _funnel_counts(scopes, outline)
    found = {}
    for course in courses:
        scope = scopes[course.pk]
        total, parts = scope.split(counts[course.pk])
        nodes = funnel_nodes(outline[course.pk])
        found[course.pk] = ProgressTable(
            scope, outline[course.pk], suppress_table(nodes, total, parts)
        )
    return found


def progress_table(user, course, branches=(), modules=None):
    """This person's progress table for `course`, with any `branches` of the report asking
    for it: (nodes, {cohort id or None: {node: count}}) pairs, each node inside "enrolled"
    (directly or through the branch's other nodes). `modules`: the course's outline, when the
    caller has read it (`outlines`). Five queries (three with `modules`)."""
    scope = CourseScope.for_user(user, course)
    outline = {course.pk: modules} if modules is not None else outlines([course])
    by_cohort = _funnel_counts({course.pk: scope}, outline)[course.pk]
    nodes = funnel_nodes(outline[course.pk])
    for branch_nodes, branch_counts in branches:
        nodes += list(branch_nodes)
        for cohort_id, counts in branch_counts.items():
            by_cohort.setdefault(cohort_id, {}).update(counts)
    total, parts = scope.split(by_cohort)
    return ProgressTable(scope, outline[course.pk], suppress_table(nodes, total, parts))


@dataclass(frozen=True)
class ModuleCounts:
    module: object
    started: object  # a number, or core.small_numbers.Hidden
    completed: object


@dataclass(frozen=True)
class CohortProgress:
    """What the progress view shows. `too_small`: some learners, but fewer than 5, so
    only "fewer than 5" is given; `withheld`: the cohort's figures would give a small group in
    the person's other cohorts away beside "All your cohorts", so none is given."""

    enrolled: object
    completed: object
    too_small: bool
    withheld: bool
    has_learners: bool
    modules: list
    course_has_modules: bool


def cohort_progress(cohort, user):
    """What `user` (one of the cohort's educators, or a superuser) sees of the cohort's
    progress: their progress table for the course, the cohort's view of it."""
    found = progress_table(user, cohort.course)
    view = found.view(cohort.pk)
    shows_counts = not (view.too_small or view.pooled)
    return CohortProgress(
        enrolled=view[ENROLLED],
        completed=view[COMPLETED] if shows_counts else None,
        too_small=view.too_small,
        withheld=view.pooled,
        has_learners=view.has_people,
        modules=[
            ModuleCounts(
                module,
                view[module_started(module.pk)],
                view[module_completed(module.pk)],
            )
            for module in found.modules
        ]
        if shows_counts
        else [],
        course_has_modules=bool(found.modules),
    )
