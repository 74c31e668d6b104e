"""The signed token of one page view of a module (tracking.player): made when the page is
rendered (the `xapi_tracking` tag), read back from every batch of player events it sends."""

import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core import signing

from .events import BadBatch

TOKEN_SALT = "storybridge.xapi.events"
TOKEN_MAX_AGE = 12 * 60 * 60  # seconds: a module page left open for a working day


@dataclass(frozen=True)
class PageView:
    """What a token vouches for: one page view of a module by an enrolled learner."""

    user_id: int
    enrolment_uuid: uuid.UUID
    module_id: int
    nonce: uuid.UUID
    issued: datetime

    def session_id(self, narrative_uuid):
        return uuid.uuid5(self.nonce, str(narrative_uuid))


def make_token(user, enrolment, module, *, nonce=None):
    """The signed token of one page view (carries no secret; it only vouches)."""
    payload = {
        "u": user.pk,
        "e": str(enrolment.uuid),
        "m": module.pk,
        "n": (nonce or uuid.UUID(bytes=secrets.token_bytes(16), version=4)).hex,
        "t": int(time.time() * 1000),
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


def read_token(token):
    """The PageView a token vouches for, or BadBatch (403) if it is forged, altered or old."""
    if not isinstance(token, str) or not token:
        raise BadBatch("The tracking token is missing.", 403)
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise BadBatch("The tracking token has expired: reload the page.", 403) from None
    except signing.BadSignature:
        raise BadBatch("The tracking token is not valid.", 403) from None
    try:
        return PageView(
            user_id=int(data["u"]),
            enrolment_uuid=uuid.UUID(data["e"]),
            module_id=int(data["m"]),
            nonce=uuid.UUID(data["n"]),
            issued=datetime.fromtimestamp(data["t"] / 1000, UTC),
        )
    except (KeyError, TypeError, ValueError):
        raise BadBatch("The tracking token is not valid.", 403) from None
