"""When a module is complete: each narrative slot was experienced (or declined with an
alternative taken), each required reflection was submitted, each knowledge check was answered
(they are formative: answering one is what counts, never getting it right).

`module_requirements` reads the module's stored body without loading anything; the check reads
the learner's slot states, submitted reflections and answered knowledge checks, then calls
`mark_module_complete`.
"""

from dataclasses import dataclass

from .enrolment import mark_module_complete
from .enrolment_models import ModuleProgress

NARRATIVE_BLOCK_TYPES = ("narrative", "narrative_choice")


@dataclass(frozen=True)
class Requirements:
    narrative_block_ids: tuple = ()
    reflection_block_ids: tuple = ()
    knowledge_check_block_ids: tuple = ()

    @property
    def empty(self):
        return not (
            self.narrative_block_ids or self.reflection_block_ids or self.knowledge_check_block_ids
        )


def module_requirements(module):
    """What a learner must do in the module, read from its stored body (no query)."""
    narratives, reflections, checks = [], [], []
    for block in module.body.raw_data:
        if block["type"] in NARRATIVE_BLOCK_TYPES:
            narratives.append(block["id"])
        elif block["type"] == "reflection" and (block.get("value") or {}).get("required", True):
            reflections.append(block["id"])
        elif block["type"] == "knowledge_check":
            checks.append(block["id"])
    return Requirements(tuple(narratives), tuple(reflections), tuple(checks))


def unmet_requirements(
    module, narrative_state, submitted_reflections, satisfied_slots=(), answered_checks=()
):
    """The block ids still to do. `satisfied_slots` are narrative slots that need nothing from
    this learner (every narrative in them hidden by their preferences, with no alternative)."""
    from .viewing import slot_is_done

    needs = module_requirements(module)
    unmet = [
        block_id
        for block_id in needs.narrative_block_ids
        if block_id not in satisfied_slots and not slot_is_done(narrative_state.get(block_id))
    ]
    unmet += [b for b in needs.reflection_block_ids if b not in submitted_reflections]
    unmet += [b for b in needs.knowledge_check_block_ids if b not in answered_checks]
    return unmet


def refresh_module_completion(enrolment, module, preferences=None):
    """Mark the module complete if the learner has now met its requirements. Returns whether the
    module is complete. Call it after anything that may complete a module."""
    from assessments.knowledge_checks import answered_block_ids
    from assessments.reflections import submitted_block_ids

    from .viewing import satisfied_without_learner

    progress = ModuleProgress.objects.filter(enrolment=enrolment, module=module).first()
    if progress is not None and progress.completed_at is not None:
        return True
    state = progress.narrative_state if progress is not None else {}
    needs = module_requirements(module)
    has_checks = bool(needs.knowledge_check_block_ids)
    # Only the slots still open can be satisfied without the learner; usually none are asked.
    from .viewing import slot_is_done

    open_slots = {b for b in needs.narrative_block_ids if not slot_is_done(state.get(b))}
    unmet = unmet_requirements(
        module,
        state,
        set(submitted_block_ids(enrolment, module)),
        satisfied_without_learner(module, enrolment.user, preferences, open_slots)
        if open_slots
        else set(),
        answered_block_ids(enrolment, module) if has_checks else (),
    )
    if unmet:
        return False
    mark_module_complete(enrolment, module)
    return True
