from django.apps import AppConfig


class NarrativesConfig(AppConfig):
    name = "narratives"
    verbose_name = "Narrative library"

    def ready(self):
        from .preferences import signals  # noqa: F401
