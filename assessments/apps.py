from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        from courses.course_page import register_course_page_part

        from . import (
            activity_descriptions,  # noqa: F401 - describes its activities to tracking
            personal_data,  # noqa: F401 - registers its parts of the data export
        )
        from .questionnaires import course_page_part

        register_course_page_part(course_page_part)
