from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from . import links, throttle, unconfirmed


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: quieter messages, failed sign-ins counted per account (shared with the
    admin sign-in page), and emails whose links always point at SITE_BASE_URL."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed attempts to sign in. Wait a few minutes, then try again."
        ),
    }

    # Signing in or out redirects to the home page, which shows no messages; the header
    # already says whether someone is signed in.
    # The "confirm your email address" page itself says where the link went.
    QUIET_MESSAGES = {
        "account/messages/logged_in.txt",
        "account/messages/logged_out.txt",
        "account/messages/email_confirmation_sent.txt",
    }

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in self.QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def respond_email_verification_sent(self, request, user):
        # After sign-up, or a sign-in with the right password, before the address is confirmed:
        # the page needs to know where the link went (portal/accounts/unconfirmed.py). `user` is
        # None when the address typed at sign-up already had an account.
        unconfirmed.remember(request, user, email=request.POST.get("email"))
        return super().respond_email_verification_sent(request, user)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's key is the request's Host header plus the login as typed, so each port
        # number in a forged Host ("example.org:1", ":2", ...) gave five fresh guesses, and the
        # admin page's username never met the learner page's address. This one is the account.
        # (pre_authenticate counts against it; a password reset clears it.)
        return throttle.login_key(credentials.get("email") or credentials.get("username"))

    def send_mail(self, template_prefix, email, context):
        # Every link allauth puts in an email ("activate_url", "password_reset_url",
        # "signup_url") is built from the request's Host header; so is `current_site`.
        context = {
            name: links.on_site(value)
            if name.endswith("_url") and isinstance(value, str)
            else value
            for name, value in context.items()
        }
        context["current_site"] = links.site()
        super().send_mail(template_prefix, email, context)
