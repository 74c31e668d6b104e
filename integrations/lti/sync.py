"""What a launch tells Storybridge about the LMS (its user, course, membership, resource link,
deployment and platform), kept in django-lti's models.

The same fields and rules as django-lti's `sync_data_from_launch`, with one difference: it reads
before it writes, and writes only what changed. django-lti's `update_or_create` locks and rewrites
five rows in five transactions at every launch (about 25 queries), for a learner who comes back
with nothing changed; here that learner costs two reads. The rows found are handed to the launch,
so nothing later in the request looks them up again.

(LTI 1.1 migration claims, which django-lti can also record, are not used by Storybridge.)"""

import copy

from lti_tool.lti_core.constants import AgsScope, ContextRole, ContextType
from lti_tool.lti_core.utils import normalize_role
from lti_tool.models import (
    LtiContext,
    LtiMembership,
    LtiPlatformInstance,
    LtiResourceLink,
    LtiUser,
)

PNS = "https://purl.imsglobal.org/spec/lti/claim/platformnotificationservice"
ROLE_FIELDS = (
    (ContextRole.ADMINISTRATOR, "is_administrator"),
    (ContextRole.CONTENT_DEVELOPER, "is_content_developer"),
    (ContextRole.INSTRUCTOR, "is_instructor"),
    (ContextRole.LEARNER, "is_learner"),
    (ContextRole.MENTOR, "is_mentor"),
)


def kept(model, found, lookups, values):
    """`found` (or the row `lookups` name) with `values`, saved only where they differ; made
    when there is none."""
    if found is None:
        found = model.objects.filter(**lookups).first()
    if found is None:
        made, _created = model.objects.update_or_create(**lookups, defaults=values)
        return made
    differing = [name for name, value in values.items() if not same(found, name, value)]
    if differing:
        for name in differing:
            setattr(found, name, values[name])
        stamped = any(field.name == "datetime_modified" for field in model._meta.concrete_fields)
        found.save(update_fields=[*differing, "datetime_modified"] if stamped else differing)
    return found


def same(row, name, value):
    """Whether the row holds `value` already (a related row compared by its key, unloaded)."""
    field = row._meta.get_field(name)
    if field.is_relation:
        return getattr(row, field.attname) == (value.pk if value is not None else None)
    return getattr(row, name) == value


def user_values(lti_launch):
    claims = {
        "given_name": lti_launch.get_claim("given_name"),
        "family_name": lti_launch.get_claim("family_name"),
        "name": lti_launch.get_claim("name"),
        "email": lti_launch.get_claim("email"),
        "picture_url": lti_launch.get_claim("picture"),
    }
    return {name: value for name, value in claims.items() if value is not None}


def context_values(lti_launch):
    claim = lti_launch.context_claim or {}
    types = claim.get("type", [])
    values = {
        "title": claim.get("title", ""),
        "label": claim.get("label", ""),
        "is_course_template": ContextType.COURSE_TEMPLATE in types,
        "is_course_offering": ContextType.COURSE_OFFERING in types,
        "is_course_section": ContextType.COURSE_SECTION in types,
        "is_group": ContextType.GROUP in types,
    }
    nrps = lti_launch.nrps_claim
    if nrps is not None and nrps.get("context_memberships_url"):
        values["memberships_url"] = nrps["context_memberships_url"]
    ags = lti_launch.ags_claim
    if ags is not None:
        scope = ags.get("scope", [])
        values.update(
            lineitems_url=ags.get("lineitems", ""),
            can_query_lineitems=AgsScope.QUERY_LINEITEMS in scope,
            can_manage_lineitems=AgsScope.MANAGE_LINEITEMS in scope,
            can_publish_scores=AgsScope.PUBLISH_SCORES in scope,
            can_access_results=AgsScope.ACCESS_RESULTS in scope,
        )
    return values


def membership_values(lti_launch):
    roles = {normalize_role(role) for role in lti_launch.roles_claim or []}
    # As django-lti: a role the launch carries is set; one it does not is left as it was.
    return {field: True for role, field in ROLE_FIELDS if role in roles}


def sync_deployment(lti_launch, deployment):
    claim = lti_launch.get_claim(PNS)
    if claim is None:
        return
    notices = claim.get("notice_types_supported", [])
    values = {
        "pns_url": claim.get("platform_notification_service_url", ""),
        "supports_context_copy_notice": "LtiContextCopyNotice" in notices,
        "supports_asset_processor_submission_notice": "LtiAssetProcessorSubmissionNotice"
        in notices,
    }
    kept(type(deployment), deployment, {}, values)


def sync_platform_instance(lti_launch, deployment):
    claim = lti_launch.platform_instance_claim
    if claim is None:
        return
    values = {
        name: claim.get(name, "")
        for name in ("contact_email", "description", "name", "url", "product_family_code")
    }
    values["version"] = claim.get("version", "")
    lookups = {"issuer": lti_launch.get_claim("iss"), "guid": claim["guid"]}
    current = deployment.platform_instance  # shared with the process's remembered deployment
    if current is not None and (current.issuer, current.guid) != (lookups["issuer"], claim["guid"]):
        current = None
    current = copy.copy(current)
    instance = kept(LtiPlatformInstance, current, lookups, values)
    if deployment.platform_instance_id != instance.pk:
        deployment.platform_instance = instance
        deployment.save(update_fields=["platform_instance", "datetime_modified"])


def sync(lti_launch):
    """Record what the launch says; the launch's user, context, membership and resource link
    are then its own (no further lookups)."""
    deployment = lti_launch.deployment
    sync_deployment(lti_launch, deployment)
    registration = lti_launch.registration
    sub = lti_launch.get_claim("sub")
    private = lti_launch.is_data_privacy_launch
    context_id = (lti_launch.context_claim or {}).get("id", "")
    membership = None
    if not private:
        membership = (
            LtiMembership.objects.select_related("user__auth_user", "context")
            .filter(
                user__registration=registration,
                user__sub=sub,
                context__deployment=deployment,
                context__id_on_platform=context_id,
            )
            .first()
        )
    user = kept(
        LtiUser,
        membership.user if membership else None,
        {"registration": registration, "sub": sub},
        user_values(lti_launch),
    )
    lti_launch.__dict__["user"] = user
    if not private:
        context = kept(
            LtiContext,
            membership.context if membership else None,
            {"deployment": deployment, "id_on_platform": context_id},
            context_values(lti_launch),
        )
        membership = kept(
            LtiMembership,
            membership,
            {"user": user, "context": context},
            membership_values(lti_launch),
        )
        membership.user, membership.context = user, context
        lti_launch.__dict__.update(context=context, membership=membership)
        if not lti_launch.is_deep_link_launch:
            link = lti_launch.resource_link_claim or {}
            values = {
                "title": link.get("title") or "",
                "description": link.get("description") or "",
            }
            lti_launch.__dict__["resource_link"] = kept(
                LtiResourceLink,
                None,
                {"context": context, "id_on_platform": link["id"]},
                values,
            )
    sync_platform_instance(lti_launch, deployment)
