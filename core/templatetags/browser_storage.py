from django import template

from core import browser_storage

register = template.Library()


@register.simple_tag(takes_context=True)
def draft_namespace(context):
    """The namespace of the signed-in person's drafts kept in the browser (core/browser_storage)."""
    request = context.get("request")
    return browser_storage.namespace(getattr(request, "user", None))
