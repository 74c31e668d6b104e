"""The registered platforms, remembered in each process: django-lti looks up the registration,
the tool's key and the deployment in the database at every login, launch and page of a launch
(three queries each time for rows that change a few times a year). Here each is read once per
process and kept until anything about registrations, deployments or keys changes.

What changed is known through a stamp in the shared cache: saving or deleting a registration, a
deployment or a key sets a new stamp once the transaction commits (IntegrationsConfig.ready()
connects `changed`), and every process drops what it remembered under another stamp. Code that
changes those rows with `QuerySet.update()` (no signals) calls `changed()` itself. Without the
cache (Redis down) nothing is remembered; and nothing is kept longer than KEPT_FOR seconds, so
even a stamp that failed to change cannot keep a deactivated platform working for long.
"""

import copy
import secrets
import threading
import time

from django.core.cache import cache
from django.db import transaction
from lti_tool.models import LtiDeployment, LtiLaunch, LtiRegistration
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch
from pylti1p3.deployment import Deployment

STAMP_KEY = "sb:lti:config"
KEPT_FOR = 60  # seconds, at most
MAX_ENTRIES = 1000  # registrations x lookups; only rows that exist are remembered

_lock = threading.Lock()
_remembered = {}  # key -> (stamp, kept until, value)


def changed(**_signal_arguments):
    """Registrations, deployments or keys changed: every process forgets them (after commit)."""
    transaction.on_commit(lambda: cache.set(STAMP_KEY, secrets.token_hex(8), None))


def stamp():
    """The stamp now, or None when the shared cache cannot say (then nothing is remembered)."""
    value = cache.get(STAMP_KEY)
    if value is None:
        cache.add(STAMP_KEY, secrets.token_hex(8), None)
        value = cache.get(STAMP_KEY)
    return value


def remembered(key, load, now_stamp):
    """`load()`'s value under `key`, remembered while the stamp stays `now_stamp`; a value of
    None (no such row) is never remembered."""
    if now_stamp is not None:
        entry = _remembered.get(key)
        if entry is not None and entry[0] == now_stamp and entry[1] > time.monotonic():
            return entry[2]
    value = load()
    if value is not None and now_stamp is not None:
        with _lock:
            if len(_remembered) >= MAX_ENTRIES:
                _remembered.clear()
            _remembered[key] = (now_stamp, time.monotonic() + KEPT_FOR, value)
    return value


class ToolConfig(DjangoToolConfig):
    """django-lti's tool configuration, with its lookups remembered (one cache read a request).
    Each caller gets its own copies: PyLTI1p3 writes the fetched key set into the registration
    it is given, and django-lti saves changes to the deployment."""

    def __init__(self, registration_uuid=None):
        super().__init__(registration_uuid)
        self._stamp = stamp()

    def _registration(self, **lookups):
        if self.registration_uuid is not None:
            lookups["uuid"] = self.registration_uuid

        def load():
            try:
                found = LtiRegistration.objects.active().get(**lookups)
            except LtiRegistration.DoesNotExist:
                return None
            return found, found.to_registration()

        key = ("registration", *sorted((name, str(value)) for name, value in lookups.items()))
        value = remembered(key, load, self._stamp)
        if value is None:
            return None
        self.registration = copy.copy(value[0])
        return copy.copy(value[1])

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self._registration(issuer=iss)

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        return self._registration(issuer=iss, client_id=client_id)

    def registration_by_uuid(self):
        """The active registration the login address names (LoginView), or None."""
        if self._registration() is None:
            return None
        return self.registration

    def _deployment(self, deployment_id, **lookups):
        lookups["registration__is_active"] = True
        lookups["deployment_id"] = deployment_id
        if self.registration_uuid is not None:
            lookups["registration__uuid"] = self.registration_uuid

        def load():
            return (
                LtiDeployment.objects.select_related("registration", "platform_instance")
                .filter(**lookups)
                .first()
            )

        key = ("deployment", *sorted((name, str(value)) for name, value in lookups.items()))
        found = remembered(key, load, self._stamp)
        if found is None:
            # As django-lti does: a deployment the platform names but nobody registered is
            # recorded (inactive), so that an administrator can see it and turn it
            # on; the launch itself is refused (integrations/lti/launch.py).
            self.deployment, _made = LtiDeployment.objects.get_or_create(
                registration=self.registration, deployment_id=deployment_id
            )
        else:
            self.deployment = copy.copy(found)
        return Deployment().set_deployment_id(self.deployment.deployment_id)

    def find_deployment(self, iss, deployment_id):
        return self._deployment(deployment_id, registration__issuer=iss)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        return self._deployment(
            deployment_id, registration__issuer=iss, registration__client_id=client_id
        )


def restored_launch(request, launch_id):
    """The launch a session belongs to, from the cache (LtiException when it is gone)."""
    message_launch = DjangoMessageLaunch.from_cache(
        launch_id, request, ToolConfig(), launch_data_storage=DjangoCacheDataStorage()
    )
    return LtiLaunch(message_launch)
