"""Names for what a page keeps in the browser's localStorage (reflection drafts not yet saved).

Every key starts with the signed-in person's namespace: an opaque HMAC of their user id, never
their address. Pages carry it on <body data-draft-namespace>, and static/js/storybridge.js
removes every draft outside it on load, so on a shared computer the next person to sign in, or a
visitor after sign-out, finds nothing of anyone else's.
"""

from django.utils.crypto import salted_hmac

DRAFT_PREFIX = "storybridge-draft-"


def namespace(user):
    """The opaque namespace of `user`'s drafts; "" for anyone not signed in."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac("core.browser-storage.namespace", str(user.pk)).hexdigest()[:16]


def draft_key(user, *parts):
    """The localStorage key of one draft of `user`'s, or "" when nothing may be kept."""
    space = namespace(user)
    if not space:
        return ""
    digest = salted_hmac("core.browser-storage.draft", ":".join(str(p) for p in parts))
    return f"{DRAFT_PREFIX}{space}-{digest.hexdigest()[:24]}"
