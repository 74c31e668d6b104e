"""Multi-factor sign-in for staff (allauth.mfa: an authenticator app's codes, TOTP, with recovery
codes). Anyone may turn it on at /accounts/2fa/. With STORYBRIDGE_REQUIRE_STAFF_MFA on, editors,
curators and administrators must: the admin sends them to set it up before anything else there.

Both sign-in pages ask for the code: the learner page through allauth's own login steps, and the
admin page (`AdminLoginView`, Wagtail's view) by handing the checked user to the same steps
instead of signing them in itself."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.views import account as wagtail_account

# Under /admin/, what someone who still has to set up the second factor may reach: signing in
# and out, and resetting a password.
OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")


def is_staff_member(user):
    """Editors, curators and administrators: whoever may use the admin, except an account that
    only an LMS can sign in (no password; an LMS instructor who sees their cohort's progress),
    whose second factor is the LMS's own sign-in."""
    if not user.is_active:
        return False
    if not (user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
        return False
    return user.has_usable_password() or not user.lti_users.exists()


def has_second_factor(user):
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


class RequireStaffMFAMiddleware:
    """With STORYBRIDGE_REQUIRE_STAFF_MFA on, a member of staff without an authenticator app who
    opens the admin is sent to set one up, and comes back afterwards. Learner pages are never
    slowed: only requests for /admin/ are looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STORYBRIDGE_REQUIRE_STAFF_MFA
            and request.path.startswith("/admin/")
            and not request.path.startswith(OPEN_ADMIN_PATHS)
            and request.user.is_authenticated
            and is_staff_member(request.user)
            and not has_second_factor(request.user)
        ):
            target = reverse("mfa_activate_totp")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class AdminLoginView(wagtail_account.LoginView):
    """Wagtail's sign-in page, finishing through allauth's login steps: someone with an
    authenticator app is asked for a code (or a recovery code) before they are signed in."""

    def form_valid(self, form):
        user = form.get_user()
        remember = form.cleaned_data.get("remember")
        self.request.session.set_expiry(settings.SESSION_COOKIE_AGE if remember else 0)
        # What allauth's own password sign-in records: "signed in with a password just now",
        # which spares an immediate second password prompt when setting up the app.
        record_authentication(self.request, user, "password", username=user.get_username())
        return perform_login(self.request, user, redirect_url=self.get_success_url())
