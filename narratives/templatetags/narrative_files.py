from django import template
from django.urls import reverse

from ..files import field_file

register = template.Library()


@register.simple_tag(takes_context=True)
def narrative_file_url(context, narrative, kind):
    """The address of a narrative's recording, poster or captions: the consent-checked view
    (narratives/files.py). The admin's preview shows the form's unsaved choices, so it links
    to the chosen file itself at the editors' address."""
    stored = field_file(narrative, kind)
    if stored is None:
        return ""
    if context.get("preview"):
        return stored.url
    return reverse("narrative_file", kwargs={"narrative_uuid": narrative.uuid, "kind": kind})
