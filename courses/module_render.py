"""The module body, rendered per learner from a plan every learner shares.

The plan (cached under the content version, like every shared fragment) holds the static blocks
as finished HTML and, for each narrative slot, everything that does not depend on the learner:
each narrative's facts and its rendered article, warnings and transcript. Per request only the
slot wrappers (which view of a slot this learner is at, with their forms: slot_render.py),
reflections and knowledge checks are rendered, so a cached module page runs no query for its
content.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.block_render import render_block
from core.page_cache import FRAGMENT_TIMEOUT, fragment_key
from narratives.preferences import rules as preference_rules

from . import choices, viewing
from .blocks import ModuleStreamBlock
from .body import NARRATIVE, NARRATIVE_BLOCK_TYPES, module_body
from .completion import refresh_module_completion
from .slot_render import hash_parts, render_slots

CAPTIONS_MARKER = " data-sb-captions"


@dataclass
class NarrativeFacts:
    """What a slot needs to know and show of one narrative, without the database."""

    pk: int
    title: str
    narrator: str
    summary: str
    modality: str
    modality_label: str
    duration_display: str
    has_media: bool
    has_transcript: bool
    warning_domain_ids: frozenset
    warning_names: tuple
    warnings_html: str = ""
    transcript_html: str = ""
    articles: dict = field(default_factory=dict)  # text_first -> HTML
    uuid: str = ""  # the narrative's, for its xAPI activity id

    @property
    def has_warnings(self):
        return bool(self.warning_names)

    def article(self, *, text_first, captions_on):
        html = self.articles[text_first]
        return mark_safe(html.replace(CAPTIONS_MARKER, " default" if captions_on else ""))


@dataclass
class SlotPlan:
    block_id: str
    block_type: str  # "narrative", "narrative_choice" or "library_choice"
    primary: int | None
    options: tuple  # pks, in the order offered
    narratives: dict  # pk -> NarrativeFacts
    heading_html: str = ""  # a choice's prompt and shared framing
    prompts_html: str = ""  # a choice's shared prompts
    prompt: str = ""
    # pk -> (framing HTML, prompts HTML) that go with that story: a narrative block's framing and
    # prompts are about its narrative alone; a choice's words for one story come before the
    # shared prompts.
    stories: dict = field(default_factory=dict)

    @property
    def level(self):
        """The heading level of a narrative's title: under the choice prompt in a choice."""
        return 2 if self.block_type == "narrative" else 3

    def facts(self, pk):
        return self.narratives.get(pk)


@dataclass
class ReflectionPlan:
    block_id: str
    raw_value: dict


@dataclass
class KnowledgeCheckPlan:
    block_id: str
    raw_value: dict


# Blocks whose HTML shows what one learner wrote or chose: never in the shared plan.
PER_LEARNER_PLANS = {"reflection": ReflectionPlan, "knowledge_check": KnowledgeCheckPlan}


def _facts(narrative, slot_id, heading_level):
    warnings = list(narrative.warnings.all())
    facts = NarrativeFacts(
        pk=narrative.pk,
        title=narrative.title,
        narrator=narrative.narrator_pseudonym,
        summary=narrative.summary,
        modality=narrative.modality,
        modality_label=str(narrative.get_modality_display()),
        duration_display=str(narrative.duration_display or ""),
        has_media=bool(narrative.media_id or narrative.embed_url),
        has_transcript=bool(narrative.transcript),
        warning_domain_ids=frozenset(preference_rules.domain_id(w) for w in warnings),
        warning_names=tuple(w.warning.name for w in warnings),
        uuid=str(narrative.uuid),
    )
    context = {"narrative": narrative, "warnings": warnings}
    facts.warnings_html = render_to_string("courses/slots/warnings.html", context)
    facts.transcript_html = render_to_string("courses/slots/transcript.html", context)
    for text_first in (False, True):
        facts.articles[text_first] = render_to_string(
            "narratives/includes/narrative.html",
            {
                "narrative": narrative,
                "available": True,
                "uid": f"{slot_id}-{narrative.pk}",
                "heading_level": heading_level,
                "text_first": text_first,
                "captions_marker": True,
            },
        )
    return facts


def _candidates(bound, alternatives):
    """(the slot's primary narrative pk or None, the narratives it may show in order): a
    narrative block's narrative, if available, then its alternatives; a choice's available
    narratives; a library block's available stories matching its filters, loaded here (the
    body names none of them)."""
    value = bound.value
    if bound.block_type != NARRATIVE:
        return None, value.available_narratives
    primary = value["narrative"]
    if primary is None:
        return None, []
    if not primary.is_available():
        return primary.pk, []
    return primary.pk, [primary] + alternatives.get(primary.pk, [])


def _slot_plan(bound, context, alternatives):
    block_id, value = bound.id, bound.value
    primary_pk, candidates = _candidates(bound, alternatives)
    level = 2 if bound.block_type == NARRATIVE else 3
    loaded = {narrative.pk: _facts(narrative, block_id, level) for narrative in candidates}
    if bound.block_type == NARRATIVE:
        shared_prompts, heading_html = [], ""
        words = {primary_pk: (value.get("framing"), value.prompts)}
    else:
        shared_prompts = value.prompts
        heading_html = render_to_string(
            "courses/slots/heading.html", {**context, "value": value, "block_id": block_id}
        )
        words = value.story_words()
    stories = {}
    for pk in loaded:
        framing, prompts = words.get(pk, (None, []))
        stories[pk] = (
            render_to_string("courses/slots/framing.html", {"framing": framing}),
            _prompts_html([*prompts, *shared_prompts]),
        )
    return SlotPlan(
        block_id=block_id,
        block_type=bound.block_type,
        primary=primary_pk,
        options=tuple(loaded),
        narratives=loaded,
        heading_html=heading_html,
        prompts_html=_prompts_html(shared_prompts),
        prompt=str(value.get("prompt") or ""),
        stories=stories,
    )


def _prompts_html(prompts):
    return render_to_string("blocks/includes/discussion_prompts.html", {"prompts": prompts})


def build_plan(module, context):
    """Render everything in the module body that every learner shares."""
    pool_query = viewing.alternative_pool(
        [block.get("narrative") for block in module_body(module).of_type(NARRATIVE)]
    )
    blocks, loaded = module.blocks_for_render(pool=pool_query)
    primaries = [
        b.value["narrative"]
        for b in blocks
        if b.block_type == "narrative"
        and b.value["narrative"] is not None
        and b.value["narrative"].is_available()
    ]
    # The pool came in the same queries as the body's narratives; available() filtered it.
    pool = [n for n in loaded.values() if n.is_available()]
    alternatives = viewing.alternatives_by_primary(primaries, pool)
    segments, static = [], []
    for bound in blocks:
        if bound.block_type in NARRATIVE_BLOCK_TYPES:
            segments.append(mark_safe("".join(static)))
            static = []
            segments.append(_slot_plan(bound, context, alternatives))
        elif bound.block_type in PER_LEARNER_PLANS:
            segments.append(mark_safe("".join(static)))
            static = []
            plan_class = PER_LEARNER_PLANS[bound.block_type]
            segments.append(plan_class(bound.id, bound.block.get_prep_value(bound.value)))
        else:
            static.append(bound.render({**context, "block_id": bound.id}))
    segments.append(mark_safe("".join(static)))
    return [s for s in segments if s != ""]


def get_plan(request, module, context):
    """The module's plan and its cache key (None where nothing is cached, as in previews)."""
    key = fragment_key(request, "module-plan", module.pk)
    plan = cache.get(key) if key else None
    if plan is None:
        plan = build_plan(module, context)
        if key:
            cache.set(key, plan, FRAGMENT_TIMEOUT)
    return key, plan


def shown_slot_options(request, module, block_id):
    """The options of one slot, from the module's cached plan when there is one (what the learner
    was shown), else from the database (see courses.viewing.slot_options)."""
    key = fragment_key(request, "module-plan", module.pk)
    plan = cache.get(key) if key else None
    for segment in plan or ():
        if isinstance(segment, SlotPlan) and segment.block_id == block_id:
            return viewing.SlotOptions(
                block_id, segment.block_type, segment.primary, segment.options
            )
    if plan is not None:
        return None  # the module has no such slot
    return viewing.slot_options(module, block_id)


# --- per learner -------------------------------------------------------------------------------


@dataclass
class Learner:
    """Who is looking, as far as the body is concerned."""

    preferences: object
    slot_states: dict
    enrolment: object = None
    reflections: dict = field(default_factory=dict)
    knowledge_answers: dict = field(default_factory=dict)
    preview: bool = False
    sign_in_url: str = ""
    # Filled in while the body renders: what is left to do in the module.
    narratives_to_do: int = 0
    reflections_to_do: int = 0
    knowledge_to_do: int = 0
    # Notices shown to an enrolled learner that are not recorded yet: (slot, facts) pairs.
    warnings_shown: list = field(default_factory=list)

    @property
    def nothing_to_do(self):
        return not (self.narratives_to_do or self.reflections_to_do or self.knowledge_to_do)


def render_reflection(segment, learner, common, module):
    block = ModuleStreamBlock.base_blocks["reflection"]
    reflection = learner.reflections.get(segment.block_id)
    if segment.raw_value.get("required", True) and not is_submitted(reflection):
        learner.reflections_to_do += 1
    context = {
        **common,
        "value": block.to_python(segment.raw_value),
        "block_id": segment.block_id,
        "module": module,
        "enrolment": learner.enrolment,
        "reflection": reflection,
        "preview": learner.preview,
        "sign_in_url": learner.sign_in_url,
    }
    return render_block(block, context["value"], common["request"], context)


@dataclass(frozen=True)
class StoryElsewhere:
    """A story a question is about, when the learner has another story in its slot."""

    title: str
    narrator: str
    slot_id: str


def story_elsewhere(plan, learner, narrative_pk):
    """Where the learner chose another story than `narrative_pk` in the slot that offers it,
    that story's title and slot; None when they have it, have not chosen yet, or no slot
    offers it."""
    if narrative_pk is None:
        return None
    found = None
    for slot in plan:
        if not isinstance(slot, SlotPlan) or narrative_pk not in slot.options:
            continue
        state = learner.slot_states.get(slot.block_id) or viewing.default_state(
            slot.block_type, slot.primary
        )
        current = state.get("n")
        if current == narrative_pk:
            return None
        if current is not None and found is None:
            facts = slot.facts(narrative_pk)
            found = StoryElsewhere(facts.title, facts.narrator, slot.block_id)
    return found


def render_knowledge_check(segment, learner, common, module, plan=()):
    block = ModuleStreamBlock.base_blocks["knowledge_check"]
    answer = learner.knowledge_answers.get(segment.block_id)
    if answer is None:
        learner.knowledge_to_do += 1
    # The story is named from the plan: converting the chooser would query for it.
    raw = {k: v for k, v in segment.raw_value.items() if k != "about_narrative"}
    context = {
        **common,
        "block_id": segment.block_id,
        "module": module,
        "enrolment": learner.enrolment,
        "answer": answer,
        "preview": learner.preview,
        "sign_in_url": learner.sign_in_url,
        "story_elsewhere": story_elsewhere(plan, learner, segment.raw_value.get("about_narrative")),
    }
    return render_block(block, block.to_python(raw), common["request"], context)


def is_submitted(reflection):
    return reflection is not None and reflection.status == "submitted"


def render_body(request, module, context, learner):
    """The module body for this learner: the shared plan with their slots, reflections and
    knowledge checks."""
    plan_key, plan = get_plan(request, module, context)
    common = {
        "request": request,
        "preview": learner.preview,
        "action_prefix": reverse("courses:narrative_choice", args=[module.pk, "_"])[:-2],
        "break_action": reverse("courses:take_break"),
        "return_path": request.path,
        "course_url": context.get("course").url if context.get("course") else "/",
    }
    slots = render_slots(
        request,
        f"{plan_key}:{hash_parts(request.path)}" if plan_key else None,
        [s for s in plan if isinstance(s, SlotPlan)],
        learner,
        common,
    )
    if learner.warnings_shown:
        # Once per showing: the slot's state remembers it, so a revisit writes nothing.
        choices.record_warnings_shown(learner.enrolment, module, learner.warnings_shown)
    parts = []
    for segment in plan:
        if isinstance(segment, SlotPlan):
            parts.append(slots[segment.block_id])
        elif isinstance(segment, ReflectionPlan):
            parts.append(render_reflection(segment, learner, common, module))
        elif isinstance(segment, KnowledgeCheckPlan):
            parts.append(render_knowledge_check(segment, learner, common, module, plan))
        else:
            parts.append(segment)
    enrolment = learner.enrolment
    if enrolment is not None and enrolment.module_completed_at is None and learner.nothing_to_do:
        # Met without a choice being made here, e.g. a slot the learner's settings hide.
        if refresh_module_completion(enrolment, module, learner.preferences):
            enrolment.module_completed_at = timezone.now()
    return mark_safe("".join(parts))
