from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from . import links, throttle


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
    QUIET_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in self.QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

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
