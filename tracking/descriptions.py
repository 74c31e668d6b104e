"""What an activity IRI resolves to: the activity, built by the same tracking.activities
functions statements use, so the description an LRS fetches equals the object definition in
the statements.

`describe(path)` takes the part of the IRI after `/xapi/activities/` and returns a tincan
Activity, or None when there is nothing to describe. Only what learners may meet is described:
live course and module pages, blocks of a live module's current body, questionnaires, and
narratives learners may see now. A narrative that is unpublished, or whose narrator's consent is
withdrawn, expired or not yet in force, is not described (404) — its title and summary stop
being served the moment it leaves the platform; statements already in an LRS keep their copy.

Builders of block statements should use `block_activity()` so their definitions match.
"""

import uuid

from django.db.models import Prefetch
from wagtail.models import Locale

from . import activities

# Module body block types, by the kind named in the activity IRI. A narrative block's choice
# set is the alternatives offered in place of its narrative (courses/viewing.py).
BLOCK_TYPES = {
    "reflection": ("reflection",),
    "knowledge-check": ("knowledge_check",),
    "choice-set": ("narrative_choice", "narrative"),
}


def _uuid(text):
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _live_page(model, translation_key):
    """The live page with this translation key, in the default locale where there is one."""
    pages = model.objects.live().filter(translation_key=translation_key)
    found = list(pages[:20])
    if not found:
        return None
    default = Locale.get_default() if Locale.objects.exists() else None
    return next(
        (page for page in found if page.locale_id == getattr(default, "pk", None)), found[0]
    )


def block_activity(module, kind, block):
    """The activity of one block of a module's body (a StreamValue child) of `kind`."""
    value = block.value
    if kind == "reflection":
        return activities.reflection(module, block.id, value["prompt"])
    if kind == "knowledge-check":
        options = [(option["text"], bool(option["correct"])) for option in value["options"]]
        return activities.knowledge_check(module, block.id, value["question"], options)
    from courses.viewing import choice_heading

    return activities.choice_set(module, block.id, choice_heading(module, block.id))


def _module_block(translation_key, kind, block_id):
    from courses.models import ModulePage

    module = _live_page(ModulePage, translation_key)
    if module is None or kind not in BLOCK_TYPES:
        return None
    for block in module.body:
        if block.id == block_id and block.block_type in BLOCK_TYPES[kind]:
            return block_activity(module, kind, block)
    return None


def _narrative(key):
    from narratives.models import Narrative

    return Narrative.objects.available().filter(uuid=key).first()


def _questionnaire(key):
    from assessments.models import Instrument

    instrument = Instrument.objects.filter(uuid=key).first()
    return instrument and activities.questionnaire(instrument)


def _item(key):
    from assessments.models import InstrumentItem, ScalePoint

    item = (
        InstrumentItem.objects.filter(uuid=key)
        .prefetch_related(
            Prefetch("instrument__scale_points", queryset=ScalePoint.objects.order_by("sort_order"))
        )
        .first()
    )
    return item and activities.questionnaire_item(item, item.instrument.scale_points.all())


def describe(path):
    """The Activity the IRI `<SITE_BASE_URL>/xapi/activities/<path>` names, or None."""
    from courses.models import CoursePage, ModulePage

    parts = path.strip("/").split("/")
    kind, rest = parts[0], parts[1:]
    if kind == "support" and not rest:
        return activities.support()
    if not rest or _uuid(rest[0]) is None:
        return None
    key = _uuid(rest[0])
    if kind == "course" and len(rest) == 1:
        page = _live_page(CoursePage, key)
        return page and activities.course(page)
    if kind == "module" and len(rest) == 1:
        page = _live_page(ModulePage, key)
        return page and activities.module(page)
    if kind == "module" and len(rest) == 3:
        return _module_block(key, rest[1], rest[2])
    if kind == "narrative" and len(rest) == 1:
        narrative = _narrative(key)
        return narrative and activities.narrative(narrative)
    if kind == "narrative" and rest[1:] == ["content-warning"]:
        narrative = _narrative(key)
        return narrative and activities.warning(narrative)
    if kind == "questionnaire" and len(rest) == 1:
        return _questionnaire(key)
    if kind == "questionnaire-item" and len(rest) == 1:
        return _item(key)
    return None
