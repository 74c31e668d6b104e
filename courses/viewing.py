"""Safe narrative viewing: what a learner sees in each narrative slot of a module, and what each
choice on the content-warning interstitial does to the slot. Plain functions that write nothing;
views and templates call them, and choices.py records a choice.

A *slot* is a NarrativeBlock (one narrative, plus alternatives on the same themes without its
warnings), a NarrativeChoiceBlock (the learner picks one of two to four) or a LibraryChoiceBlock
(the learner picks any available story matching the educator's filters, up to the number the
block shows: courses/library_filter.py). Its state, per
learner, is a small dict kept on ModuleProgress.narrative_state under the block id:

    {"n": <narrative pk in the slot, or None before a choice>, "s": <status>}

Statuses: "new" (not yet seen: the interstitial if the narrative needs a notice, else the
narrative), "open" (continued past the notice), "transcript" (reading the transcript instead),
"choosing" (looking for another narrative), "skipped", "done" (finished: counts for completion).
A new slot whose notice was shown to an enrolled learner also holds "w": <narrative pk>, so the
"content warning shown" statement is recorded once per showing (see
`choices.record_warnings_shown`); any choice replaces the state and so clears it.
"""

from dataclasses import dataclass

from narratives.models import Narrative
from narratives.preferences import rules as preference_rules

from .body import LIBRARY_CHOICE, NARRATIVE, NARRATIVE_BLOCK_TYPES, module_body
from .library_filter import library_option_ids
from .viewing_models import Choice

NEW, OPEN, TRANSCRIPT, CHOOSING, SKIPPED, DONE = (
    "new",
    "open",
    "transcript",
    "choosing",
    "skipped",
    "done",
)
MAX_ALTERNATIVES = 3

# What each interstitial choice does to the slot: (new status, whether it records a decision).
CHOICE_STATUS = {
    Choice.CONTINUE: OPEN,
    Choice.TRANSCRIPT: TRANSCRIPT,
    Choice.ANOTHER: CHOOSING,
    Choice.CHOSEN: NEW,
    Choice.SKIP: SKIPPED,
    Choice.EXPERIENCED: DONE,
}
RESET = "reset"  # "Show it again" after skipping: not a decision, so not in Choice.
SUPPORT = "support"


class InvalidChoice(ValueError):
    """A choice the slot does not offer: a tampered or out-of-date form."""


def slot_is_done(state):
    return bool(state) and state.get("s") == DONE


def default_state(slot_type, primary_pk):
    return {"n": primary_pk if slot_type == NARRATIVE else None, "s": NEW}


def warning_domains(narrative):
    return {preference_rules.domain_id(w) for w in narrative.warnings.all()}


def alternative_pool(narrative_ids):
    """The narratives that may stand in for these: available, on any of their themes."""
    themes = Narrative.themes.through.objects.filter(narrative_id__in=narrative_ids)
    return Narrative.objects.available().filter(themes__in=themes.values("theme_id")).distinct()


def alternatives_by_primary(primaries, pool, limit=MAX_ALTERNATIVES):
    """For each narrative, those a learner may take instead: in the pool (available, on one of
    the same themes), with no warning in any of its warning domains; most shared themes first.
    Every narrative needs its themes and warnings loaded (prefetched, or queried one by one)."""
    found = {}
    for primary in primaries:
        themes, domains = {t.pk for t in primary.themes.all()}, warning_domains(primary)
        ranked = []
        for candidate in pool:
            shared = len(themes & {t.pk for t in candidate.themes.all()})
            if candidate.pk != primary.pk and shared and not (domains & warning_domains(candidate)):
                ranked.append((-shared, candidate.title, candidate.pk, candidate))
        found[primary.pk] = [entry[-1] for entry in sorted(ranked, key=lambda e: e[:3])[:limit]]
    return found


def alternatives_for(narrative, limit=MAX_ALTERNATIVES):
    pool = alternative_pool([narrative.pk]).prefetch_related("themes", "warnings__warning")
    return alternatives_by_primary([narrative], pool, limit)[narrative.pk]


@dataclass(frozen=True)
class SlotOptions:
    """What a slot may show: the narratives a learner can pick or be shown, in order."""

    block_id: str
    block_type: str
    primary: int | None
    options: tuple  # pks: the choice set, or the primary narrative then its alternatives


def slot_options(module, block_id, body=None):
    """The options of one slot of the module's stored body, or None if there is no such slot.
    Queries the alternatives of a single narrative; used when a choice is posted. `body` is the
    module's `module_body` when the caller has it already."""
    block = (body or module_body(module)).get(block_id)
    if block is None or block.type not in NARRATIVE_BLOCK_TYPES:
        return None
    if block.type == NARRATIVE:
        primary = block.get("narrative")
        narrative = Narrative.objects.available().filter(pk=primary).first()
        if narrative is None:
            return SlotOptions(block_id, block.type, primary, ())
        options = [narrative.pk] + [n.pk for n in alternatives_for(narrative)]
        return SlotOptions(block_id, block.type, primary, tuple(options))
    if block.type == LIBRARY_CHOICE:
        return SlotOptions(block_id, block.type, None, tuple(library_option_ids(block.value)))
    pks = block.narrative_ids
    available = set(Narrative.objects.available().filter(pk__in=pks).values_list("pk", flat=True))
    return SlotOptions(block_id, block.type, None, tuple(p for p in pks if p in available))


def apply_choice(state, slot, choice, narrative_pk):
    """The slot's new state after a choice, or InvalidChoice. Pure: no query, no write."""
    state = dict(state or default_state(slot.block_type, slot.primary))
    if narrative_pk not in slot.options:
        raise InvalidChoice("That narrative is not offered here.")
    if choice == Choice.CHOSEN:
        return {"n": narrative_pk, "s": NEW}
    # Every other choice concerns the narrative now in the slot.
    current = state.get("n")
    if current != narrative_pk:
        raise InvalidChoice("That narrative is no longer the one shown here.")
    if choice == RESET:
        return {"n": current, "s": NEW}
    if choice not in CHOICE_STATUS:
        raise InvalidChoice("Unknown choice.")
    return {"n": current, "s": CHOICE_STATUS[choice]}


def hidden_pks(preferences, narratives):
    """The pks of the narratives the learner asked not to be shown."""
    return {n.pk for n in narratives if preference_rules.should_hide(preferences, n)}


def satisfied_without_learner(module, user, preferences=None, block_ids=None):
    """Narrative slots that need nothing from this learner, so the module can still be
    completed: those with nothing left to show (every narrative withdrawn, say), and, for a
    learner who hides topics, those where every narrative is hidden from them. `block_ids`
    limits the question to those slots (the ones the learner has not finished)."""
    preferences = preferences or preference_rules.preferences_for(user)
    body = module_body(module)
    blocks = [
        block for block in body.narrative_slots() if block_ids is None or block.id in block_ids
    ]
    if not blocks:
        return set()
    if preferences.warning_mode != preference_rules.WarningMode.HIDE:
        # Only "nothing left to show": whether any narrative the block names is available, or
        # for a library block, whether any story matches its filters now.
        library = {block.id for block in blocks if block.type == LIBRARY_CHOICE}
        satisfied = {
            block.id
            for block in blocks
            if block.type == LIBRARY_CHOICE and not library_option_ids(block.value)
        }
        named = {block.id: block.narrative_ids for block in blocks if block.id not in library}
        available = set(
            Narrative.objects.available()
            .filter(pk__in={pk for pks in named.values() for pk in pks})
            .values_list("pk", flat=True)
        )
        return satisfied | {block_id for block_id, pks in named.items() if not available & set(pks)}
    satisfied = set()
    for block in blocks:
        slot = slot_options(module, block.id, body)
        if not slot.options:
            satisfied.add(block.id)
            continue
        narratives = Narrative.objects.filter(pk__in=slot.options).prefetch_related(
            "warnings__warning"
        )
        if len(hidden_pks(preferences, narratives)) == len(slot.options):
            satisfied.add(block.id)
    return satisfied


WARNING_SHOWN_KEY = "w"  # in a slot's state: the narrative whose notice was shown (recorded)


def choice_heading(module, block_id):
    """The prompt of a choice block, as the name of its choice set ("" for a narrative block,
    whose set is the alternatives offered in place of its narrative)."""
    block = module_body(module).get(block_id)
    return "" if block is None else str(block.get("prompt") or "")[:200]
