"""The assessments in the Wagtail admin: the Questionnaires snippet (questionnaires/admin.py), the
educators' shared reflections (reflections/admin.py) and the questionnaire dashboards.
"""

from wagtail import hooks

from .dashboard_admin import AttitudeChangeViewSet  # noqa: F401 - its menu item
from .engagement_admin import EngagementViewSet  # noqa: F401 - registers its menu item
from .questionnaires import admin as questionnaire_admin  # noqa: F401 - the Questionnaires snippet
from .reflections.admin import VIEWSET_NAME, SharedReflectionViewSet


@hooks.register("register_admin_viewset")
def register_shared_reflection_viewset():
    return SharedReflectionViewSet(VIEWSET_NAME)
