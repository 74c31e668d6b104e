"""Learners' reflections and their journal, included by assessments/urls.py (names in its
namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "modules/<int:module_id>/reflections/<str:block_id>/",
        views.save,
        name="save",
    ),
    path("journal/", views.journal, name="journal"),
    path("journal/portfolio.pdf", views.portfolio, name="portfolio"),
    path("journal/<uuid:reflection_uuid>/", views.reflection_detail, name="reflection"),
    path("journal/<uuid:reflection_uuid>/share/", views.share, name="share"),
]
