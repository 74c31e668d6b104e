"""What a learner's viewer preferences mean for one narrative. Plain functions, no templates.

`preferences_for(user)` reads the stored row once (defaults for anonymous learners and for
anyone who never saved preferences); the other functions are pure and take its result.
"""

from dataclasses import dataclass, field

from django.core.cache import cache

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
    def from_model(cls, row, domain_ids=None):
        if domain_ids is None:
            domain_ids = row.domains.values_list("pk", flat=True)
        return cls(
            warning_mode=row.warning_mode,
            domain_ids=frozenset(domain_ids),
            preferred_modality=row.preferred_modality,
            captions_on=row.captions_on,
            low_bandwidth=row.low_bandwidth,
        )


DEFAULTS = Preferences()


def cache_key(user_id):
    return f"sb:prefs:{user_id}"


def preferences_for(user):
    """The learner's preferences, or the defaults: from the cache (emptied whenever they are
    saved, see narratives/preferences/signals.py), else read once per user object."""
    if user is None or not user.is_authenticated:
        return DEFAULTS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = cache.get(cache_key(user.pk))
    if cached is None:
        row = ViewerPreferences.objects.filter(user=user).prefetch_related("domains").first()
        cached = Preferences.from_model(row, [d.pk for d in row.domains.all()]) if row else DEFAULTS
        cache.set(cache_key(user.pk), cached, 24 * 60 * 60)
    setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_preferences(user_id):
    cache.delete(cache_key(user_id))


def domain_id(warning):
    """The id of the domain a ContentWarning (or a narrative's warning) belongs to."""
    warning = getattr(warning, "warning", warning)
    return warning.domain_id or warning.pk


def warns_about(preferences, warning_domain_id):
    """Whether a warning in this domain calls for a notice before the narrative.

    "Only warn me about the topics I choose" warns about the chosen domains. The other modes warn
    about everything: a narrative the "hide" mode lets through still gets its warnings.
    """
    if preferences.warning_mode == WarningMode.CHOSEN:
        return warning_domain_id in preferences.domain_ids
    return True


def notice_needed(preferences, warning_domain_ids):
    """Whether a narrative whose warnings are in these domains gets the interstitial."""
    return any(warns_about(preferences, d) for d in warning_domain_ids)


def hides_domains(preferences, warning_domain_ids):
    """Whether the learner asked not to be shown a narrative with warnings in these domains."""
    if preferences.warning_mode != WarningMode.HIDE:
        return False
    return bool(preferences.domain_ids & set(warning_domain_ids))


def should_hide(preferences, narrative):
    """Whether the learner asked not to be shown this narrative at all."""
    return hides_domains(preferences, {domain_id(w) for w in narrative.warnings.all()})
