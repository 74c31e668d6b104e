from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Storybridge core"

    def ready(self):
        from . import content_version, protected_files, search_index, signals  # noqa: F401
        from .accounts import personal_data  # noqa: F401 - registers core's personal data

        content_version.connect()
        search_index.connect(self)
