"""What an activity IRI resolves to: the activity, built by the same tracking.activities
functions statements use, so the description an LRS fetches equals the object definition in
the statements.

`describe(path)` takes the part of the IRI after `/xapi/activities/` and returns a tincan
Activity, or None when there is nothing to describe. The first part of the path is the
activity's kind (tracking/activities.py lists them); each kind is described by the app that
owns what it names, which registers a describer for it from its AppConfig.ready()
(`register_describer`), as Open edX's event-routing-backends registers a transformer per
event: courses for course and module pages and their blocks and for narratives, assessments
for questionnaires and their items. Only what learners may meet is described: live course and
module pages, blocks of a live module's current body, questionnaires, and narratives learners
may see now. A narrative that is unpublished, or whose narrator's consent is withdrawn,
expired or not yet in force, is not described (404) — its title and summary stop being served
the moment it leaves the platform; statements already in an LRS keep their copy.

The library (`library`) and its feedback questions (`library/feedback/<key>`) are described
here, the questions' wording asked of the app that owns the library through
tracking.player.content.LibraryContent.

Builders of block statements should use `block_activity()` so their definitions match.
"""

import uuid

from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Locale

from . import activities
from .player.content import library_content

_describers = {}


def register_describer(kind, describer):
    """Describe the activities whose IRI starts with `kind` (`.../xapi/activities/<kind>/`)
    with `describer(key, rest)`: `key` is the UUID after the kind, `rest` the list of the
    path's parts after it; it returns a tincan Activity, or None if there is nothing to
    describe. One describer per kind: registering again replaces it."""
    _describers[kind] = describer


def _uuid(text):
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def live_page(model, translation_key):
    """The live page of a Wagtail page `model` with this translation key, in the default
    locale where there is one (for describers of pages)."""
    pages = model.objects.live().filter(translation_key=translation_key)
    found = list(pages[:20])
    if not found:
        return None
    default = Locale.get_default() if Locale.objects.exists() else None
    return next(
        (page for page in found if page.locale_id == getattr(default, "pk", None)), found[0]
    )


def block_activity(module, kind, block):
    """The activity of one block of a module's body (a StreamValue child) of `kind`. A choice
    set is named by its choice block's prompt; a narrative block's (the alternatives offered in
    place of its narrative, which has no prompt) by its module."""
    value = block.value
    if kind == "reflection":
        return activities.reflection(module, block.id, value["prompt"])
    if kind == "knowledge-check":
        options = [(option["text"], bool(option["correct"])) for option in value["options"]]
        return activities.knowledge_check(module, block.id, value["question"], options)
    heading = str(value.get("prompt") or "")[:200]
    return activities.choice_set(module, block.id, heading)


def _library(rest):
    """The library itself, or one of its feedback questions as the app that owns the library
    describes it (tracking.player.content.LibraryContent.feedback_question)."""
    if not rest:
        return activities.library()
    if len(rest) != 2 or rest[0] != "feedback":
        return None
    try:
        question = library_content().feedback_question(rest[1])
    except ImproperlyConfigured:
        return None
    if question is None:
        return None
    text, scale = question
    return activities.story_feedback_question(rest[1], text, scale)


def describe(path):
    """The Activity the IRI `<SITE_BASE_URL>/xapi/activities/<path>` names, or None."""
    parts = path.strip("/").split("/")
    kind, rest = parts[0], parts[1:]
    if kind == "support" and not rest:
        return activities.support()
    if kind == "library":
        return _library(rest)
    describer = _describers.get(kind)
    key = _uuid(rest[0]) if rest else None
    if describer is None or key is None:
        return None
    return describer(key, rest[1:])
