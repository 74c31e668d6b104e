"""Wagtail admin, Settings: "Sign-in organisations" (add an organisation's identity provider, no
code change) and "Refused sign-ins" (what was refused, when and why). Administrators only: the
models' permissions, which only superusers hold unless given."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_viewsets import OnlyTheseViewsMixin

from . import lti_admin, scorm_admin
from .models import Organisation, RefusedSignIn, ScormPackage


def redirect_address(organisation):
    path = reverse("openid_connect_callback", kwargs={"provider_id": organisation.slug})
    return settings.SITE_BASE_URL + path


class OrganisationForm(WagtailAdminModelForm):
    """The short name is fixed once saved (accounts are linked under it); the secret is never
    shown again, and left empty it stays as it was."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        secret = self.fields["client_secret"]
        secret.widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
        if self.instance.pk:
            self.fields["slug"].disabled = True
            secret.required = False
            secret.help_text = _("Leave empty to keep the secret saved before.")

    def clean_client_secret(self):
        value = self.cleaned_data.get("client_secret", "")
        if not value and self.instance.pk:
            return Organisation.objects.get(pk=self.instance.pk).client_secret
        return value


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "key"
    menu_label = _("Sign-in organisations")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["name", "slug"]
    list_display = [
        "name",
        Column("slug", label=_("Short name")),
        Column("enabled", label=_("People can sign in")),
        Column("domains", label=_("Allowed domains"), accessor=lambda o: ", ".join(o.domains)),
        Column("redirect", label=_("Redirect address to register"), accessor=redirect_address),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("enabled"),
            MultiFieldPanel(
                [
                    FieldPanel("discovery_url"),
                    FieldPanel("client_id"),
                    FieldPanel("client_secret"),
                ],
                heading=_("Identity provider"),
            ),
            MultiFieldPanel(
                [FieldPanel("allowed_domains"), FieldPanel("addresses_verified")],
                heading=_("Who may sign in"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("role_claim"), FieldPanel("default_role")]),
                    FieldPanel("organisation_claim"),
                ],
                heading=_("New accounts"),
            ),
        ],
        base_form_class=OrganisationForm,
    )


class RefusedSignInViewSet(OnlyTheseViewsMixin, ModelViewSet):
    """A list only: refusals are recorded by the sign-in, never made or changed by hand."""

    model = RefusedSignIn
    icon = "warning"
    menu_label = _("Refused sign-ins")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["reason", "organisation"]
    list_display = [
        DateColumn("at", label=_("When")),
        Column("organisation", label=_("Organisation")),
        Column("reason", label=_("Reason"), accessor="get_reason_display"),
        Column("domain", label=_("E-mail domain")),
        Column("detail", label=_("Detail")),
    ]
    form_fields = []


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet("sign_in_organisations")


@hooks.register("register_admin_viewset")
def register_refused_sign_in_viewset():
    return RefusedSignInViewSet("refused_sign_ins")


def download_link(package):
    return reverse("scorm_package_download", args=[package.pk])


class ScormPackageViewSet(OnlyTheseViewsMixin, ModelViewSet):
    """The packages made, each to download again or to withdraw (delete: its launches are then
    refused). They are made from a course or module page's actions."""

    model = ScormPackage
    icon = "download"
    menu_label = _("SCORM packages")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "title",
        Column("page", label=_("Course or module")),
        Column("send_score", label=_("Sends the score")),
        DateColumn("created_at", label=_("Made")),
        TitleColumn(
            "download",
            label=_("Download"),
            accessor=lambda package: _("Download the zip"),
            get_url=download_link,
        ),
    ]
    form_fields = ["title", "send_score"]
    views = ("index", "index_results", "edit", "delete", "history", "usage")


@hooks.register("register_admin_viewset")
def register_scorm_package_viewset():
    return ScormPackageViewSet("scorm_packages")


@hooks.register("register_admin_urls")
def register_scorm_urls():
    return scorm_admin.urlpatterns()


@hooks.register("register_page_header_buttons")
def scorm_package_button(page, user, view_name, next_url=None):
    yield scorm_admin.ScormPackageMenuItem(page=page, priority=80)


@hooks.register("register_admin_viewset")
def register_lti_platform_viewset():
    return lti_admin.PlatformViewSet("lti_platforms")


@hooks.register("register_admin_viewset")
def register_lms_grade_viewset():
    return lti_admin.GradeViewSet("lms_grades")
