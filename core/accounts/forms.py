from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

User = get_user_model()

ROLE_REQUIRED = _("Choose the role that fits you best. If none fits, choose “Other staff”.")


def role_field():
    return forms.TypedChoiceField(
        label=_("Your role"),
        choices=User.Role.choices,
        widget=forms.RadioSelect,
        help_text=User._meta.get_field("role").help_text,
        error_messages={"required": ROLE_REQUIRED, "invalid_choice": ROLE_REQUIRED},
    )


def organisation_field():
    model_field = User._meta.get_field("organisation")
    return forms.CharField(
        label=_("Your organisation"),
        max_length=model_field.max_length,
        required=False,
        help_text=model_field.help_text,
    )


class SignupDetailsForm(forms.Form):
    """The questions allauth's sign-up form asks besides email and password
    (ACCOUNT_SIGNUP_FORM_CLASS)."""

    role = role_field()
    organisation = organisation_field()

    def signup(self, request, user):
        user.role = self.cleaned_data["role"]
        user.organisation = self.cleaned_data["organisation"]
        user.save(update_fields=["role", "organisation"])


class ProfileForm(forms.ModelForm):
    """The learner's own name, role and organisation."""

    role = role_field()
    organisation = organisation_field()

    class Meta:
        model = User
        fields = ["first_name", "last_name", "role", "organisation"]
        labels = {"first_name": _("First name"), "last_name": _("Last name")}
