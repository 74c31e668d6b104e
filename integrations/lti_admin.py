"""Wagtail admin, Settings: "LTI platforms" (register an LMS: its addresses and deployment ids,
with the addresses to give it) and "LMS grades" (what waits for, was sent to or was refused by
an LMS's line items). Administrators only: the models' permissions. Registered by
integrations/wagtail_hooks.py."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiRegistration
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_viewsets import OnlyTheseViewsMixin

from .lti import registration
from .models import LtiGrade


class PlatformForm(WagtailAdminModelForm):
    deployment_ids = forms.CharField(
        label=_("Deployment IDs"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line: the deployment ID the LMS shows once the tool is added (Moodle: in the "
            "tool's details). Launches from any other deployment are refused."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["deployment_ids"].initial = "\n".join(
                self.instance.deployments.filter(is_active=True).values_list(
                    "deployment_id", flat=True
                )
            )

    def clean(self):
        cleaned = super().clean()
        for field in ("issuer", "auth_url", "token_url", "keyset_url"):
            value = cleaned.get(field)
            if value:
                try:
                    registration.check_address(value, field)
                except ValidationError as problem:
                    self.add_error(field, problem.message_dict[field])
        if not registration.split_ids(cleaned.get("deployment_ids", "")):
            self.add_error("deployment_ids", _("Give at least one deployment ID."))
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance = registration.save(
            name=data["name"],
            issuer=data["issuer"],
            client_id=data["client_id"],
            auth_url=data["auth_url"],
            token_url=data["token_url"],
            keyset_url=data["keyset_url"],
            deployment_ids=data["deployment_ids"],
            instance=self.instance,
        )
        return self.instance


def _addresses_help():
    found = registration.tool_addresses(settings.SITE_BASE_URL)
    intro = _("Give the LMS these addresses (the login address shows its own code once saved):")
    items = format_html_join("", "<li>{}: <code>{}</code></li>", found.items())
    return format_html("<p>{}</p><ul>{}</ul>", intro, items)


# Worked out when the page is drawn: the URLs are not loaded yet when the viewset is made.
addresses_help = lazy(_addresses_help, SafeString)


def login_address(found):
    return registration.tool_addresses(settings.SITE_BASE_URL, found)["login"]


class PlatformViewSet(OnlyTheseViewsMixin, ModelViewSet):
    model = LtiRegistration
    icon = "link"
    menu_label = _("LTI platforms")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    views = ("index", "index_results", "add", "edit", "delete")
    list_display = [
        "name",
        Column("issuer", label=_("Issuer")),
        BooleanColumn("is_active", label=_("Active")),
        Column("login", label=_("Login address to give the LMS"), accessor=login_address),
    ]

    @property
    def edit_handler(self):
        return ObjectList(
            [
                HelpPanel(content=addresses_help(), heading=_("Storybridge's addresses")),
                FieldPanel("name"),
                MultiFieldPanel(
                    [
                        FieldPanel("issuer"),
                        FieldPanel("client_id"),
                        FieldPanel("auth_url"),
                        FieldPanel("token_url"),
                        FieldPanel("keyset_url"),
                        FieldPanel("deployment_ids"),
                    ],
                    heading=_("What the LMS shows for the tool"),
                ),
            ],
            base_form_class=PlatformForm,
        )


class GradeViewSet(OnlyTheseViewsMixin, ModelViewSet):
    """A list only: grades are made by launches and sent by `lti_send_grades`."""

    model = LtiGrade
    icon = "tasks"
    menu_label = _("LMS grades")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["sent_at", "gave_up"]
    list_display = [
        Column("page", label=_("Course or module")),
        Column("context", label=_("LMS course")),
        BooleanColumn("completed", label=_("Completed")),
        Column("score", label=_("Score")),
        DateColumn("sent_at", label=_("Sent")),
        Column("attempts", label=_("Tries")),
        BooleanColumn("gave_up", label=_("Refused by the LMS")),
        Column("last_error", label=_("Last error")),
    ]
    form_fields = []
