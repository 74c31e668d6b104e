"""One narrative slot of a module, rendered for one learner: which view of the slot they are at
(`slot_view`), and its HTML, shared between learners who see the same thing (`render_slots`).
The slot's plan, the same for everyone, comes from module_render.py."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core.page_cache import FRAGMENT_TIMEOUT
from narratives.preferences import rules as preference_rules

from . import viewing

SLOT_TEMPLATE = "courses/slots/slot.html"
CSRF_PLACEHOLDER = "__storybridge_csrf_token__"


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
