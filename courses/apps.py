from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self):
        from . import (
            activity_descriptions,  # noqa: F401 - describes its activities to tracking
            personal_data,  # noqa: F401 - registers its parts of the data export
            tracking_content,  # noqa: F401 - answers tracking's narrative player
        )
