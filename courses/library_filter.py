"""The stories a "Choose a story from the library" block offers: its stored filters as a
narratives.catalogue.StoryFilter, and the available narratives that match them, in the order
shown (by title) and no more than the educator's "at most" number.

One rule for every reader: the block's validation, the module page's shared plan, the choice
view (when no plan is cached), completion, and the narrative player's list of what a module may
play all ask `library_option_ids`. It reads a block's value as stored (a dict of lists of pk
strings) or as a StructValue alike.
"""

from django.db.models import Prefetch

from narratives.catalogue import LENGTH_KEYS, StoryFilter, matching
from narratives.models import CharacterisationValue, Narrative, NarrativeContentWarning

MAX_SHOWN_DEFAULT = 12
MAX_SHOWN_RANGE = (2, 24)


def _ints(values):
    """The whole numbers among stored pk strings; anything else (a tampered value) is dropped."""
    found = set()
    for value in values or ():
        try:
            found.add(int(value))
        except (TypeError, ValueError):
            continue
    return frozenset(found)


def _strings(values, allowed=None):
    found = {str(v) for v in values or () if v}
    return frozenset(found if allowed is None else found & set(allowed))


def story_filter(filters):
    """The StoryFilter the block's filters (its "filters" value) name. One query when they name
    characterisation values (to group them by dimension), none otherwise."""
    value = filters or {}
    language = str(value.get("language") or "").strip()
    characterisation = ()
    values = _ints(value.get("characterisation"))
    if values:
        by_dimension = {}
        for dimension, pk in CharacterisationValue.objects.filter(pk__in=values).values_list(
            "dimension_id", "pk"
        ):
            by_dimension.setdefault(dimension, set()).add(pk)
        characterisation = tuple(
            (dimension, frozenset(pks)) for dimension, pks in sorted(by_dimension.items())
        )
    return StoryFilter(
        themes=_ints(value.get("themes")),
        modalities=_strings(value.get("formats"), Narrative.Modality.values),
        lengths=_strings(value.get("lengths"), LENGTH_KEYS),
        languages=frozenset({language}) if language else frozenset(),
        characterisation=characterisation,
        without_domains=_ints(value.get("without_topics")),
    )


def max_shown(value):
    low, high = MAX_SHOWN_RANGE
    try:
        number = int((value or {}).get("max_shown") or MAX_SHOWN_DEFAULT)
    except (TypeError, ValueError):
        number = MAX_SHOWN_DEFAULT
    return min(max(number, low), high)


def matching_stories(filters):
    """Every available narrative matching the block's filters, by title (no limit)."""
    return matching(Narrative.objects.available(), story_filter(filters)).order_by("title", "pk")


def library_option_ids(value):
    """The pks the block (its whole value) offers, in order: at most its "at most" number."""
    stories = matching_stories((value or {}).get("filters"))
    return list(stories.values_list("pk", flat=True)[: max_shown(value)])


def load_stories(value):
    """The narratives the block offers, in order, with what a slot shows of them (consent, file,
    warnings with their domains, themes): four queries whatever their number."""
    ids = library_option_ids(value)
    loaded = (
        Narrative.objects.filter(pk__in=ids)
        .select_related("consent", "media")
        .prefetch_related(
            Prefetch(
                "warnings",
                queryset=NarrativeContentWarning.objects.select_related("warning__domain"),
            ),
            "themes",
        )
        .in_bulk()
    )
    return [loaded[pk] for pk in ids if pk in loaded]
