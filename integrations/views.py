"""The organisation sign-in's start: allauth's OpenID Connect login view, with an identity
provider that cannot be reached (its discovery address down or wrong) answered by a page that
says so, never an error page."""

from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.http import Http404
from django.views.decorators.http import require_POST
from requests import RequestException

from .models import Organisation, RefusedSignIn
from .signin import refuse


@require_POST
def start(request, provider_id):
    """POST only: a sign-in is started from the button, never by a link or an image."""
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
        return oidc_views.login(request, provider_id)
    except (RequestException, ValueError, KeyError) as problem:
        return refuse(
            request,
            provider=provider_id,
            organisation=organisation,
            reason=RefusedSignIn.Reason.PROVIDER,
            detail=type(problem).__name__,
            status=502,
        )


def finish(request, provider_id):
    """The identity provider sends the person back here (allauth's callback), with the provider
    unreachable answered as at the start."""
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
        return oidc_views.callback(request, provider_id)
    except (RequestException, ValueError, KeyError) as problem:
        return refuse(
            request,
            provider=provider_id,
            organisation=organisation,
            reason=RefusedSignIn.Reason.PROVIDER,
            detail=type(problem).__name__,
            status=502,
        )
