from django.urls import include, path

from . import views

app_name = "assessments"

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
    path("", include("assessments.questionnaire_urls")),
    path("", include("assessments.knowledge_urls")),
]
