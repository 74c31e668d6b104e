"""What apps above courses add to an enrolled learner's state on a module page (their
reflections, their knowledge-check answers, say).

A registry filled in each app's AppConfig.ready(): courses never imports them. A part is a
function (enrolment, module) -> dict of keyword arguments for `module_render.Learner` (its
`reflections`, `knowledge_answers`); a part with nothing to add for the module returns {} and
asks the database nothing.
"""

_parts = []


def register_module_page_part(part):
    if part not in _parts:
        _parts.append(part)
    return part


def module_learner_state(enrolment, module):
    """The learner's state in the module from every registered part, merged."""
    state = {}
    for part in _parts:
        state.update(part(enrolment, module))
    return state
