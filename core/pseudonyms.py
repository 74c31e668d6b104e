"""One pseudonym per person, for everything that leaves the platform about them: analysts'
exports now, xAPI actors later (DESIGN.md, "xAPI"). An HMAC of the user id with the site's
secret: stable, not reversible without the secret, and the same in every export, so an
analyst can join exports without ever learning who anyone is."""

from django.conf import settings
from django.utils.crypto import salted_hmac

PURPOSE = "storybridge.pseudonym"


def pseudonym(user_id):
    """The pseudonym of the user with this id: 32 hex characters."""
    secret = getattr(settings, "STORYBRIDGE_PSEUDONYM_SECRET", None) or settings.SECRET_KEY
    return salted_hmac(PURPOSE, str(user_id), secret=secret, algorithm="sha256").hexdigest()[:32]
