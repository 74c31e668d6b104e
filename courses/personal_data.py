"""The courses' parts of a person's data export (core/personal_data.py): their enrolments, each
with its progress (and the state of every narrative slot: the narrative viewing state) and the
choices they made before narratives; choices kept in their session on courses they have not
joined; and the cohorts they run. Enrolment is a person key: whatever refers to one is about
its learner. Registered in CoursesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import Provider, register, register_person_key, when
from core.sessions import sessions_of
from narratives.models import Narrative

from . import viewing
from .enrolment_models import Cohort, Enrolment
from .learner_context import SESSION_SLOTS
from .models import ModulePage
from .viewing_models import NarrativeDecision

register_person_key("courses.Enrolment", "user")

SLOT_STATES = {
    viewing.NEW: _("Not started"),
    viewing.OPEN: _("Continued past the content notice"),
    viewing.TRANSCRIPT: _("Reading the transcript instead"),
    viewing.CHOOSING: _("Choosing another narrative"),
    viewing.SKIPPED: _("Skipped for now"),
    viewing.DONE: _("Finished"),
}


def _titles(model, pks):
    return dict(model.objects.filter(pk__in={pk for pk in pks if pk}).values_list("pk", "title"))


def _slot(block_id, state, narratives):
    return {
        "slot": block_id,
        "narrative": narratives.get(state.get("n")),
        "state": str(SLOT_STATES.get(state.get("s"), state.get("s"))),
    }


@register
class Enrolments(Provider):
    name = "enrolments"
    models = ("courses.Enrolment",)
    order = 60

    def rows(self, owner):
        return (
            Enrolment.objects.filter(user=owner)
            .select_related("course", "cohort", "last_module")
            .order_by("enrolled_at", "pk")
        )

    def row(self, enrolment):
        return {
            "course": enrolment.course.title,
            "cohort": enrolment.cohort.name if enrolment.cohort else None,
            "registration": str(enrolment.uuid),
            "enrolled": when(enrolment.enrolled_at),
            "completed": when(enrolment.completed_at),
            "last_module": enrolment.last_module.title if enrolment.last_module else None,
            "follow_up_reminder_sent": when(enrolment.follow_up_reminded_at),
        }


@register
class Progress(Provider):
    """Each module they started, and where they stand with each of its narrative slots."""

    name = "progress"
    models = ("courses.ModuleProgress",)
    within = "enrolments"
    order = 10

    def rows(self, enrolment):
        progress = list(enrolment.progress.select_related("module").order_by("pk"))
        pks = [state.get("n") for p in progress for state in p.narrative_state.values()]
        narratives = _titles(Narrative, pks)
        return [(p, narratives) for p in progress]

    def row(self, item):
        progress, narratives = item
        return {
            "module": progress.module.title,
            "first_visited": when(progress.first_visited_at),
            "completed": when(progress.completed_at),
            "narrative_slots": [
                _slot(block_id, state, narratives)
                for block_id, state in sorted(progress.narrative_state.items())
            ],
        }


@register
class NarrativeDecisions(Provider):
    name = "narrative_decisions"
    models = ("courses.NarrativeDecision",)
    within = "enrolments"
    order = 20

    def rows(self, enrolment):
        return (
            NarrativeDecision.objects.filter(enrolment=enrolment)
            .select_related("module", "narrative")
            .order_by("made_at", "pk")
        )

    def row(self, decision):
        return {
            "module": decision.module.title,
            "slot": decision.block_id,
            "narrative": decision.narrative.title,
            "choice": decision.get_choice_display(),
            "made": when(decision.made_at),
        }


@register
class ChoicesOutsideEnrolments(Provider):
    """Choices on narrative slots of courses they have not joined: kept in their session (as
    for a visitor) until it ends."""

    name = "narrative_choices_outside_enrolments"
    order = 70

    def rows(self, owner):
        found = []
        for _session, data in sessions_of(owner):
            for module_pk, states in (data.get(SESSION_SLOTS) or {}).items():
                found += [(int(module_pk), block_id, state) for block_id, state in states.items()]
        modules = _titles(ModulePage, [module_pk for module_pk, _, _ in found])
        narratives = _titles(Narrative, [state.get("n") for _, _, state in found])
        return [
            (modules.get(module_pk), block_id, state, narratives)
            for module_pk, block_id, state in found
        ]

    def row(self, item):
        module, block_id, state, narratives = item
        return {"module": module, **_slot(block_id, state, narratives)}


@register
class CohortsRun(Provider):
    name = "cohorts_you_run"
    models = ("courses.Cohort_educators",)
    order = 80

    def rows(self, owner):
        return Cohort.objects.filter(educators=owner).select_related("course").order_by("pk")

    def row(self, cohort):
        return {
            "name": cohort.name,
            "course": cohort.course.title,
            "starts_on": when(cohort.starts_on),
            "ends_on": when(cohort.ends_on),
        }
