"""{% organisation_sign_in %}: a button for each organisation whose people may sign in with their
own account, for the sign-in page (templates/account/login.html). A template tag, so that the
pages below integrations need not import it."""

from django import template

from ..models import Organisation

register = template.Library()


@register.inclusion_tag("integrations/includes/sign_in_buttons.html", takes_context=True)
def organisation_sign_in(context):
    request = context.get("request")
    return {
        "organisations": list(Organisation.objects.enabled().only("name", "slug")),
        "csrf_token": context.get("csrf_token"),
        "next": request.GET.get("next", "") if request is not None else "",
    }
