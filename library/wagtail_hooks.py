"""The library's page in the Wagtail admin: "Story feedback" for the curators."""

from wagtail import hooks

from .admin_views import VIEWSET_NAME, StoryFeedbackViewSet


@hooks.register("register_admin_viewset")
def register_story_feedback_viewset():
    return StoryFeedbackViewSet(VIEWSET_NAME)
