"""Who may open a staff page: one rule for every group check, one mixin for the views that use
it, and one menu item that only shows to educators. What each person then sees is narrowed
elsewhere (their cohorts, say).

The group names are the ones the migrations create and the demo loads.
"""

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem

EDUCATORS = "Educators"
NARRATIVE_CURATORS = "Narrative curators"


def in_group(user, group_name):
    """An active superuser, or an active member of the group."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=group_name).exists()


def is_educator(user):
    return in_group(user, EDUCATORS)


class GroupRequiredMixin:
    """A view for one group (and superusers); anyone else is refused before anything loads."""

    required_group = EDUCATORS

    def dispatch(self, request, *args, **kwargs):
        if not in_group(request.user, self.required_group):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EducatorsOnlyMixin(GroupRequiredMixin):
    required_group = EDUCATORS


class EducatorsMenuItem(MenuItem):
    """An admin menu item shown to educators (and superusers) only."""

    def is_shown(self, request):
        return is_educator(request.user)


class CuratorsMenuItem(MenuItem):
    """An admin menu item shown to the narrative curators (and superusers) only."""

    def is_shown(self, request):
        return in_group(request.user, NARRATIVE_CURATORS)
