"""The blocks that show narratives: one narrative (with alternatives offered in its place) or a
choice of two to four, and the chooser that loads a body's narratives in one query."""

import copy
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from narratives.models import Narrative

from .content import SHORT_RICH_TEXT_FEATURES

# Narratives a page has already loaded (pk -> Narrative), for the choosers to take instead of
# querying again: see ModulePage.prefetch_narratives.
_narratives_at_hand = ContextVar("narratives_at_hand", default=None)


@contextmanager
def narratives_at_hand(narratives):
    """Within this block, narrative choosers take these (pk -> Narrative) before querying."""
    token = _narratives_at_hand.set(narratives)
    try:
        yield
    finally:
        _narratives_at_hand.reset(token)


class NarrativeChooserBlock(SnippetChooserBlock):
    """Chooses a narrative. Loads a stream's narratives with consent and file in one query, or
    none when the page has them at hand."""

    def bulk_to_python(self, values):
        values = list(values)
        at_hand = _narratives_at_hand.get() or {}
        missing = [pk for pk in values if pk is not None and pk not in at_hand]
        found = dict(at_hand)
        if missing:
            found.update(
                self.model_class.objects.select_related("consent", "media").in_bulk(missing)
            )
        # Each use gets its own instance, as SnippetChooserBlock does.
        return [copy.copy(found[pk]) if pk in found else None for pk in values]

    def deconstruct(self):
        # Stored as the SnippetChooserBlock it extends: only loading differs, so no migration.
        return ("wagtail.snippets.blocks.SnippetChooserBlock", *super().deconstruct()[1:])


class PromptsValue(blocks.StructValue):
    @property
    def prompts(self):
        """The discussion prompts without blanks: a ListBlock's default is one empty item."""
        return [p for p in self.get("discussion_prompts") or [] if p and p.strip()]


class NarrativeValue(PromptsValue):
    @property
    def narrative_available(self):
        narrative = self.get("narrative")
        return narrative is not None and narrative.is_available()


class NarrativeBlock(blocks.StructBlock):
    narrative = NarrativeChooserBlock(
        "narratives.Narrative", help_text=_("Choose a narrative from the library.")
    )
    framing = blocks.RichTextBlock(
        required=False,
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_(
            "Why this narrative is here and what to notice. Shown before it, and only with it: "
            "a learner who chooses another story instead does not see it."
        ),
    )
    discussion_prompts = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Prompt")),
        required=False,
        min_num=0,
        help_text=_(
            "Questions to think or talk about afterwards. Shown only with this narrative, "
            "not with a story a learner chooses instead."
        ),
    )

    class Meta:
        icon = "media"
        template = "blocks/narrative_block.html"
        label = _("Narrative")
        description = _("One recorded recovery narrative with framing and discussion prompts.")
        value_class = NarrativeValue
        form_classname = "struct-block narrative-block"
        preview_value = {
            "framing": "<p>Listen for what helped, and who.</p>",
            "discussion_prompts": ["What surprised you?", "What would you do differently?"],
        }

    def get_preview_value(self):
        # Preview a real narrative from the library, not a "no longer available" notice.
        value = super().get_preview_value()
        value["narrative"] = Narrative.objects.available().first()
        return value


class NarrativeChoiceValue(PromptsValue):
    @property
    def available_narratives(self):
        return [n for n in self.get("narratives", []) if n is not None and n.is_available()]

    @property
    def available_with_words(self):
        """Each available narrative with the framing and prompts written for it."""
        words = self.story_words()
        return [(n, *words.get(n.pk, (None, []))) for n in self.available_narratives]

    def story_words(self):
        """pk -> (framing, prompts) written for one story of the set, for each story that has
        some."""
        found = {}
        for words in self.get("story_words") or []:
            narrative = words.get("narrative")
            if narrative is not None:
                found[narrative.pk] = (words.get("framing"), words.prompts)
        return found


class StoryWordsBlock(blocks.StructBlock):
    """Framing and prompts written for one story of a choice set: shown only to learners who
    chose that story."""

    narrative = NarrativeChooserBlock(
        "narratives.Narrative",
        help_text=_("One of the stories in this choice."),
    )
    framing = blocks.RichTextBlock(
        required=False,
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_("What to notice in this story. Shown before it, to learners who choose it."),
    )
    discussion_prompts = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Prompt")),
        required=False,
        min_num=0,
        help_text=_("Questions about this story. Shown after it, before the shared questions."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Words for one story")
        value_class = PromptsValue


class NarrativeChoiceBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(
        max_length=200,
        default=_("Choose the story you would like to hear"),
        help_text=_("The question above the choices, in plain words."),
    )
    framing = blocks.RichTextBlock(
        required=False,
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_(
            "Shown above the choices, whichever story a learner picks or has hidden: keep it "
            "true of every story. Write about one story under 'Words for each story'."
        ),
    )
    narratives = blocks.ListBlock(
        NarrativeChooserBlock("narratives.Narrative"),
        min_num=2,
        max_num=4,
        help_text=_(
            "Two to four narratives. Offer different formats (video, audio, text) where you can."
        ),
    )
    discussion_prompts = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Prompt")),
        required=False,
        min_num=0,
        help_text=_(
            "Shown after whichever story a learner chose: keep them true of every story. "
            "Questions about one story go under 'Words for each story'."
        ),
    )
    story_words = blocks.ListBlock(
        StoryWordsBlock(),
        required=False,
        min_num=0,
        max_num=4,
        label=_("Words for each story"),
        help_text=_(
            "Optional framing and questions for one story, shown only to learners who choose it."
        ),
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/narrative_choice_block.html"
        label = _("Narrative choice")
        description = _("Two to four narratives; each learner picks the one they want.")
        value_class = NarrativeChoiceValue
        preview_value = {"prompt": "Choose the story you would like to hear"}

    def get_preview_value(self):
        value = super().get_preview_value()
        value["narratives"] = list(Narrative.objects.available()[:2])
        return value

    def clean(self, value):
        # Checked before the list's own min_num check so the editor reads these words rather than
        # "The minimum number of items is 2". Like min_num, the count waits until publishing.
        chosen = [n.pk for n in value.get("narratives", []) if n is not None]
        error = None
        if len(set(chosen)) != len(chosen):
            error = ValidationError(_("Each narrative can appear only once."))
        elif len(chosen) < 2 and not self.is_deferred_validation:
            error = ValidationError(_("Choose at least two narratives."))
        words_error = self.story_words_error(value, chosen)
        errors = {}
        if error is not None:
            errors["narratives"] = error
        if words_error is not None:
            errors["story_words"] = words_error
        try:
            value = super().clean(value)
        except StructBlockValidationError as invalid:
            invalid.block_errors.update(errors)
            raise
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    @staticmethod
    def story_words_error(value, chosen):
        """Words for a story must be for one of the set's stories, once each."""
        named = [w.get("narrative") for w in value.get("story_words") or []]
        named = [n.pk for n in named if n is not None]
        if any(pk not in chosen for pk in named):
            return ListBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("Words for each story must be for one of the stories in this choice.")
                    )
                ]
            )
        if len(set(named)) != len(named):
            return ListBlockValidationError(
                non_block_errors=[ValidationError(_("Write the words for each story only once."))]
            )
        return None
