"""The learner-facing addresses of reflections, questionnaires and knowledge checks, all in the
"assessments" namespace."""

from django.urls import include, path

app_name = "assessments"

urlpatterns = [
    path("", include("assessments.reflections.urls")),
    path("", include("assessments.questionnaires.urls")),
    path("", include("assessments.knowledge.urls")),
]
