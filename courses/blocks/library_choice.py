"""The block "Choose a story from the library": the educator sets filters (themes, format, length,
language, characterisation, topics to leave out) and each learner picks any available story
that matches them. Which stories those are is courses/library_filter.py; the block's slot works
like a narrative choice's (courses/viewing.py, module_render.py).

Stored shape:

    {"prompt": str, "framing": rich text,
     "filters": {"themes": [Theme pk str], "formats": [modality], "lengths": [length key],
                 "language": str, "characterisation": [CharacterisationValue pk str],
                 "without_topics": [ContentWarning domain pk str]},
     "discussion_prompts": [str], "max_shown": int}

The choices of the filters are read from the database when the form is built (callables, named
in migrations by their path: keep these functions where they are).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from narratives.catalogue import LENGTHS
from narratives.models import CharacterisationValue, ContentWarning, Narrative, Theme

from ..library_filter import (
    MAX_SHOWN_DEFAULT,
    MAX_SHOWN_RANGE,
    load_stories,
    matching_stories,
)
from .content import SHORT_RICH_TEXT_FEATURES
from .narrative import PromptsValue

MIN_MATCHES = 2


def theme_choices():
    return [(str(theme.pk), theme.name) for theme in Theme.objects.all()]


def format_choices():
    return list(Narrative.Modality.choices)


def length_choices():
    return [(key, label) for key, label, *_rest in LENGTHS]


def characterisation_choices():
    values = CharacterisationValue.objects.select_related("dimension").order_by(
        "dimension__sort_order", "dimension__name", "sort_order", "value"
    )
    return [(str(v.pk), f"{v.dimension.name}: {v.value}") for v in values]


def topic_choices():
    """Content-warning domains (not their items: leaving out a domain leaves out its items)."""
    return [(str(w.pk), w.name) for w in ContentWarning.objects.filter(domain__isnull=True)]


def _checkboxes(choices, label, help_text):
    return blocks.MultipleChoiceBlock(
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        search_index=False,
        label=label,
        help_text=help_text,
    )


class LibraryFiltersBlock(blocks.StructBlock):
    themes = _checkboxes(
        theme_choices,
        _("Themes"),
        _("Stories on any of these themes. Leave all unticked for every theme."),
    )
    formats = _checkboxes(
        format_choices,
        _("Formats"),
        _("Video, audio, text or poetry. Leave all unticked for every format."),
    )
    lengths = _checkboxes(
        length_choices, _("Lengths"), _("Leave all unticked for stories of any length.")
    )
    language = blocks.CharBlock(
        required=False,
        max_length=35,
        help_text=_("A language tag such as en or cy. Leave empty for every language."),
    )
    characterisation = _checkboxes(
        characterisation_choices,
        _("Characterisation"),
        _(
            "Within one dimension, a story needs any of the values ticked; across dimensions, "
            "it needs one of each."
        ),
    )
    without_topics = _checkboxes(
        topic_choices,
        _("Without these topics"),
        _(
            "Leave out every story with a content warning in these topics, for example "
            "self-harm. Learners' own hidden topics are always left out as well."
        ),
    )

    class Meta:
        icon = "sliders"
        label = _("Which stories")
        form_classname = "struct-block library-filters-block"


class LibraryChoiceValue(PromptsValue):
    @property
    def available_narratives(self):
        """The stories offered, in order, loaded for showing (a few queries)."""
        return load_stories(self)

    def story_words(self):
        """No words are written for one story here: the stories are not known in advance."""
        return {}


class LibraryChoiceBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(
        max_length=200,
        default=_("Choose a story from the library"),
        help_text=_("The question above the stories, in plain words."),
    )
    framing = blocks.RichTextBlock(
        required=False,
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_(
            "Shown above the stories: keep it true of any story that matches, as new stories "
            "may be added to the library and others withdrawn."
        ),
    )
    filters = LibraryFiltersBlock()
    discussion_prompts = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Prompt")),
        required=False,
        min_num=0,
        help_text=_("Shown after whichever story a learner chose: keep them true of every story."),
    )
    max_shown = blocks.IntegerBlock(
        default=MAX_SHOWN_DEFAULT,
        min_value=MAX_SHOWN_RANGE[0],
        max_value=MAX_SHOWN_RANGE[1],
        label=_("Show at most"),
        help_text=_(
            "How many matching stories to list (2 to 24), by title. Fewer show when fewer match."
        ),
    )

    class Meta:
        icon = "folder-open-inverse"
        template = "blocks/library_choice_block.html"
        label = _("Choose a story from the library")
        description = _(
            "Learners pick any available story matching your filters, for example theme Hope "
            "without self-harm. Finishing it counts towards completing the module."
        )
        help_text = _(
            "The stories are those in the library when a learner opens the module: a story "
            "whose consent is withdrawn disappears, a new one that matches appears."
        )
        value_class = LibraryChoiceValue
        form_classname = "struct-block library-choice-block"
        preview_value = {
            "prompt": "Choose a story from the library",
            "framing": "<p>Any of these stories is about hope. Pick the one you want.</p>",
            "filters": {},
            "discussion_prompts": ["What gave the narrator hope?"],
            "max_shown": 4,
        }

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value  # a draft may be saved with filters that match too few stories yet
        count = matching_stories(value.get("filters")).count()
        if count < MIN_MATCHES:
            if count == 0:
                message = _("No story matches these filters: widen them so learners can choose.")
            else:
                message = ngettext(
                    "Only %(count)d story matches these filters: widen them so learners can "
                    "choose between at least two.",
                    "Only %(count)d stories match these filters: widen them so learners can "
                    "choose between at least two.",
                    count,
                ) % {"count": count}
            raise StructBlockValidationError(block_errors={"filters": ValidationError(message)})
        return value
