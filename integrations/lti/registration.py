"""Registering an LMS (an LTI 1.3 platform): its issuer, client id, sign-in, token and key-set
addresses and deployment ids, from Settings → LTI platforms or `manage.py lti_register_platform`.
One rule for both: the tool's own key exists, the deployments named are the active ones."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from . import config

LOCAL = re.compile(r"^http://(127\.0\.0\.1|localhost)(:\d+)?(/|$)")


def split_ids(text):
    found = []
    for part in re.split(r"[\s,]+", text or ""):
        if part and part not in found:
            found.append(part)
    return found


def check_address(value, field):
    URLValidator(schemes=["https", "http"])(value)
    if not value.startswith("https://") and not LOCAL.match(value):
        raise ValidationError({field: _("The address must start with https://.")})


def save(
    *,
    name,
    issuer,
    client_id,
    auth_url,
    token_url,
    keyset_url,
    deployment_ids,
    audience="",
    instance=None,
):
    """Make or update the registration and its deployments; ValidationError for bad input (and
    then nothing is saved)."""
    for field, value in (
        ("issuer", issuer),
        ("auth_url", auth_url),
        ("token_url", token_url),
        ("keyset_url", keyset_url),
    ):
        check_address(value, field)
    ids = split_ids(deployment_ids) if isinstance(deployment_ids, str) else list(deployment_ids)
    if not ids:
        raise ValidationError({"deployment_ids": _("Give at least one deployment ID.")})
    if not client_id.strip():
        raise ValidationError({"client_id": _("Give the client ID the LMS shows.")})
    with transaction.atomic():
        if not Key.objects.active().exists():
            Key.objects.generate()
        fields = {
            "name": name[:255],
            "auth_url": auth_url,
            "token_url": token_url,
            "keyset_url": keyset_url,
            "audience": audience,
            "is_active": True,
        }
        if instance is not None and instance.pk:  # the admin's edit: this one, even renamed
            registration = instance
            for field, value in {**fields, "issuer": issuer, "client_id": client_id}.items():
                setattr(registration, field, value.strip() if field == "client_id" else value)
            registration.save()
        else:
            registration, _made = LtiRegistration.objects.update_or_create(
                issuer=issuer, client_id=client_id.strip(), defaults=fields
            )
        for deployment_id in ids:
            LtiDeployment.objects.update_or_create(
                registration=registration, deployment_id=deployment_id, defaults={"is_active": True}
            )
        LtiDeployment.objects.filter(registration=registration).exclude(
            deployment_id__in=ids
        ).update(is_active=False)
        config.changed()  # the update sends no signal
    return registration


def tool_addresses(base, registration=None):
    """What the LMS administrator types into the LMS."""
    login = (
        reverse("lti_login", args=[registration.uuid])
        if registration is not None
        else reverse("lti_login", args=["00000000-0000-0000-0000-000000000000"]).replace(
            "00000000-0000-0000-0000-000000000000", "<registration>"
        )
    )
    return {
        "login": base + login,
        "launch": base + reverse("lti_launch"),
        "redirect": base + reverse("lti_launch"),
        "deep_linking": base + reverse("lti_launch"),
        "jwks": base + reverse("lti_jwks"),
    }
