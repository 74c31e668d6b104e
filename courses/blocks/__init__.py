"""Blocks a module body is made of, and the body's StreamBlock. A new block type goes in the
module of its concern (content.py: shown alike to every learner; narrative.py and
library_choice.py: narratives; learner.py: what one learner writes or answers) and into
`ModuleStreamBlock` here.

The block classes are stored in migrations as the Wagtail blocks they extend, so moving one
between these modules needs no migration."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .content import (
    BODY_RICH_TEXT_FEATURES,
    SHORT_RICH_TEXT_FEATURES,
    CalloutBlock,
    SupportBlock,
)
from .learner import (
    KnowledgeCheckBlock,
    KnowledgeCheckOption,
    KnowledgeCheckOptionBlock,
    KnowledgeCheckValue,
    ReflectionBlock,
    ReflectionValue,
)
from .library_choice import LibraryChoiceBlock, LibraryChoiceValue, LibraryFiltersBlock
from .narrative import (
    NarrativeBlock,
    NarrativeChoiceBlock,
    NarrativeChoiceValue,
    NarrativeChooserBlock,
    NarrativeValue,
    PromptsValue,
    StoryWordsBlock,
    narratives_at_hand,
)

__all__ = [
    "BODY_RICH_TEXT_FEATURES",
    "SHORT_RICH_TEXT_FEATURES",
    "CalloutBlock",
    "KnowledgeCheckBlock",
    "KnowledgeCheckOption",
    "KnowledgeCheckOptionBlock",
    "KnowledgeCheckValue",
    "LibraryChoiceBlock",
    "LibraryChoiceValue",
    "LibraryFiltersBlock",
    "ModuleStreamBlock",
    "NarrativeBlock",
    "NarrativeChoiceBlock",
    "NarrativeChoiceValue",
    "NarrativeChooserBlock",
    "NarrativeValue",
    "PromptsValue",
    "ReflectionBlock",
    "ReflectionValue",
    "StoryWordsBlock",
    "SupportBlock",
    "narratives_at_hand",
]


class ModuleStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=BODY_RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/text_block.html",
        description=_("Paragraphs, headings and lists."),
        preview_value="<h2>What this module covers</h2><p>Three people talk about recovery.</p>",
    )
    narrative = NarrativeBlock()
    narrative_choice = NarrativeChoiceBlock()
    library_choice = LibraryChoiceBlock()
    callout = CalloutBlock()
    support = SupportBlock()
    reflection = ReflectionBlock()
    knowledge_check = KnowledgeCheckBlock()
