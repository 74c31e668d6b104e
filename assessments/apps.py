from django.apps import AppConfig

from core import content_version


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        # Imported here, once the apps are loaded: personal_data registers the assessments' parts
        # of a person's data export as it is imported; registrations fills courses' registries
        # (course and module page parts, completion requirements); activity_descriptions describes
        # its activities to tracking.
        from . import (  # noqa: F401 - personal_data and activity_descriptions register themselves
            activity_descriptions,
            personal_data,
            registrations,
        )

        registrations.register_all()
        # The course page offers its questionnaires to enrolled learners.
        content_version.watch("assessments.CourseQuestionnaires")
