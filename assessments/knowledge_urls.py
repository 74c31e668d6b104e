"""Knowledge checks, included by assessments/urls.py (inside the "assessments" namespace)."""

from django.urls import path

from . import knowledge_views

urlpatterns = [
    path(
        "modules/<int:module_id>/knowledge-checks/<str:block_id>/",
        knowledge_views.answer,
        name="knowledge_check",
    ),
]
