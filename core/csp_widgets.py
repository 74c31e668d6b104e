"""The nonce for the inline <script> that Wagtail's chooser widgets write from Python (see csp)."""

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail.admin.widgets import BaseChooser

from .csp import current_nonce


def add_nonce_to_chooser_scripts():
    """Give the <script> that Wagtail's chooser widgets (BaseChooser.render, Python rather than a
    template we can override) append after their markup this response's nonce. Called once from
    CoreConfig.ready()."""
    original = BaseChooser.render
    if getattr(original, "adds_csp_nonce", False):
        return

    def render(self, name, value, attrs=None, renderer=None):
        # Wagtail 8.0.1 returns f"{widget_html}<script>{js}</script>": the last <script> is its own.
        head, tag, tail = original(self, name, value, attrs, renderer).rpartition("<script>")
        if not tag:
            return mark_safe(tail)
        nonce = conditional_escape(current_nonce())
        return mark_safe(f'{head}<script nonce="{nonce}">{tail}')  # noqa: S308 - Wagtail's own HTML

    render.adds_csp_nonce = True
    BaseChooser.render = render
