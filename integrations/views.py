"""The organisation sign-in's start and return (allauth's OpenID Connect views, with an identity
provider that cannot be reached answered by a page that says so, never an error page), and the
SCORM launcher's two addresses: the launch and the status its SCO asks for."""

import logging

from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from requests import RequestException

from . import scorm
from .models import Organisation, RefusedSignIn
from .signin import refuse

logger = logging.getLogger("storybridge.integrations")


def _through_allauth(request, provider_id, allauth_view):
    """allauth's view for an enabled organisation; a page instead of an error page when it is
    turned off or its identity provider cannot be reached (no address, no answer, no sense)."""
    organisation = Organisation.objects.filter(slug=provider_id).first()
    if organisation is None:
        raise Http404
    if not organisation.enabled:
        return refuse(
            request,
            provider=provider_id,
            organisation=organisation,
            reason=RefusedSignIn.Reason.DISABLED,
        )
    try:
        return allauth_view(request, provider_id)
    except (RequestException, ValueError, KeyError) as problem:
        return refuse(
            request,
            provider=provider_id,
            organisation=organisation,
            reason=RefusedSignIn.Reason.PROVIDER,
            detail=type(problem).__name__,
            status=502,
        )


@require_POST
def start(request, provider_id):
    """POST only: a sign-in is started from the button, never by a link or an image."""
    return _through_allauth(request, provider_id, oidc_views.login)


def finish(request, provider_id):
    """The identity provider sends the person back here (allauth's callback)."""
    return _through_allauth(request, provider_id, oidc_views.callback)


def _scorm_refused(request, reason, *, detail="", status=400, message):
    RefusedSignIn.objects.note(provider="scorm", reason=reason, detail=detail)
    logger.warning("SCORM launch refused: %s %s", reason, detail)
    return render(
        request,
        "integrations/scorm/refused.html",
        {"message": message, "reason": reason, "reasons": RefusedSignIn.Reason},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def scorm_launch(request):
    """The SCO's window opens here: check the package, have the learner sign in, and at the first
    launch of this LMS learner ask them to confirm the account (a shared ward PC may still be
    signed in as someone else) before linking it; then enrol them and open the course."""
    fields = request.POST if request.method == "POST" else request.GET
    try:
        package = scorm.package_for(fields.get("package"))
        learner_id, attempt = scorm.check_launch_fields(
            fields.get("learner"), fields.get("attempt")
        )
    except scorm.BadLaunch as problem:
        return _scorm_refused(
            request,
            RefusedSignIn.Reason.SCORM_PACKAGE,
            detail=str(problem),
            message=_(
                "This link from your learning system does not work: it was changed, or the "
                "course was withdrawn from it. Open the course again from your learning system; "
                "if this page comes back, tell whoever runs it."
            ),
        )
    launch_address = (
        request.path
        + "?"
        + urlencode({"package": fields.get("package"), "learner": learner_id, "attempt": attempt})
    )
    if not request.user.is_authenticated:
        return redirect_to_login(launch_address)
    if request.method == "GET" and not scorm.is_linked(package, learner_id):
        context = {
            "package": package,
            "fields": {"package": fields.get("package"), "learner": learner_id, "attempt": attempt},
            "launch_address": launch_address,
        }
        return render(request, "integrations/scorm/confirm.html", context)
    try:
        target = scorm.launch(package, request.user, learner_id, attempt)
    except scorm.LinkedElsewhere:
        return _scorm_refused(
            request,
            RefusedSignIn.Reason.SCORM_LEARNER,
            detail=str(package.uuid),
            status=403,
            message=_(
                "Your place in this course in your learning system is linked to another "
                "Storybridge account. Sign out, then open the course again from your learning "
                "system and sign in with the account you used the first time."
            ),
        )
    except scorm.BadLaunch as problem:
        return _scorm_refused(
            request,
            RefusedSignIn.Reason.SCORM_PACKAGE,
            detail=str(problem),
            message=_("Open the course again from your learning system."),
        )
    return redirect(target.url)


@require_GET
def scorm_status(request):
    """How an attempt stands, for the SCO on the LMS's own site: a CORS request with no
    cookies, answered with completion (and the score where the package sends it) only."""
    try:
        package = scorm.package_for(request.GET.get("package"))
        attempt = request.GET.get("attempt") or ""
        if not scorm.ATTEMPT.match(attempt):
            raise scorm.BadLaunch("attempt")
        status = scorm.status_of(package, attempt)
        response = JsonResponse(scorm.as_json(status) if status else {"status": "not started"})
    except scorm.BadLaunch as problem:
        response = JsonResponse({"error": str(problem)}, status=400)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    return response
