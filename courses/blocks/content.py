"""The blocks every learner sees alike: rich text features, callouts and support."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

BODY_RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "link"]


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("tip", _("Tip")), ("important", _("Important"))],
        default="info",
    )
    title = blocks.CharBlock(max_length=120, required=False)
    body = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES + ["ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Callout")
        description = _("A highlighted box for a tip or something important.")
        preview_value = {
            "style": "tip",
            "title": "Take your time",
            "body": "<p>You can pause at any point and come back later.</p>",
        }


class SupportBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("If this brings things up for you"))
    body = blocks.RichTextBlock(
        required=False,
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_("Optional words of your own. The site's support resources are listed after."),
    )

    class Meta:
        icon = "help"
        template = "blocks/support_block.html"
        label = _("Support")
        description = _("Where to get support, from the site's support settings.")
        preview_value = {"heading": "If this brings things up for you"}
