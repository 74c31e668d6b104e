"""Enrolment rules: enrolling, joining a cohort with its code, recording visits and progress.

Plain functions, called by the views and, later, by the narrative and reflection work that
decides when a module's requirements are met (`mark_module_complete`).
"""

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracking import learning
from tracking.recording import record

from .enrolment_models import Cohort, Enrolment, ModuleProgress, normalise_join_code

NOT_STARTED = "not_started"
STARTED = "started"
COMPLETE = "complete"
STATE_LABELS = {
    NOT_STARTED: gettext_lazy("Not started"),
    STARTED: gettext_lazy("Started"),
    COMPLETE: gettext_lazy("Complete"),
}


@dataclass(frozen=True)
class ModuleState:
    module: object
    state: str

    @property
    def label(self):
        return STATE_LABELS[self.state]


def enrol(user, course, cohort=None):
    """The learner's enrolment on the course, made if they have none. Enrolling again returns
    the same enrolment; joining a cohort attaches it if the enrolment has no cohort yet."""
    if cohort is not None and cohort.course_id != course.pk:
        raise ValueError("The cohort belongs to another course.")
    try:
        # get_or_create retries the read if a concurrent request inserted the row first; the
        # unique constraint on (user, course) is what makes that race safe.
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                user=user, course=course, defaults={"cohort": cohort}
            )
            if created:
                record(learning.course_registered(enrolment), user=user)
    except IntegrityError:
        enrolment, created = Enrolment.objects.get(user=user, course=course), False
    if not created and cohort is not None and enrolment.cohort_id is None:
        Enrolment.objects.filter(pk=enrolment.pk, cohort__isnull=True).update(cohort=cohort)
        enrolment.refresh_from_db(fields=["cohort"])
    return enrolment


def find_open_cohort(code, on=None):
    """The cohort a join code opens today, or a ValidationError saying plainly why not."""
    code = normalise_join_code(code)
    if not code:
        raise ValidationError(_("Enter the join code your educator gave you."), code="required")
    cohort = Cohort.objects.select_related("course").filter(join_code__iexact=code).first()
    if cohort is None or not cohort.course.live:
        raise ValidationError(
            _(
                "We could not find a course with that code. Check it with your educator and "
                "try again."
            ),
            code="unknown",
        )
    on = on or timezone.localdate()
    if on < cohort.starts_on:
        raise ValidationError(
            _("That code works from %(date)s. Try again then.")
            % {"date": formats.date_format(cohort.starts_on, "j F Y")},
            code="not_open_yet",
        )
    if not cohort.is_open(on):
        raise ValidationError(
            _("That code has closed. Ask your educator for a new one."), code="closed"
        )
    return cohort


def enrolment_for_visit(user, course, module):
    """The learner's enrolment on the course, or None. One query, annotated with what the module
    page needs of this module's progress: `visited` (it has a progress row), `module_completed_at`
    and `narrative_state` (see courses/viewing.py).

    Written in SQL because every module page view runs it: building the same query with the
    ORM's subqueries cost more than the rest of a cached page's own work."""
    if not user.is_authenticated:
        return None
    progress = ModuleProgress._meta
    columns = ", ".join(f"e.{f.column}" for f in Enrolment._meta.concrete_fields)
    sql = (
        f"SELECT {columns}, p.{progress.pk.column} AS progress_id, "
        f"p.{progress.get_field('completed_at').column} AS module_completed_at, "
        f"p.{progress.get_field('narrative_state').column} AS narrative_state "
        f"FROM {Enrolment._meta.db_table} e LEFT JOIN {progress.db_table} p "
        f"ON p.{progress.get_field('enrolment').column} = e.{Enrolment._meta.pk.column} "
        f"AND p.{progress.get_field('module').column} = %s "
        f"WHERE e.{Enrolment._meta.get_field('user').column} = %s "
        f"AND e.{Enrolment._meta.get_field('course').column} = %s"
    )
    enrolment = next(iter(Enrolment.objects.raw(sql, [module.pk, user.pk, course.pk])), None)
    if enrolment is None:
        return None
    # Known already: statements name them without a query.
    enrolment.course, enrolment.user = course, user
    enrolment.visited = enrolment.progress_id is not None
    state = enrolment.narrative_state
    if isinstance(state, str):  # SQLite hands JSON back as text; PostgreSQL as a dict
        state = json.loads(state)
    enrolment.narrative_state = state if isinstance(state, dict) else {}
    return enrolment


def record_visit(enrolment, module):
    """Remember the module as where the learner left off, and when they first opened it.

    Writes only what changed: nothing on a revisit of the current module, one query when moving
    to a visited module, two on a first visit. Pass an enrolment from `enrolment_for_visit` to
    skip the insert for modules already visited.
    """
    if not getattr(enrolment, "visited", False):
        # When two tabs race, the first visit's row (and time, and statement) is kept.
        start_module(enrolment, module)
        enrolment.visited = True
    if enrolment.last_module_id != module.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_module=module)
        enrolment.last_module = module


def start_module(enrolment, module, **fields):
    """Make the learner's progress row for the module if there is none, with the "module
    initialized" statement, in one transaction. Returns (row or None, whether it was made):
    None when another request made it first (its statement is that request's)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                progress = ModuleProgress.objects.create(
                    enrolment=enrolment,
                    module=module,
                    **{"first_visited_at": timezone.now(), **fields},
                )
        except IntegrityError:
            return None, False
        record(learning.module_initialized(enrolment, module), user=enrolment.user)
    return progress, True


def course_progress(enrolment, modules=None):
    """Each module of the course with its state, in outline order. One query for the progress
    rows, plus one for the outline unless `modules` (the course's outline) is given."""
    if modules is None:
        modules = enrolment.course.modules
    rows = dict(
        ModuleProgress.objects.filter(enrolment=enrolment).values_list("module_id", "completed_at")
    )
    states = []
    for module in modules:
        if module.pk not in rows:
            state = NOT_STARTED
        elif rows[module.pk] is None:
            state = STARTED
        else:
            state = COMPLETE
        states.append(ModuleState(module, state))
    return states


def continue_target(enrolment, modules):
    """Where "Continue" goes: the module the learner was last on, or the first module."""
    if not modules:
        return None
    return next((m for m in modules if m.pk == enrolment.last_module_id), modules[0])


def mark_module_complete(enrolment, module):
    """Record that the learner met the module's requirements; when every module of the course is
    complete, the enrolment is complete too. Called by the work that decides completion."""
    now = timezone.now()
    with transaction.atomic():
        progress = ModuleProgress.objects.filter(enrolment=enrolment, module=module).first()
        if progress is None:
            progress, _created = start_module(enrolment, module)
            if progress is None:  # made meanwhile by another request
                progress = ModuleProgress.objects.get(enrolment=enrolment, module=module)
        # The conditional update decides who completes it when two requests race: one
        # statement.
        if progress.completed_at is None and (
            ModuleProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
                completed_at=now
            )
        ):
            progress.completed_at = now
            record(learning.module_completed(enrolment, module), user=enrolment.user)
        if enrolment.completed_at is None:
            states = course_progress(enrolment)
            if (
                states
                and all(s.state == COMPLETE for s in states)
                and Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
                    completed_at=now
                )
            ):
                enrolment.completed_at = now
                record(learning.course_completed(enrolment), user=enrolment.user)
    return progress
