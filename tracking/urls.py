from django.urls import path, re_path

from . import event_views, views

app_name = "tracking"

urlpatterns = [
    path("xapi/profile", views.profile, name="profile"),
    re_path(r"^xapi/activities/(?P<path>[a-z0-9/-]+)$", views.activity, name="activity"),
    path("xapi/events/", event_views.events, name="events"),
]
