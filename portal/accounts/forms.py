from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

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


class ChangeUnconfirmedEmailForm(forms.Form):
    """A corrected address for an account whose address is not confirmed yet."""

    email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        help_text=_("We will send a new link to this address."),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the right format, like name@example.org"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean_email(self):
        email = get_adapter().clean_email(self.cleaned_data["email"]).strip().lower()
        if self.current and email == self.current.lower():
            raise ValidationError(
                _("This is the address we already sent the link to. Enter a different one.")
            )
        return email


class ProfileForm(forms.ModelForm):
    """The learner's own name, role and organisation."""

    role = role_field()
    organisation = organisation_field()

    class Meta:
        model = User
        fields = ["first_name", "last_name", "role", "organisation"]
        labels = {"first_name": _("First name"), "last_name": _("Last name")}


def account_address_verified(user):
    """Whether the account's own address (User.email: where Wagtail's password reset writes and
    what an editor may change in Wagtail's account settings) is verified."""
    return bool(user.email) and (
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


def send_verification(request, user):
    """Email a link to verify the account's address, at most once in allauth's cooldown
    ("confirm_email", shared with the learner sign-in). False if the account has no address."""
    if not user.email:
        return False
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        address = EmailAddress.objects.create(
            user=user, email=user.email.lower(), primary=not has_primary
        )
    if ratelimit.consume(request, action="confirm_email", key=address.email.lower()):
        address.send_confirmation(request)
    return True


class AdminLoginForm(LoginForm):
    """Wagtail's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM). It checks the password as the
    learner sign-in does, through allauth's adapter, so failures count against the same limits
    (portal/accounts/throttle.py); then it lets in only people who may edit and whose address is
    verified. Only someone with the right password learns why they were refused."""

    error_messages = {
        **LoginForm.error_messages,
        "no_admin_access": _(
            "This page is for editors and curators, and your account cannot edit. "
            "Sign in on the {link} instead."
        ),
        "unverified": _(
            "You need to verify your email address before you can sign in here. "
            "We have sent a link to your email address. Follow it, then sign in again."
        ),
        "no_email": _(
            "You need to verify your email address before you can sign in here. "
            "Your account has no email address to verify. Ask an administrator to add one."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        # Counts a failure against the account and the IP address, and refuses at once when
        # either is over its limit, with allauth's "too_many_login_attempts" message.
        self.user_cache = get_adapter(self.request).authenticate(
            self.request, username=username, password=password
        )
        if self.user_cache is None:
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def confirm_login_allowed(self, user):
        if not user.is_active:
            # As Django's own backend does: an inactive account reads as a wrong password.
            raise self.get_invalid_login_error()
        if not user.has_perm("wagtailadmin.access_admin"):
            link = format_html(
                '<a href="{}">{}</a>', reverse("account_login"), _("learner sign-in page")
            )
            raise ValidationError(
                format_html(str(self.error_messages["no_admin_access"]), link=link),
                code="no_admin_access",
            )
        if not account_address_verified(user):
            if not send_verification(self.request, user):
                raise ValidationError(self.error_messages["no_email"], code="no_email")
            raise ValidationError(self.error_messages["unverified"], code="unverified")
