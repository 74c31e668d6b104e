"""What a learner's viewer preferences mean for one narrative. Plain functions, no templates.

`preferences_for(user)` reads the stored row once (defaults for anonymous learners and for
anyone who never saved preferences); the other functions are pure and take its result.
"""

from dataclasses import dataclass, field

from .models import ViewerPreferences

WarningMode = ViewerPreferences.WarningMode
Modality = ViewerPreferences.Modality
_CACHE_ATTR = "_storybridge_viewer_preferences"


@dataclass(frozen=True)
class Preferences:
    warning_mode: str = WarningMode.ALWAYS
    domain_ids: frozenset = field(default_factory=frozenset)
    preferred_modality: str = Modality.ANY
    captions_on: bool = True
    low_bandwidth: bool = False

    @classmethod
    def from_model(cls, row):
        return cls(
            warning_mode=row.warning_mode,
            domain_ids=frozenset(row.domains.values_list("pk", flat=True)),
            preferred_modality=row.preferred_modality,
            captions_on=row.captions_on,
            low_bandwidth=row.low_bandwidth,
        )


DEFAULTS = Preferences()


def preferences_for(user):
    """The learner's preferences, or the defaults; read at most once per user object."""
    if user is None or not user.is_authenticated:
        return DEFAULTS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        row = ViewerPreferences.objects.filter(user=user).first()
        cached = Preferences.from_model(row) if row else DEFAULTS
        setattr(user, _CACHE_ATTR, cached)
    return cached


def domain_id(warning):
    """The id of the domain a ContentWarning (or a narrative's warning) belongs to."""
    warning = getattr(warning, "warning", warning)
    return warning.domain_id or warning.pk


def warnings_requiring_notice(preferences, narrative_warnings):
    """The warnings to show before a narrative, in their order.

    "Only warn me about the topics I choose" keeps the warnings in the chosen domains. The other
    modes warn about everything: a narrative the "hide" mode lets through still gets its warnings.
    """
    warnings = list(narrative_warnings)
    if preferences.warning_mode == WarningMode.CHOSEN:
        return [w for w in warnings if domain_id(w) in preferences.domain_ids]
    return warnings


def should_hide(preferences, narrative):
    """Whether the learner asked not to be shown this narrative at all."""
    if preferences.warning_mode != WarningMode.HIDE:
        return False
    return any(domain_id(w) in preferences.domain_ids for w in narrative.warnings.all())
