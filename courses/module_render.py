"""The module body, rendered per learner from a plan every learner shares.

The plan (cached under the content version, like every shared fragment) holds the static blocks
as finished HTML and, for each narrative slot, everything that does not depend on the learner:
each narrative's facts and its rendered article, warnings and transcript. Per request only the
slot wrappers (which view of a slot this learner is at, with their forms), reflections and
knowledge checks are rendered, so a cached module page runs no query for its content.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
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

SLOT_TEMPLATE = "courses/slots/slot.html"
CAPTIONS_MARKER = " data-sb-captions"
CSRF_PLACEHOLDER = "__storybridge_csrf_token__"


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
    block_type: str  # "narrative" or "narrative_choice"
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


def _slot_plan(bound, context, alternatives):
    block_id, value = bound.id, bound.value
    loaded = {}
    if bound.block_type == "narrative":
        primary = value["narrative"]
        if primary is None or not primary.is_available():
            candidates = []
        else:
            candidates = [primary] + alternatives.get(primary.pk, [])
        primary_pk = primary.pk if primary is not None else None
    else:
        candidates = value.available_narratives
        primary_pk = None
    level = 2 if bound.block_type == "narrative" else 3
    for narrative in candidates:
        loaded[narrative.pk] = _facts(narrative, block_id, level)
    if bound.block_type == "narrative":
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


def slot_options(request, module, block_id):
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


def slot_view(slot, state, preferences):
    """Which view of the slot to show, the narrative in it and the options to list."""
    state = state or viewing.default_state(slot.block_type, slot.primary)
    hidden = {
        pk
        for pk, facts in slot.narratives.items()
        if preference_rules.hides_domains(preferences, facts.warning_domain_ids)
    }
    current = state.get("n")
    status = state.get("s", viewing.NEW)
    offered = [pk for pk in slot.options if pk not in hidden and pk != current]
    if preferences.preferred_modality:
        preferred = preferences.preferred_modality
        offered.sort(key=lambda pk: slot.narratives[pk].modality != preferred)
    facts = slot.facts(current)
    if not slot.options:
        return "unavailable", None, [], hidden
    if current is not None and facts is None:
        # The narrative the learner had in this slot is gone (consent withdrawn, say).
        return "options" if offered else "unavailable", None, offered, hidden
    if current is None or status == viewing.CHOOSING:
        if current is None and not offered and hidden:
            return "hidden", None, offered, hidden
        return "options", facts, offered, hidden
    if current in hidden:  # whatever the learner chose or finished before
        return "hidden", facts, offered, hidden
    if status == viewing.NEW:
        needs_notice = preference_rules.notice_needed(preferences, facts.warning_domain_ids)
        return ("interstitial" if needs_notice else "open"), facts, offered, hidden
    return status, facts, offered, hidden


@dataclass(frozen=True)
class SlotRender:
    """Everything one rendering of a slot depends on: equal values render the same HTML (but for
    the CSRF token, put in afterwards), so it can be shared between learners."""

    block_id: str
    view: str
    current: int | None
    offered: tuple
    hidden_count: int
    preferred_modality: str
    text_first: bool
    captions_on: bool

    def cache_key(self, plan_key):
        return f"{plan_key}:slot:{hash_parts(self)}"


def hash_parts(value):
    return hashlib.sha256(repr(value).encode()).hexdigest()[:24]


def slot_render(slot, learner):
    """What this learner sees of the slot; counts what is left for them to do as it goes."""
    state = learner.slot_states.get(slot.block_id)
    prefs = learner.preferences
    view, facts, offered, hidden = slot_view(slot, state, prefs)
    satisfied = view == "hidden" and not offered  # nothing this learner can be shown here
    if not satisfied and view != "unavailable" and not viewing.slot_is_done(state):
        learner.narratives_to_do += 1
    if (
        view == "interstitial"
        and learner.enrolment is not None
        and not learner.preview
        and facts.uuid  # a plan cached before the field existed: recorded on a later view
        and (state or {}).get(viewing.WARNING_SHOWN_KEY) != facts.pk
    ):
        learner.warnings_shown.append((slot, facts))
    return SlotRender(
        block_id=slot.block_id,
        view=view,
        current=facts.pk if facts else None,
        offered=tuple(offered),
        hidden_count=len(hidden - {facts.pk if facts else None}),
        preferred_modality=prefs.preferred_modality,
        text_first=prefs.low_bandwidth,
        captions_on=prefs.captions_on,
    )


# The views of a slot that show one story: its own framing and prompts go with them.
STORY_VIEWS = ("interstitial", "open", "done", "transcript", "skipped")


def render_slot(slot, args, template, common):
    facts = slot.facts(args.current)
    article = None
    if facts is not None and args.view in ("open", "done"):
        article = facts.article(text_first=args.text_first, captions_on=args.captions_on)
    story_framing, story_prompts = "", ""
    if facts is not None and args.view in STORY_VIEWS:
        # The words written for the story shown, never another's (a plan cached before
        # `stories` existed has none).
        story_framing, story_prompts = getattr(slot, "stories", {}).get(facts.pk, ("", ""))
    return template.render(
        {
            **common,
            "slot": slot,
            "view": args.view,
            "facts": facts,
            "article": article,
            "options": [slot.narratives[pk] for pk in args.offered],
            "hidden_count": args.hidden_count,
            "story_framing": mark_safe(story_framing),
            "story_prompts": mark_safe(story_prompts),
            "preferred_modality": args.preferred_modality,
            "action": f"{common['action_prefix']}{slot.block_id}/",
        }
    )


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


def render_slots(request, plan_key, slots, learner, common):
    """Each slot's HTML for this learner. Slots look alike for many learners (the same view of
    the same narrative), so each rendering is shared under the plan's key, with a placeholder
    for the CSRF token: a cached page renders no slot template at all."""
    renders = [(slot, slot_render(slot, learner)) for slot in slots]
    keys = {args: args.cache_key(plan_key) for _, args in renders} if plan_key else {}
    found = cache.get_many(list(keys.values())) if keys else {}
    template = get_template(SLOT_TEMPLATE)
    shared = {**common, "csrf_token": CSRF_PLACEHOLDER}
    html, missing = {}, {}
    for slot, args in renders:
        key = keys.get(args)
        if key in found:
            html[args] = found[key]
        else:
            html[args] = missing[key] = render_slot(slot, args, template, shared)
    if missing and plan_key:
        cache.set_many({k: v for k, v in missing.items() if k}, FRAGMENT_TIMEOUT)
    token = get_token(request)
    return {
        slot.block_id: mark_safe(html[args].replace(CSRF_PLACEHOLDER, token))
        for slot, args in renders
    }


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
