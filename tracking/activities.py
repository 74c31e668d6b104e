"""Activity ids and definitions. Every id is a stable IRI built from a UUID, never a slug or a
page path, so renaming or moving content never splits an activity in the LRS; and each one
resolves (tracking/views.py) to the JSON description built here.

    <SITE_BASE_URL>/xapi/activities/course/<course translation key>
    <SITE_BASE_URL>/xapi/activities/module/<module translation key>
    <SITE_BASE_URL>/xapi/activities/module/<module translation key>/<kind>/<block id>
        kind: reflection, knowledge-check, choice-set
    <SITE_BASE_URL>/xapi/activities/narrative/<narrative uuid>
    <SITE_BASE_URL>/xapi/activities/narrative/<narrative uuid>/content-warning
    <SITE_BASE_URL>/xapi/activities/questionnaire/<instrument uuid>
    <SITE_BASE_URL>/xapi/activities/questionnaire-item/<item uuid>
    <SITE_BASE_URL>/xapi/activities/library
    <SITE_BASE_URL>/xapi/activities/library/feedback/<question key>

The library (/stories/) is one activity for the whole site, and each of its feedback questions
is named by its key (a short fixed word such as "hopeful", never changed once used).

Pages use Wagtail's `translation_key`: a UUID that stays with the page for life (and is shared
by its translations, which are the same activity in another language).
"""

from django.conf import settings
from tincan import Activity, ActivityDefinition, LanguageMap

from . import vocabulary as v

BLOCK_KINDS = ("reflection", "knowledge-check", "choice-set")


def _root():
    return f"{settings.SITE_BASE_URL}/xapi/activities"


def lang(text):
    return LanguageMap({v.LANGUAGE: str(text)})


def course_id(course):
    return f"{_root()}/course/{course.translation_key}"


def module_id(module):
    return f"{_root()}/module/{module.translation_key}"


def block_id(module, kind, block_uuid):
    assert kind in BLOCK_KINDS, kind
    return f"{module_id(module)}/{kind}/{block_uuid}"


def narrative_id(narrative):
    return f"{_root()}/narrative/{narrative.uuid}"


def warning_id(narrative):
    return f"{narrative_id(narrative)}/content-warning"


def questionnaire_id(instrument):
    return f"{_root()}/questionnaire/{instrument.uuid}"


def item_id(item):
    return f"{_root()}/questionnaire-item/{item.uuid}"


def _activity(iri, type_iri, name, description="", **definition):
    kwargs = {"type": type_iri, "name": lang(name)}
    if description:
        kwargs["description"] = lang(description)
    kwargs.update(definition)
    return Activity(id=iri, definition=ActivityDefinition(**kwargs))


def course(course):
    return _activity(course_id(course), v.COURSE, course.title)


def module(module):
    return _activity(module_id(module), v.MODULE, module.title, getattr(module, "intro", ""))


NARRATIVE_TYPES = {"video": v.VIDEO, "audio": v.AUDIO}


def narrative_type(narrative):
    """The activity type of a narrative: the Video or Audio Profile's, or ours for text."""
    return NARRATIVE_TYPES.get(narrative.modality, v.NARRATIVE)


def narrative(narrative):
    return _activity(
        narrative_id(narrative), narrative_type(narrative), narrative.title, narrative.summary
    )


def warning(narrative):
    return _activity(
        warning_id(narrative),
        v.CONTENT_WARNING,
        f"Content warning: {narrative.title}",
        "The notice shown before the narrative, naming its content warnings.",
    )


def choice_set(module, block_uuid, heading=""):
    return _activity(
        block_id(module, "choice-set", block_uuid),
        v.CHOICE_SET,
        heading or f"Choose a narrative ({module.title})",
    )


def reflection(module, block_uuid, prompt):
    return _activity(block_id(module, "reflection", block_uuid), v.REFLECTION, prompt)


def knowledge_check(module, block_uuid, question, options):
    """A choice interaction. `options` are (text, correct) pairs in their stored order; choice
    ids are their positions, as the answers are stored."""
    correct = [str(i) for i, (_, is_correct) in enumerate(options) if is_correct]
    return _activity(
        block_id(module, "knowledge-check", block_uuid),
        v.CMI_INTERACTION,
        question,
        interaction_type=v.CHOICE,
        choices=[{"id": str(i), "description": lang(text)} for i, (text, _) in enumerate(options)],
        correct_responses_pattern=["[,]".join(correct)] if correct else [],
    )


def questionnaire(instrument):
    return _activity(
        questionnaire_id(instrument),
        v.ASSESSMENT,
        instrument.name,
        f"Version {instrument.version}",
    )


def questionnaire_item(item, scale_points):
    """A likert interaction; the scale's ids are the points' values, as stored."""
    return _activity(
        item_id(item),
        v.CMI_INTERACTION,
        item.text,
        interaction_type=v.LIKERT,
        scale=[{"id": str(p.value), "description": lang(p.label)} for p in scale_points],
    )


def support():
    return _activity(f"{_root()}/support", v.SUPPORT, "Support", "The page of support resources.")


# -- The learner library -------------------------------------------------------------------


def library_id():
    return f"{_root()}/library"


def feedback_question_id(key):
    return f"{library_id()}/feedback/{key}"


def library():
    """The story library (/stories/): the parent, or grouping, of what learners do with a
    story opened there, outside any course."""
    return _activity(
        library_id(),
        v.LIBRARY,
        "Story library",
        "The library of lived-experience narratives learners browse and open outside a course.",
    )


def story_feedback_question(key, text, scale):
    """A likert interaction: one of the questions a learner may answer after a story in the
    library. `scale` is the labelled points, (value, label) pairs; the scale's ids are the
    values, as the answers are stored and sent."""
    return _activity(
        feedback_question_id(key),
        v.CMI_INTERACTION,
        text,
        interaction_type=v.LIKERT,
        scale=[{"id": str(value), "description": lang(label)} for value, label in scale],
    )
