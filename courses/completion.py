"""When a module is complete: each narrative slot was experienced (or declined with an
alternative taken), and every block another app made a requirement of was done by the learner
(courses/requirements.py: submitted reflections, answered knowledge checks; knowledge checks
are formative, so answering one is what counts, never getting it right).

`module_requirements` reads the module's stored body (courses.body) without loading anything;
the check reads the learner's slot states and what they have done of each required block type,
then calls `mark_module_complete`.
"""

from dataclasses import dataclass

from . import viewing
from .body import module_body
from .enrolment import mark_module_complete
from .enrolment_models import ModuleProgress
from .requirements import registered_requirements, requirement_for


@dataclass(frozen=True)
class Requirements:
    narrative_block_ids: tuple = ()
    # (block type, block ids) for each registered block type the module has required blocks of.
    block_ids_by_type: tuple = ()

    @property
    def empty(self):
        return not (self.narrative_block_ids or self.block_ids_by_type)


def module_requirements(module):
    """What a learner must do in the module, read from its stored body (no query)."""
    body = module_body(module)
    by_type = []
    for requirement in registered_requirements():
        ids = tuple(
            block.id
            for block in body.of_type(requirement.block_type)
            if requirement.required(block)
        )
        if ids:
            by_type.append((requirement.block_type, ids))
    narratives = tuple(block.id for block in body.narrative_slots())
    return Requirements(narratives, tuple(by_type))


def unmet_requirements(module, narrative_state, done_by_type, satisfied_slots=()):
    """The block ids still to do. `done_by_type` is {block type: ids the learner has done};
    `satisfied_slots` are narrative slots that need nothing from this learner (every narrative
    in them hidden by their preferences, with no alternative)."""
    needs = module_requirements(module)
    unmet = [
        block_id
        for block_id in needs.narrative_block_ids
        if block_id not in satisfied_slots
        and not viewing.slot_is_done(narrative_state.get(block_id))
    ]
    for block_type, block_ids in needs.block_ids_by_type:
        done = done_by_type.get(block_type, ())
        unmet += [block_id for block_id in block_ids if block_id not in done]
    return unmet


def done_block_ids(enrolment, module, needs):
    """{block type: the ids this learner has done} for each block type the module requires:
    one query per type it has, none for the others."""
    return {
        block_type: set(requirement_for(block_type).done_block_ids(enrolment, module))
        for block_type, _ids in needs.block_ids_by_type
    }


def refresh_module_completion(enrolment, module, preferences=None):
    """Mark the module complete if the learner has now met its requirements. Returns whether the
    module is complete. Call it after anything that may complete a module."""
    progress = ModuleProgress.objects.filter(enrolment=enrolment, module=module).first()
    if progress is not None and progress.completed_at is not None:
        return True
    state = progress.narrative_state if progress is not None else {}
    needs = module_requirements(module)
    # Only the slots still open can be satisfied without the learner; usually none are asked.
    open_slots = {b for b in needs.narrative_block_ids if not viewing.slot_is_done(state.get(b))}
    unmet = unmet_requirements(
        module,
        state,
        done_block_ids(enrolment, module, needs),
        viewing.satisfied_without_learner(module, enrolment.user, preferences, open_slots)
        if open_slots
        else set(),
    )
    if unmet:
        return False
    mark_module_complete(enrolment, module)
    return True
