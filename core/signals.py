from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

# The session remembers whether this person may author, so learner pages need no permission
# queries to decide whether to show the authoring link and Wagtail's user bar. The admin itself
# still checks permissions on every request.
CAN_AUTHOR_SESSION_KEY = "storybridge_can_author"


@receiver(user_logged_in, dispatch_uid="storybridge_remember_can_author")
def remember_can_author(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[CAN_AUTHOR_SESSION_KEY] = user.has_perm("wagtailadmin.access_admin")
