from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site's front door and its operators' tools: accounts (sign-up, sign-in guards, "Your
    profile", "Download my data"), the demo content and `load_demo`, `erase_learner`, and the
    benchmark floor. The top of the layout: it may import any app; none imports it."""

    name = "portal"
    verbose_name = "Portal"
