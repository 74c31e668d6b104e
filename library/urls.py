from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("stories/", views.index, name="index"),
    path("stories/<uuid:story_uuid>/", views.story_page, name="story"),
    path("stories/<uuid:story_uuid>/choice/", views.story_choice, name="choice"),
    path("stories/<uuid:story_uuid>/feedback/", views.story_feedback, name="feedback"),
]
