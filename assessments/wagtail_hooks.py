"""The assessments in the Wagtail admin: the Questionnaires snippet (questionnaires/admin.py) and
the educators' shared reflections (reflections/admin.py). The reports on them are the reporting
app's (reporting/wagtail_hooks.py).
"""

from wagtail import hooks

from .questionnaires import admin as questionnaire_admin  # noqa: F401 - the Questionnaires snippet
from .reflections.admin import VIEWSET_NAME, SharedReflectionViewSet


@hooks.register("register_admin_viewset")
def register_shared_reflection_viewset():
    return SharedReflectionViewSet(VIEWSET_NAME)
