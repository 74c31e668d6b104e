"""Which narratives match a set of filters: the one rule shared by the learner library's filter
form (/stories/) and the module block that lets a learner choose any matching story from the
library (courses/blocks). `matching(queryset, StoryFilter)` narrows a queryset; callers start
from `Narrative.objects.available()` (or `.for_visitors()`), so consent is always checked first.

Within one kind of filter, any selected value matches (Hope or Identity); across kinds, every
kind must match (Hope, and audio, and under 5 minutes). Characterisation is one kind per
dimension. "Without these topics" names content-warning domains: a narrative with any warning in
one of them (the domain itself or an item within it) is left out.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Narrative
from .taxonomy import ContentWarning

# Length bands, by recorded duration (reading time for text and poetry): (key, label, from, to).
LENGTHS = (
    ("short", _("Under 5 minutes"), None, timedelta(minutes=5)),
    ("medium", _("5 to 15 minutes"), timedelta(minutes=5), timedelta(minutes=15)),
    ("long", _("Over 15 minutes"), timedelta(minutes=15), None),
)
LENGTH_KEYS = tuple(key for key, *_rest in LENGTHS)
LENGTH_LABELS = {key: label for key, label, *_rest in LENGTHS}


def length_band(duration):
    """The key of the band a duration falls in, or "" when none is recorded."""
    if duration is None:
        return ""
    for key, _label, low, high in LENGTHS:
        if (low is None or duration >= low) and (high is None or duration < high):
            return key
    return ""


@dataclass(frozen=True)
class StoryFilter:
    themes: frozenset = field(default_factory=frozenset)  # Theme pks
    modalities: frozenset = field(default_factory=frozenset)  # Narrative.Modality values
    lengths: frozenset = field(default_factory=frozenset)  # LENGTH_KEYS
    languages: frozenset = field(default_factory=frozenset)  # language tags
    # ((dimension pk, frozenset of CharacterisationValue pks), ...), one pair per dimension.
    characterisation: tuple = ()
    without_domains: frozenset = field(default_factory=frozenset)  # ContentWarning domain pks

    @property
    def is_empty(self):
        return not (
            self.themes
            or self.modalities
            or self.lengths
            or self.languages
            or any(values for _dim, values in self.characterisation)
            or self.without_domains
        )


def _length_q(keys):
    condition = Q()
    for key, _label, low, high in LENGTHS:
        if key not in keys:
            continue
        band = Q(duration__isnull=False)
        if low is not None:
            band &= Q(duration__gte=low)
        if high is not None:
            band &= Q(duration__lt=high)
        condition |= band
    return condition


def matching(queryset, story_filter):
    """`queryset` (of narratives) narrowed to those matching every filter. Subqueries only, no
    joins: each narrative appears once, and the queryset can still be ordered or searched."""
    f = story_filter
    if f.themes:
        queryset = queryset.filter(pk__in=_through_ids("themes", "theme_id", f.themes))
    if f.modalities:
        queryset = queryset.filter(modality__in=f.modalities)
    if f.lengths:
        queryset = queryset.filter(_length_q(f.lengths))
    if f.languages:
        queryset = queryset.filter(language__in=f.languages)
    for _dimension, values in f.characterisation:
        if values:
            queryset = queryset.filter(
                pk__in=_through_ids("characterisation", "characterisationvalue_id", values)
            )
    if f.without_domains:
        warnings = ContentWarning.objects.filter(
            Q(pk__in=f.without_domains) | Q(domain_id__in=f.without_domains)
        )
        queryset = queryset.exclude(warnings__warning__in=warnings)
    return queryset


def _through_ids(relation, column, values):
    """The narrative ids with any of `values` in a many-to-many `relation`: a subquery, so the
    outer query needs no join (and no DISTINCT)."""
    through = getattr(Narrative, relation).through
    return through.objects.filter(**{f"{column}__in": values}).values("narrative_id")
