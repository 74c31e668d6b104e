"""Someone who has just signed up, or tried to sign in, and has not confirmed their email
address yet: what this browser remembers about them, so the "confirm your email address" page
can say where the link went, send it again and take a corrected address.

Only a browser that created the account, or signed in with its password, is remembered, and
only for LIFETIME. When the address was already taken at sign-up (allauth then emails the owner
instead, so the page does not reveal which addresses have accounts), the page behaves the same:
it remembers the address typed and no account.
"""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

SESSION_KEY = "storybridge_unconfirmed"
LIFETIME = timedelta(minutes=30)
SIGN_UP, SIGN_IN = "sign_up", "sign_in"


@dataclass
class Unconfirmed:
    email: str
    reason: str  # SIGN_UP or SIGN_IN
    user: object = None  # None: the address typed at sign-up already had an account


def _unverified_address(user):
    addresses = EmailAddress.objects.filter(user=user, verified=False).order_by("-primary", "pk")
    return addresses.first()


def remember(request, user, email=None):
    """Called as allauth sends someone to the "confirm your email address" page."""
    match = getattr(request, "resolver_match", None)
    reason = SIGN_IN if match and match.url_name == "account_login" else SIGN_UP
    if user is not None:
        address = _unverified_address(user)
        email = address.email if address else user.email
    email = (email or "").strip().lower()
    if not email:
        forget(request)
        return
    request.session[SESSION_KEY] = {
        "email": email,
        "reason": reason,
        "user": user.pk if user is not None else None,
        "until": (timezone.now() + LIFETIME).isoformat(),
    }


def forget(request):
    request.session.pop(SESSION_KEY, None)


def recall(request):
    """The person this browser is waiting on, or None (never remembered, expired, or the
    account has since confirmed an address)."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    if timezone.datetime.fromisoformat(data["until"]) < timezone.now():
        forget(request)
        return None
    user = None
    if data["user"] is not None:
        user = get_user_model().objects.filter(pk=data["user"]).first()
        if user is None or EmailAddress.objects.filter(user=user, verified=True).exists():
            forget(request)
            return None
    return Unconfirmed(email=data["email"], reason=data["reason"], user=user)


def send_link(request, unconfirmed):
    """Email the link again, within allauth's "confirm_email" limit (ACCOUNT_RATE_LIMITS, one
    per address per ACCOUNT_EMAIL_CONFIRMATION_COOLDOWN). False when over the limit."""
    if not ratelimit.consume(request, action="confirm_email", key=unconfirmed.email):
        return False
    address = None
    if unconfirmed.user is not None:
        address = EmailAddress.objects.filter(
            user=unconfirmed.user, email__iexact=unconfirmed.email, verified=False
        ).first()
    if address is not None:
        address.send_confirmation(request, signup=unconfirmed.reason == SIGN_UP)
    else:
        # As allauth does at sign-up: the address has an account already, so its owner is told.
        get_adapter(request).send_account_already_exists_mail(unconfirmed.email)
    return True


def change_address(request, unconfirmed, new_email):
    """Replace the unconfirmed address with `new_email` and send the link there; the link sent
    to the old address stops working. An address another account already uses stays with that
    account and its owner is emailed, as at sign-up (the page reads the same either way).
    Returns the new Unconfirmed."""
    new_email = new_email.strip().lower()
    user = unconfirmed.user
    taken = EmailAddress.objects.filter(email__iexact=new_email)
    if user is not None:
        taken = taken.exclude(user=user)
    taken = taken.exists()
    if user is not None and not taken:
        with transaction.atomic():
            EmailAddress.objects.filter(user=user, verified=False).delete()
            EmailAddress.objects.create(user=user, email=new_email, primary=True, verified=False)
            user.email = new_email
            user.save(update_fields=["email"])
    request.session[SESSION_KEY] = {**request.session[SESSION_KEY], "email": new_email}
    changed = Unconfirmed(email=new_email, reason=unconfirmed.reason, user=user)
    if taken or user is not None:
        send_link(request, changed)
    return changed
