"""The statements of server-side learning events: one small function per event, taking model
objects and returning the statement dict from `tracking.statements.build`.

The rules that cause each event (courses/enrolment.py, courses/viewing.py,
courses/module_render.py, courses/views.py, assessments/*) call these inside the transaction
of the action and store the result with `tracking.recording.record`, so the action and its
statement are stored together or not at all. A statement that fails the checks raises
InvalidStatement as it is stored, which undoes the action.

Context: every linked statement carries the enrolment's uuid as its registration; parents
and groupings place the object in the course (a module's parent is its course; a narrative's
parent is its module, grouped under the course; and so on). Take a break and get support are
never linked to a person: they are counted, and their statements built after the day has ended
(tracking/sensitive.py).
"""

from tincan import Extensions, Result, Score

from . import activities as a
from . import vocabulary as v
from .statements import actor_for, build


def _linked(enrolment, verb, activity, **kwargs):
    return build(
        actor=actor_for(enrolment.user),
        verb=verb,
        activity=activity,
        registration=enrolment.uuid,
        **kwargs,
    )


def _in_module(module, course):
    """Parent the module, grouping the course: for what happens inside a module."""
    return {"parent": [a.module(module)], "grouping": [a.course(course)]}


# -- Courses and modules -------------------------------------------------------------------


def course_registered(enrolment):
    """The learner enrolled on the course. Conforms to the LMS Profile's "registered to a
    course" template (Ralph's LMSRegisteredCourse), hence its category."""
    return _linked(
        enrolment,
        v.REGISTERED,
        a.course(enrolment.course),
        category=[v.LMS_PROFILE],
    )


def module_initialized(enrolment, module):
    """The learner opened the module for the first time on this enrolment."""
    return _linked(enrolment, v.INITIALIZED, a.module(module), parent=[a.course(enrolment.course)])


def module_completed(enrolment, module):
    """The learner met every requirement of the module."""
    return _linked(
        enrolment,
        v.COMPLETED,
        a.module(module),
        parent=[a.course(enrolment.course)],
        result=Result(completion=True),
    )


def course_completed(enrolment):
    """Every module of the course is complete: the enrolment is complete."""
    return _linked(
        enrolment, v.COMPLETED, a.course(enrolment.course), result=Result(completion=True)
    )


# -- Narratives ----------------------------------------------------------------------------


def narrative_experienced(enrolment, module, narrative):
    """The learner said they finished the narrative ("I have finished this story"). For text
    narratives this is the only record of it; for audio and video it records the learner's own
    word, alongside the player's Video/Audio Profile statements sent from the browser."""
    return _linked(
        enrolment, v.EXPERIENCED, a.narrative(narrative), **_in_module(module, enrolment.course)
    )


def _warning(enrolment, module, narrative, warning_names, verb):
    return _linked(
        enrolment,
        verb,
        a.warning(narrative),
        parent=[a.narrative(narrative)],
        grouping=[a.module(module), a.course(enrolment.course)],
        # The names of the warnings on the notice (taxonomy names, never personal data).
        context_extensions={v.EXT_WARNINGS: [str(name) for name in warning_names]},
    )


def warning_shown(enrolment, module, narrative, warning_names):
    return _warning(enrolment, module, narrative, warning_names, v.WARNING_SHOWN)


def warning_accepted(enrolment, module, narrative, warning_names):
    """Continue to the narrative, or read its transcript instead."""
    return _warning(enrolment, module, narrative, warning_names, v.WARNING_ACCEPTED)


def warning_declined(enrolment, module, narrative, warning_names):
    """Choose another narrative, or skip it for now."""
    return _warning(enrolment, module, narrative, warning_names, v.WARNING_DECLINED)


def narrative_chosen(enrolment, module, block_id, narrative, heading=""):
    """The learner chose a narrative from a slot's set: a choice block's narratives, or the
    alternatives offered in place of a single narrative. The set is the parent."""
    return _linked(
        enrolment,
        v.CHOSE,
        a.narrative(narrative),
        parent=[a.choice_set(module, block_id, heading)],
        grouping=[a.module(module), a.course(enrolment.course)],
    )


# -- Reflections, knowledge checks ---------------------------------------------------------


def reflection_submitted(enrolment, module, block_id, prompt, text, word_count, send_text):
    """A submitted reflection: its word count, and its text only when `send_text` (the site's
    setting is on and the learner agreed on this reflection)."""
    result = Result(extensions=Extensions({v.EXT_WORD_COUNT: word_count}))
    if send_text and text:
        result.response = text
    return _linked(
        enrolment,
        v.SUBMITTED,
        a.reflection(module, block_id, prompt),
        result=result,
        **_in_module(module, enrolment.course),
    )


def knowledge_check_answered(enrolment, module, block_id, question, options, selected, attempt):
    """A choice interaction: `options` are (text, correct) pairs in stored order, `selected` the
    chosen positions; success is exactly the right ones."""
    correct = {i for i, (_, is_correct) in enumerate(options) if is_correct}
    return _linked(
        enrolment,
        v.ANSWERED,
        a.knowledge_check(module, block_id, question, options),
        result=Result(
            response="[,]".join(str(i) for i in sorted(selected)),
            success=set(selected) == correct,
            extensions=Extensions({v.EXT_ATTEMPT: attempt}),
        ),
        **_in_module(module, enrolment.course),
    )


# -- Questionnaires ------------------------------------------------------------------------


def timepoint(value):
    """A questionnaire timepoint as statements name it (vocabulary.TIMEPOINT_VALUES), from the value
    assessments stores ("follow_up" -> "follow-up"); KeyError for any other."""
    name = str(value).replace("_", "-")
    if name not in v.TIMEPOINT_VALUES:
        raise KeyError(value)
    return name


def questionnaire_items_answered(enrolment, instrument, timepoint_value, answers):
    """One likert interaction per answered item: `answers` is {InstrumentItem: value}, the
    response the chosen point's value (the scale's ids are the values)."""
    scale = list(instrument.scale_points.all())
    parent = [a.questionnaire(instrument)]
    context = {v.EXT_TIMEPOINT: timepoint(timepoint_value)}
    ordered = sorted(answers.items(), key=lambda pair: (pair[0].sort_order or 0, pair[0].pk))
    return [
        _linked(
            enrolment,
            v.ANSWERED,
            a.questionnaire_item(item, scale),
            result=Result(response=str(value)),
            parent=parent,
            grouping=[a.course(enrolment.course)],
            context_extensions=context,
        )
        for item, value in ordered
    ]


def questionnaire_completed(enrolment, instrument, timepoint_value, scores):
    """The submitted questionnaire: its total as raw score within the instrument's range (no
    score when too few items were answered to give one), and the subscale scores."""
    total = (scores or {}).get("total")
    result = Result(
        completion=True,
        extensions=Extensions({v.EXT_SUBSCALE_SCORES: (scores or {}).get("subscales") or {}}),
    )
    if total is not None:
        low, high = instrument.score_range()
        result.score = Score(raw=total, min=low, max=high)
    return _linked(
        enrolment,
        v.COMPLETED,
        a.questionnaire(instrument),
        result=result,
        grouping=[a.course(enrolment.course)],
        context_extensions={
            v.EXT_TIMEPOINT: timepoint(timepoint_value),
            v.EXT_INSTRUMENT_VERSION: instrument.version,
        },
    )
