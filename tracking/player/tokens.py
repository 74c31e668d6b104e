"""The signed token of one page view (tracking.player): made when the page is rendered, read
back from every batch of player events it sends. A module page's (`make_token`, rendered by the
`xapi_tracking` tag) names the learner, their enrolment and the module; a story opened from the
library's (`make_library_token`, the `xapi_library_tracking` tag) the learner and the story."""

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
    """What a token vouches for: one page view of a module by an enrolled learner, or, with
    `narrative_uuid` (and no enrolment or module), of a story opened from the library."""

    user_id: int
    enrolment_uuid: uuid.UUID | None
    module_id: int | None
    nonce: uuid.UUID
    issued: datetime
    narrative_uuid: uuid.UUID | None = None

    @property
    def in_library(self):
        return self.narrative_uuid is not None

    def session_id(self, narrative_uuid):
        return uuid.uuid5(self.nonce, str(narrative_uuid))


def _sign(user, nonce, **names):
    payload = {
        "u": user.pk,
        **names,
        "n": (nonce or uuid.UUID(bytes=secrets.token_bytes(16), version=4)).hex,
        "t": int(time.time() * 1000),
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


def make_token(user, enrolment, module, *, nonce=None):
    """The signed token of one page view of a module (carries no secret; it only vouches)."""
    return _sign(user, nonce, e=str(enrolment.uuid), m=module.pk)


def make_library_token(user, narrative, *, nonce=None):
    """The signed token of one page view of a story opened from the library by `user`."""
    return _sign(user, nonce, s=str(narrative.uuid))


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
        if "s" in data:
            names = {
                "enrolment_uuid": None,
                "module_id": None,
                "narrative_uuid": uuid.UUID(data["s"]),
            }
        else:
            names = {"enrolment_uuid": uuid.UUID(data["e"]), "module_id": int(data["m"])}
        return PageView(
            user_id=int(data["u"]),
            nonce=uuid.UUID(data["n"]),
            issued=datetime.fromtimestamp(data["t"] / 1000, UTC),
            **names,
        )
    except (KeyError, TypeError, ValueError):
        raise BadBatch("The tracking token is not valid.", 403) from None
