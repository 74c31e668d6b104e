"""Template tags for Storybridge's overrides of Wagtail admin templates."""

from django import template
from wagtail.admin.auth import user_has_any_page_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def can_search_pages(context):
    """Whether the signed-in user can use the admin's page search: a curator, who has no page
    permissions, would only be sent back to the dashboard by it."""
    request = context.get("request")
    return bool(request and user_has_any_page_permission(request.user))
