"""Rendering a StreamField block for one request.

Wagtail's `Block.render(value, context)` renders its template without the request, so the
context processors never run: no CSRF token in a form the block holds, no site settings. Every
page that shows a block with a form (the module page, a knowledge check or reflection shown again
after an error) renders it here, with the request.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


def render_block(block, value, request, context=None):
    """The block's HTML for `request`: its template with the block's own context on top of
    `context`, through the request's context processors."""
    template = block.get_template(value, context=context)
    if not template:
        return block.render_basic(value, context=context)
    block_context = block.get_context(value, parent_context=dict(context or {}))
    return mark_safe(render_to_string(template, block_context, request=request))  # noqa: S308
