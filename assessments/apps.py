from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        # Imported here, as registries are filled: each module registers what courses and core
        # learn about the assessments (course and module page parts, completion requirements,
        # parts of a person's data export).
        from . import (
            personal_data,  # noqa: F401 - registers its parts of the data export
            registrations,
        )

        registrations.register_all()
