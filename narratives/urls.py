from django.urls import path

from . import views

urlpatterns = [
    path(
        "narratives/<uuid:narrative_uuid>/file/<slug:kind>/",
        views.narrative_file_view,
        name="narrative_file",
    ),
]
