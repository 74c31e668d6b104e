"""The one place where HTML is sanitised (nh3). Every rich-text input passes through here.

The policy keeps Wagtail's internal rich-text format (links and embeds by id) so stored rich text
still renders through Wagtail's `richtext` filter, and drops everything else: scripts, styles,
event handlers, `javascript:` URLs, SVG and unknown tags.
"""

import re

import nh3

RICH_TEXT_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "b",
    "strong",
    "i",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "embed",
}
RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# nh3 writes void elements the HTML way (`<embed ...>`), but Wagtail's rich-text rewriter only
# expands the self-closed form its editor stores (`<embed .../>`). nh3 always double-quotes values.
_EMBED_TAG = re.compile(r'<embed((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*/?>')


def sanitize_rich_text(html):
    """Return `html` with only the tags and attributes our rich-text fields allow."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _EMBED_TAG.sub(r"<embed\1/>", cleaned)
