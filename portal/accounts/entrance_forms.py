"""allauth's forms in the site's voice (ACCOUNT_FORMS). A module of their own: allauth's form
module imports ACCOUNT_SIGNUP_FORM_CLASS from forms.py as it loads, so forms.py cannot import it."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _


class PlainWordsMixin:
    """allauth's forms in the site's voice: sentence case, UK spelling, no placeholders (a hint
    that vanishes as you type is no label), and no links inside labels or hints, so the fields
    come one after the other when you press Tab. The pages put the "forgotten your password"
    link after the button instead (templates/account/login.html)."""

    labels = {
        "login": _("Email address"),
        "email": _("Email address"),
        "password": _("Password"),
        "oldpassword": _("Current password"),
        "password1": _("Password"),
        "password2": _("Type the password again"),
        "remember": _("Remember me on this device"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.labels[name]
            field.widget.attrs.pop("placeholder", None)
        if "password" in self.fields:
            self.fields["password"].help_text = ""


class LoginForm(PlainWordsMixin, allauth_forms.LoginForm):
    """The learner sign-in (ACCOUNT_FORMS["login"])."""


class SignupForm(PlainWordsMixin, allauth_forms.SignupForm):
    """Sign-up (ACCOUNT_FORMS["signup"]); role and organisation come from SignupDetailsForm."""

    labels = {**PlainWordsMixin.labels, "password1": _("Create a password")}


class ResetPasswordForm(PlainWordsMixin, allauth_forms.ResetPasswordForm):
    """The "forgotten your password" page (ACCOUNT_FORMS["reset_password"])."""


class ResetPasswordKeyForm(PlainWordsMixin, allauth_forms.ResetPasswordKeyForm):
    """The new-password page the reset email leads to."""

    labels = {
        **PlainWordsMixin.labels,
        "password1": _("New password"),
        "password2": _("Type the new password again"),
    }


class ChangePasswordForm(PlainWordsMixin, allauth_forms.ChangePasswordForm):
    labels = ResetPasswordKeyForm.labels


class SetPasswordForm(PlainWordsMixin, allauth_forms.SetPasswordForm):
    labels = ResetPasswordKeyForm.labels


class AddEmailForm(PlainWordsMixin, allauth_forms.AddEmailForm):
    pass


class ReauthenticateForm(PlainWordsMixin, allauth_forms.ReauthenticateForm):
    """Asked before changing an email address or password, when the sign-in is not recent."""
