from django.contrib.auth.models import Permission
from django.contrib.auth.signals import user_logged_in
from django.db.models import Q
from django.dispatch import receiver

# The session remembers whether this person may author, so learner pages need no permission
# queries to decide whether to show the authoring link and Wagtail's user bar. The admin itself
# still checks permissions on every request.
CAN_AUTHOR_SESSION_KEY = "storybridge_can_author"


@receiver(user_logged_in, dispatch_uid="storybridge_remember_can_author")
def remember_can_author(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[CAN_AUTHOR_SESSION_KEY] = can_author(user)


def can_author(user):
    """user.has_perm("wagtailadmin.access_admin") as Django's ModelBackend decides it (active,
    and a superuser or holding the permission directly or through a group), in one query rather
    than loading every permission the person has."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user),
        content_type__app_label="wagtailadmin",
        codename="access_admin",
    ).exists()
