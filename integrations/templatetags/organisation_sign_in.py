"""{% organisation_sign_in %}: a button for each organisation whose people may sign in with their
own account, for the sign-in page (templates/account/login.html). A template tag, so that the
pages below integrations need not import it."""

from urllib.parse import urlsplit

from django import template

from core.csp import allow_form_targets

from ..models import Organisation

register = template.Library()


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@register.inclusion_tag("integrations/includes/sign_in_buttons.html", takes_context=True)
def organisation_sign_in(context):
    request = context.get("request")
    organisations = list(Organisation.objects.enabled().only("name", "slug", "discovery_url"))
    # Each button's POST is answered by a redirect to the organisation's identity provider:
    # this page's form-action must allow it (the authorisation endpoint is on the discovery
    # address's host for Entra ID, Google, Okta and Keycloak).
    allow_form_targets(request, *(origin(o.discovery_url) for o in organisations))
    return {
        "organisations": organisations,
        "csrf_token": context.get("csrf_token"),
        "next": request.GET.get("next", "") if request is not None else "",
    }
