from django.urls import path, re_path

from . import event_views, views

app_name = "tracking"

urlpatterns = [
    path("xapi/profile", views.profile, name="profile"),
    path("xapi/profile/v1", views.profile, name="profile-version"),
    re_path(
        r"^xapi/profile/(?P<kind>verbs|activity-types|extensions)/(?P<name>[a-z0-9-]+)$",
        views.concept,
        name="concept",
    ),
    re_path(r"^xapi/activities/(?P<path>[a-z0-9/-]+)$", views.activity, name="activity"),
    path("xapi/events/", event_views.events, name="events"),
]
