"""Public descriptions: the JSON-LD xAPI profile, each of its concepts, and each activity's JSON
description. Everything here is public and the same for everyone, so caches may keep it a
while; nothing here is about a person."""

import json

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from . import descriptions
from . import profile as xapi_profile
from . import vocabulary as v

MAX_AGE = 300  # seconds: a renamed activity shows its new name within minutes


def _json(data, status=200, content_type="application/json"):
    response = JsonResponse(
        data,
        status=status,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Cache-Control"] = f"public, max-age={MAX_AGE if status == 200 else 60}"
    # LRS dashboards fetch these from their own origin.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found(message):
    return _json({"error": message}, status=404)


@require_safe
def profile(request):
    return _json(xapi_profile.document(), content_type="application/ld+json")


@require_safe
def concept(request, kind, name):
    described = xapi_profile.concept_for_path(kind, name)
    if described is None:
        return _not_found("Storybridge's xAPI profile has no concept with this IRI.")
    return _json(described, content_type="application/ld+json")


@require_safe
def activity(request, path):
    found = descriptions.describe(path)
    if found is None:
        return _not_found(
            "No activity with this IRI is described here: it does not exist, or it is no "
            "longer available to learners."
        )
    return _json(json.loads(found.to_json(v.XAPI_VERSION)))
