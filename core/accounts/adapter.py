from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, minus the messages that would surface later on an unrelated page."""

    # Signing in or out redirects to the home page, which shows no messages; the header
    # already says whether someone is signed in.
    QUIET_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in self.QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)
