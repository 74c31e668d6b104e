"""Wagtail admin, Settings → "Second factors" (administrators only: the model's permissions):
who has an authenticator app, and, for someone who lost their phone and their recovery codes,
"Remove": all their second factors go, so they sign in with their password and set up a new
app (which STORYBRIDGE_REQUIRE_STAFF_MFA then asks of staff). See portal/accounts/mfa.py."""

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from core.admin_viewsets import OnlyTheseViewsMixin


class RemoveSecondFactorsView(DeleteView):
    page_title = _("Remove second factors")
    success_message = _("%(object)s can now sign in with their password and set up a new app.")

    @property
    def confirmation_message(self):
        return _(
            "Remove every second factor of %(person)s (their authenticator app and recovery "
            "codes)? Do this only when you are sure the request comes from them."
        ) % {"person": self.object.user}

    def get_success_message(self):
        return self.success_message % {"object": self.object.user}

    def delete_action(self):
        user = self.object.user
        with transaction.atomic():
            Authenticator.objects.filter(user=user).delete()
            log(instance=user, action="storybridge.second_factors_removed", user=self.request.user)


class SecondFactorIndexView(IndexView):
    """One row a person: their authenticator app (their recovery codes go with it)."""

    def get_base_queryset(self):
        return (
            Authenticator.objects.filter(type=Authenticator.Type.TOTP)
            .select_related("user")
            .order_by("user__email", "pk")
        )


class SecondFactorViewSet(OnlyTheseViewsMixin, ModelViewSet):
    model = Authenticator
    icon = "key"
    menu_label = _("Second factors")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = SecondFactorIndexView
    delete_view_class = RemoveSecondFactorsView
    search_fields = ["user__email", "user__username"]
    list_display = [
        Column("user", label=_("Person")),
        Column("email", label=_("E-mail address"), accessor=lambda a: a.user.email),
        DateColumn("created_at", label=_("Set up")),
        DateColumn("last_used_at", label=_("Last used")),
    ]
    form_fields = []
    views = ("index", "index_results", "delete")


@hooks.register("register_admin_viewset")
def register_second_factor_viewset():
    return SecondFactorViewSet("second_factors")


@hooks.register("register_log_actions")
def register_second_factor_log_action(actions):
    actions.register_action(
        "storybridge.second_factors_removed",
        _("Second factors removed"),
        _("Second factors removed"),
    )
