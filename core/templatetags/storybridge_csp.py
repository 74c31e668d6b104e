from django import template

from core import csp

register = template.Library()


@register.simple_tag
def csp_nonce():
    """This response's Content-Security-Policy nonce, for an inline <script> that cannot be moved
    to a static file (Wagtail's own, overridden under templates/); "" outside a request."""
    return csp.current_nonce()
