from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Storybridge reached from the systems people already use: sign-in with an organisation's
    own account (OpenID Connect through allauth, configured per organisation in the admin) and
    multi-factor sign-in for staff. At the top of the layout beside portal: it may import any app
    below; none imports it."""

    name = "integrations"
    verbose_name = "Integrations"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from lti_tool.models import Key, LtiDeployment, LtiRegistration

        from . import personal_data  # noqa: F401  (registers its providers)
        from .lti import config

        # Each process remembers the registered platforms until one of these changes.
        for model in (LtiRegistration, LtiDeployment, Key):
            for signal in (post_save, post_delete):
                signal.connect(config.changed, sender=model, dispatch_uid=f"lti_config_{model}")
