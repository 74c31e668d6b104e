from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("enrol/<int:course_id>/", views.enrol, name="enrol"),
    path("courses/record/<uuid:enrolment_uuid>/", views.completion_record, name="record"),
]
