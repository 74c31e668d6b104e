"""The narrative library's parts of a person's data export (core/personal_data.py): a learner's
viewer preferences, and for editors the narratives they hold locked and the consent records
they last changed. Registered in NarrativesConfig.ready()."""

from core.personal_data import Provider, register, when

from .models import Consent, Narrative
from .preferences.models import ViewerPreferences


@register
class Preferences(Provider):
    """How they asked narratives to be shown: warnings, topics, format, captions, bandwidth."""

    name = "preferences"
    models = ("narratives.ViewerPreferences", "narratives.ViewerPreferences_domains")
    single = True
    order = 50

    def rows(self, owner):
        return ViewerPreferences.objects.filter(user=owner).prefetch_related("domains")

    def row(self, preferences):
        return {
            "warning_mode": preferences.get_warning_mode_display(),
            "topics": sorted(domain.name for domain in preferences.domains.all()),
            "preferred_format": preferences.get_preferred_modality_display(),
            "captions_on": preferences.captions_on,
            "low_bandwidth": preferences.low_bandwidth,
            "updated": when(preferences.updated),
        }


@register
class NarrativesLocked(Provider):
    name = "narratives_locked"
    models = ("narratives.Narrative",)
    within = "editorial_activity"
    order = 200

    def rows(self, owner):
        return Narrative.objects.filter(locked_by=owner).order_by("title", "pk")

    def row(self, narrative):
        return {"title": narrative.title, "locked_at": when(narrative.locked_at)}


@register
class ConsentRecordsChanged(Provider):
    name = "consent_records_last_changed"
    models = ("narratives.Consent",)
    within = "editorial_activity"
    order = 210

    def rows(self, owner):
        return (
            Consent.objects.filter(updated_by=owner)
            .select_related("narrative")
            .order_by("narrative__title", "pk")
        )

    def row(self, consent):
        return {"narrative": consent.narrative.title, "changed": when(consent.updated_at)}
