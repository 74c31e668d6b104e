from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Storybridge core"

    def ready(self):
        from . import content_version, private_responses, signals  # noqa: F401
        from .accounts import personal_data  # noqa: F401 - registers core's personal data

        content_version.connect()
