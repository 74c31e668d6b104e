"""A learner's choices on a narrative slot, recorded: the slot's new state, the decision row,
the xAPI statements they make, and whether the module is now complete. What a choice does to a
slot, without writing anything, is in viewing.py (`apply_choice`)."""

from django.db import transaction

from narratives.models import Narrative
from narratives.preferences import rules as preference_rules
from tracking import learning
from tracking.recording import record

from . import viewing
from .completion import refresh_module_completion
from .enrolment import start_module
from .enrolment_models import ModuleProgress
from .viewing_models import Choice, NarrativeDecision

ACCEPTS_WARNING = (Choice.CONTINUE, Choice.TRANSCRIPT)
DECLINES_WARNING = (Choice.ANOTHER, Choice.SKIP)


def record_choice(enrolment, module, slot, choice, narrative_pk, preferences=None):
    """An enrolled learner's choice on a slot: moves the slot on, records the decision (all but
    "show it again") and, when the narrative is finished, sees whether the module is complete.
    Returns the slot's new state; raises InvalidChoice, changing nothing, for a choice the slot
    does not offer. Two choices at once are taken one after the other (a row lock)."""
    with transaction.atomic():
        if not ModuleProgress.objects.filter(enrolment=enrolment, module=module).exists():
            start_module(enrolment, module)
        progress = ModuleProgress.objects.select_for_update().get(
            enrolment=enrolment, module=module
        )
        before = progress.narrative_state.get(slot.block_id)
        # Raising here undoes the row made above.
        state = viewing.apply_choice(before, slot, choice, narrative_pk)
        progress.narrative_state = {**progress.narrative_state, slot.block_id: state}
        progress.save(update_fields=["narrative_state"])
        if choice != viewing.RESET:
            NarrativeDecision.objects.create(
                enrolment=enrolment,
                module=module,
                block_id=slot.block_id,
                narrative_id=narrative_pk,
                choice=choice,
            )
        statements = choice_statements(
            enrolment, module, slot, choice, narrative_pk, before, preferences
        )
        if statements:
            record(*statements, user=enrolment.user)
    if state["s"] == viewing.DONE:
        refresh_module_completion(enrolment, module, preferences)
    return state


# What the learner's choices say in xAPI -----------------------------------------------------------


def choice_statements(enrolment, module, slot, choice, narrative_pk, before, preferences=None):
    """The statements of a choice on a slot, given the slot's state before it:

    - the notice's buttons (the slot was new and its narrative needs a notice for this
      learner): continue or read the transcript accept the warning, choose another or skip
      decline it; the "shown" statement first if this showing was not recorded yet;
    - a narrative chosen from the slot's set: chose, with the set as parent;
    - "I have finished this story": experienced.
    """
    if choice == viewing.RESET:
        return []
    before = before or viewing.default_state(slot.block_type, slot.primary)
    warning_choice = choice in ACCEPTS_WARNING + DECLINES_WARNING and before.get("s") == viewing.NEW
    if choice not in (Choice.CHOSEN, Choice.EXPERIENCED) and not warning_choice:
        return []
    narrative = Narrative.objects.prefetch_related("warnings__warning").get(pk=narrative_pk)
    if choice == Choice.CHOSEN:
        heading = viewing.choice_heading(module, slot.block_id)
        return [learning.narrative_chosen(enrolment, module, slot.block_id, narrative, heading)]
    if choice == Choice.EXPERIENCED:
        return [learning.narrative_experienced(enrolment, module, narrative)]
    warnings = list(narrative.warnings.all())
    preferences = preferences or preference_rules.preferences_for(enrolment.user)
    if not preference_rules.notice_needed(
        preferences, {preference_rules.domain_id(w) for w in warnings}
    ):
        return []  # the narrative was shown without a notice: nothing was accepted
    names = [w.warning.name for w in warnings]
    found = []
    if before.get(viewing.WARNING_SHOWN_KEY) != narrative_pk:
        found.append(learning.warning_shown(enrolment, module, narrative, names))
    build = learning.warning_accepted if choice in ACCEPTS_WARNING else learning.warning_declined
    found.append(build(enrolment, module, narrative, names))
    return found


def record_warnings_shown(enrolment, module, shown):
    """Record that these notices were shown to an enrolled learner: `shown` holds (slot plan,
    narrative facts) pairs. Once per slot and narrative while the learner has not decided: the
    slot's state remembers it (a choice replaces the state, so the next showing counts again).
    Returns how many were recorded."""
    with transaction.atomic():
        progress = (
            ModuleProgress.objects.select_for_update()
            .filter(enrolment=enrolment, module=module)
            .first()
        )
        if progress is None:
            return 0
        states = dict(progress.narrative_state)
        statements = []
        for slot, facts in shown:
            state = dict(
                states.get(slot.block_id) or viewing.default_state(slot.block_type, slot.primary)
            )
            if state.get("n") != facts.pk or state.get("s") != viewing.NEW:
                continue
            if state.get(viewing.WARNING_SHOWN_KEY) == facts.pk:
                continue
            state[viewing.WARNING_SHOWN_KEY] = facts.pk
            states[slot.block_id] = state
            statements.append(learning.warning_shown(enrolment, module, facts, facts.warning_names))
        if statements:
            progress.narrative_state = states
            progress.save(update_fields=["narrative_state"])
            record(*statements, user=enrolment.user)
    return len(statements)
