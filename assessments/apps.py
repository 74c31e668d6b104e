from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        # Imported here, once the apps are loaded: personal_data registers the assessments' parts
        # of a person's data export as it is imported; registrations fills courses' registries
        # (course and module page parts, completion requirements).
        from . import personal_data, registrations  # noqa: F401 - personal_data registers itself

        registrations.register_all()
