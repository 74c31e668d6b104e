from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Storybridge reached from the systems people already use: sign-in with an organisation's
    own account (OpenID Connect through allauth, configured per organisation in the admin) and
    multi-factor sign-in for staff. At the top of the layout beside portal: it may import any app
    below; none imports it."""

    name = "integrations"
    verbose_name = "Integrations"

    def ready(self):
        from . import personal_data  # noqa: F401  (registers its providers)
