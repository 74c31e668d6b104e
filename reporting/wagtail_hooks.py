"""The reports in the Wagtail admin: "Attitude change" (reporting/attitude/views.py) and
"Engagement and export" (reporting/engagement/views.py), each a viewset with its menu item."""

from wagtail import hooks

from .attitude.views import VIEWSET_NAME as ATTITUDE_CHANGE
from .attitude.views import AttitudeChangeViewSet
from .engagement.views import VIEWSET_NAME as ENGAGEMENT
from .engagement.views import EngagementViewSet


@hooks.register("register_admin_viewset")
def register_attitude_change_viewset():
    return AttitudeChangeViewSet(ATTITUDE_CHANGE)


@hooks.register("register_admin_viewset")
def register_engagement_viewset():
    return EngagementViewSet(ENGAGEMENT)
