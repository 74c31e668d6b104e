"""The one way to read which questionnaires a course asks (CourseQuestionnaires, a child of the
course page): `questionnaires_for(course)` for one course, `prefetch_questionnaires(courses)`
before reading many, `asking_questionnaires(courses)` to keep the courses that ask any, and
`FOLLOW_UP_WEEKS` to annotate enrolments with their course's follow-up delay. The courses app
never names the relation."""

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects

from .models import CourseQuestionnaires, Timepoint

RELATION = "questionnaires"

# Which CourseQuestionnaires field holds the instrument of each timepoint.
INSTRUMENT_FIELDS = {
    Timepoint.PRE: "baseline_questionnaire",
    Timepoint.POST: "post_questionnaire",
    Timepoint.FOLLOW_UP: "follow_up_questionnaire",
}

WITH_INSTRUMENTS = Prefetch(
    RELATION,
    queryset=CourseQuestionnaires.objects.select_related(*INSTRUMENT_FIELDS.values()),
)

# A row that asks at least one questionnaire.
ASKS_ANY = (
    Q(baseline_questionnaire__isnull=False)
    | Q(post_questionnaire__isnull=False)
    | Q(follow_up_questionnaire__isnull=False)
)

# The follow-up delay of an enrolment's course, in weeks (None without one), for .annotate().
FOLLOW_UP_WEEKS = Subquery(
    CourseQuestionnaires.objects.filter(course_id=OuterRef("course_id")).values("follow_up_weeks")[
        :1
    ]
)


def _loaded(course):
    """Whether reading the relation costs no query: prefetched, held in memory (a preview or a
    revision being edited) or an unsaved course."""
    return (
        course.pk is None
        or RELATION in getattr(course, "_prefetched_objects_cache", {})
        or getattr(course, RELATION).is_deferring
    )


def prefetch_questionnaires(courses):
    """Fetch the questionnaires (with their instruments) of these courses in one query, kept on
    each course for `questionnaires_for`."""
    missing = [course for course in courses if not _loaded(course)]
    if missing:
        prefetch_related_objects(missing, WITH_INSTRUMENTS)
    return courses


def questionnaires_for(course):
    """The course's CourseQuestionnaires, or an empty unsaved one when it has none. One query
    the first time for a course not prefetched (its instruments come with it), none after."""
    prefetch_questionnaires([course])
    for row in getattr(course, RELATION).all():
        return row
    return CourseQuestionnaires(course_id=course.pk)


def forget_questionnaires(course):
    """Drop what `questionnaires_for` kept on the course (after changing its row)."""
    getattr(course, "_prefetched_objects_cache", {}).pop(RELATION, None)


def asking_questionnaires(courses):
    """The courses of this queryset that ask at least one questionnaire."""
    rows = CourseQuestionnaires.objects.filter(ASKS_ANY, course_id=OuterRef("pk"))
    return courses.filter(Exists(rows))


def instrument_id(questionnaires, timepoint):
    """The id of the instrument asked at this timepoint, or None (no query)."""
    field = INSTRUMENT_FIELDS.get(timepoint)
    return None if field is None else getattr(questionnaires, f"{field}_id")


def instrument(questionnaires, timepoint):
    return getattr(questionnaires, INSTRUMENT_FIELDS[timepoint])
