from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("enrol/<int:course_id>/", views.enrol, name="enrol"),
    path("courses/record/<uuid:enrolment_uuid>/", views.completion_record, name="record"),
    path(
        "modules/<int:module_id>/narratives/<str:block_id>/",
        views.narrative_choice,
        name="narrative_choice",
    ),
    path("support/", views.support, name="support"),
    path("support/break/", views.take_break, name="take_break"),
]
