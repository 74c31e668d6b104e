from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Storybridge core"

    def ready(self):
        from . import (  # noqa: F401 - signals, checks, hooks and core's personal data
            account_data,
            content_version,
            csp_widgets,
            private_responses,
            protected_files,
            search_index,
            signals,
        )

        content_version.connect()
        csp_widgets.add_nonce_to_chooser_scripts()
        search_index.connect(self)
