from allauth.account.adapter import DefaultAccountAdapter

from . import links


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: quieter messages, and emails whose links always point at
    SITE_BASE_URL."""

    # Signing in or out redirects to the home page, which shows no messages; the header
    # already says whether someone is signed in.
    QUIET_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in self.QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

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
