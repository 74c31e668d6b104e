"""Learners' questionnaires, included from assessments/urls.py (names in its namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    # Before the timepoint pattern, which would otherwise take "results" as a timepoint.
    path(
        "questionnaires/<int:course_id>/results/",
        views.results,
        name="questionnaire_results",
    ),
    path(
        "questionnaires/<int:course_id>/<str:timepoint>/",
        views.questionnaire,
        name="questionnaire",
    ),
]
