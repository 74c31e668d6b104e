"""The limits both sign-in pages share, counted by allauth in the default cache (Redis when there
is more than one app server) under the limits in ACCOUNT_RATE_LIMITS.

Failed sign-ins ("login_failed") count per IP address and per account, whichever page they
come from: the learner page (any of the account's addresses) and the admin page (username or
address) both count against the account's own email address. Password-reset requests
("reset_password") count per IP address and per address typed, on either page.
"""

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib.auth import get_user_model


def _account_for(login):
    """The account `login` names by one of its addresses or by its username, or None. Both are
    indexed lookups, as allauth's own (addresses are stored in lower case)."""
    address = (
        EmailAddress.objects.filter(email=login.lower())
        .select_related("user")
        .order_by("-verified", "-primary", "pk")
        .first()
    )
    if address is not None:
        return address.user
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: login}).first()


def login_key(login):
    """The key every failed sign-in with `login` counts against: the account's email address
    when `login` names an account, otherwise `login` itself (which is that address when it is
    the account's own; any other guess can never succeed, so needs no shared count)."""
    login = (login or "").strip()
    account = _account_for(login) if login else None
    return ((account.email if account is not None else "") or login).lower()


def reset_allowed(request, email):
    """Count a request to reset the password of `email`; False once a limit is reached. The key
    is the address as typed, as allauth's own reset page counts it, whether or not it belongs
    to anyone."""
    return bool(ratelimit.consume(request, action="reset_password", key=email.strip().lower()))
