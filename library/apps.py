from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Story library"

    def ready(self):
        # Imported here, once the apps are loaded: personal_data registers the library's parts of
        # a person's data export as it is imported; tracking_content answers the player's
        # questions about stories opened from the library.
        from tracking.player.content import register_library_content

        from . import personal_data  # noqa: F401 - registers itself
        from .tracking_content import StoriesContent

        register_library_content(StoriesContent())
