from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .endpoints import configured


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "xAPI tracking"

    def ready(self):
        from . import personal_data  # noqa: F401 - registers its parts of the data export

        checks.register(check_lrs_endpoints, checks.Tags.compatibility)


def check_lrs_endpoints(app_configs=None, **kwargs):
    """`manage.py check` (and every server start) reports a malformed XAPI_LRS_ENDPOINTS."""
    try:
        configured()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="tracking.E001")]
    return []
