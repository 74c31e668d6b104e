"""The descriptions tracking serves at course, module, block and narrative activity IRIs
(tracking/descriptions.py): registered from CoursesConfig.ready(). Narratives are described
here, not in the narratives app, because narratives and tracking do not import each other;
courses sits above both."""

from narratives.models import Narrative
from tracking import activities
from tracking.descriptions import block_activity, live_page, register_describer

from .models import CoursePage, ModulePage

# Module body block types, by the kind named in the activity IRI. A narrative block's choice
# set is the alternatives offered in place of its narrative (courses/viewing.py).
BLOCK_TYPES = {
    "reflection": ("reflection",),
    "knowledge-check": ("knowledge_check",),
    "choice-set": ("narrative_choice", "library_choice", "narrative"),
}


def describe_course(key, rest):
    page = None if rest else live_page(CoursePage, key)
    return page and activities.course(page)


def describe_module(key, rest):
    """A live module page (no more parts), or one block of its current body
    (`<kind>/<block id>`)."""
    if not rest:
        page = live_page(ModulePage, key)
        return page and activities.module(page)
    if len(rest) != 2:
        return None
    kind, block_id = rest
    module = live_page(ModulePage, key)
    if module is None or kind not in BLOCK_TYPES:
        return None
    for block in module.body:
        if block.id == block_id and block.block_type in BLOCK_TYPES[kind]:
            return block_activity(module, kind, block)
    return None


def describe_narrative(key, rest):
    """A narrative learners may see now (no more parts), or its content warning."""
    if rest not in ([], ["content-warning"]):
        return None
    narrative = Narrative.objects.available().filter(uuid=key).first()
    if narrative is None:
        return None
    return activities.warning(narrative) if rest else activities.narrative(narrative)


register_describer("course", describe_course)
register_describer("module", describe_module)
register_describer("narrative", describe_narrative)
