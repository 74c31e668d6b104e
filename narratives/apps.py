from django.apps import AppConfig


class NarrativesConfig(AppConfig):
    name = "narratives"
    verbose_name = "Narrative library"

    def ready(self):
        from . import personal_data  # noqa: F401 - registers its parts of the data export
        from .preferences import signals  # noqa: F401
