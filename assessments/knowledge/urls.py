"""Knowledge checks, included by assessments/urls.py (inside the "assessments" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "modules/<int:module_id>/knowledge-checks/<str:block_id>/",
        views.answer,
        name="knowledge_check",
    ),
]
