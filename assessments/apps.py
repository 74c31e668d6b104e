from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        from . import personal_data  # noqa: F401 - registers its parts of the data export
