from django.apps import AppConfig

from core import content_version


class NarrativesConfig(AppConfig):
    name = "narratives"
    verbose_name = "Narrative library"

    def ready(self):
        from . import personal_data  # noqa: F401 - registers its parts of the data export
        from .preferences import signals  # noqa: F401

        # What a narrative block shows: a change to any of these empties the shared caches.
        content_version.watch(
            "narratives.Narrative",
            "narratives.Consent",
            "narratives.NarrativeContentWarning",
            "narratives.ContentWarning",
            "narratives.Theme",
        )
