"""Blocks a module body is made of. Later issues add reflection, knowledge-check and
questionnaire blocks by extending `ModuleStreamBlock`."""

import copy
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from narratives.models import Narrative

BODY_RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "link"]


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


class ReflectionValue(blocks.StructValue):
    @property
    def min_words(self):
        return self.get("minimum_words") or 0


class ReflectionBlock(blocks.StructBlock):
    """A reflection the learner writes in plain text. What they wrote is theirs: it is rendered
    per learner (never in a shared cache) by the module page, see courses/module_render.py."""

    prompt = blocks.CharBlock(
        max_length=300,
        help_text=_("The question the learner reflects on, in plain words."),
    )
    guidance = blocks.RichTextBlock(
        required=False,
        features=SHORT_RICH_TEXT_FEATURES + ["ul"],
        help_text=_(
            "Optional hints: what a good reflection covers, a model such as Gibbs. The page "
            "already tells learners that only they can see what they write: no need to say it."
        ),
    )
    minimum_words = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=2000,
        help_text=_("Leave empty for no minimum. Keep it modest: 50 to 150 words is plenty."),
    )
    required = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text=_(
            "A required reflection must be submitted before the module counts as complete."
        ),
    )

    class Meta:
        icon = "edit"
        template = "blocks/reflection_block.html"
        label = _("Reflection")
        description = _("A question the learner answers in writing, kept in their private journal.")
        value_class = ReflectionValue
        preview_value = {
            "prompt": "What did you notice about how hope was described?",
            "guidance": "<p>Write a few sentences about what you noticed.</p>",
            "minimum_words": 50,
            "required": True,
        }


class KnowledgeCheckOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, help_text=_("One answer, in plain words."))
    correct = blocks.BooleanBlock(required=False, help_text=_("Tick if this answer is right."))
    feedback = blocks.RichTextBlock(
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_(
            "Shown after the learner answers: why this answer is right or not. "
            "One or two kind sentences."
        ),
    )

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class KnowledgeCheckValue(blocks.StructValue):
    """Display logic for the knowledge check template."""

    @property
    def is_multiple(self):
        return self.get("kind") == KnowledgeCheckBlock.MULTIPLE

    def option_rows(self, selected=None):
        """Each option with its index, and, once answered (`selected` is a list of indexes),
        whether the learner chose it."""
        chosen = set(selected or ())
        return [
            KnowledgeCheckOption(
                index=index,
                text=option.get("text", ""),
                correct=bool(option.get("correct")),
                feedback=option.get("feedback"),
                chosen=index in chosen,
            )
            for index, option in enumerate(self.get("options") or [])
        ]


@dataclass(frozen=True)
class KnowledgeCheckOption:
    index: int
    text: str
    correct: bool
    feedback: object
    chosen: bool


class KnowledgeCheckBlock(blocks.StructBlock):
    """A formative question with an answer to choose and feedback per answer. What the learner
    chose is theirs: rendered per learner (never in a shared cache) by the module page, see
    courses/module_render.py. Answering counts towards completion, getting it right does not."""

    SINGLE = "single"
    MULTIPLE = "multiple"

    question = blocks.CharBlock(
        max_length=300, help_text=_("The question, in plain words. Keep it to one sentence.")
    )
    kind = blocks.ChoiceBlock(
        choices=[
            (SINGLE, _("Single choice: one right answer")),
            (MULTIPLE, _("Multiple choice: tick all that apply")),
        ],
        default=SINGLE,
        help_text=_("Single choice shows round buttons; multiple choice shows tick boxes."),
    )
    options = blocks.ListBlock(
        KnowledgeCheckOptionBlock(),
        min_num=2,
        max_num=6,
        help_text=_("Two to six answers. Mark the right one (or, for multiple choice, each one)."),
    )
    explanation = blocks.RichTextBlock(
        required=False,
        features=SHORT_RICH_TEXT_FEATURES + ["ul"],
        help_text=_("Optional: a short explanation shown to everyone after they answer."),
    )
    about_narrative = NarrativeChooserBlock(
        "narratives.Narrative",
        required=False,
        label=_("The story this question is about"),
        help_text=_(
            "Optional. When the question is about one story of this module, choose it: a learner "
            "who chose another story is told which story the question is about."
        ),
    )

    class Meta:
        icon = "tasks"
        template = "blocks/knowledge_check_block.html"
        label = _("Knowledge check")
        description = _(
            "A question with answers to choose from and feedback on each. "
            "It never blocks: answering is what counts, not getting it right."
        )
        value_class = KnowledgeCheckValue
        help_text = _(
            "Learners see the feedback for every answer once they have answered, and may answer "
            "again."
        )
        preview_value = {
            "question": "Which of these can help someone's recovery?",
            "kind": "single",
            "options": [
                {
                    "text": "Using the name they like to be called",
                    "correct": True,
                    "feedback": "<p>Yes. Small signs of respect matter a lot.</p>",
                },
                {
                    "text": "Telling them to cheer up",
                    "correct": False,
                    "feedback": "<p>Not quite. This can make someone feel unheard.</p>",
                },
            ],
            "explanation": "<p>Recovery is helped by everyday kindness.</p>",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        answer = context.get("answer")
        context["options"] = value.option_rows(answer.selected if answer is not None else None)
        return context

    def get_preview_context(self, value, parent_context=None):
        context = super().get_preview_context(value, parent_context)
        # The editor sees the question as learners do, with every answer's feedback shown.
        context.update(preview=True, block_id="preview")
        return context

    def clean(self, value):
        # Checked before the list's own min_num check so the editor reads these words. Like
        # min_num, the checks wait until publishing: a draft may be half written.
        options = [o for o in value.get("options") or [] if o is not None]
        correct = sum(1 for o in options if o.get("correct"))
        error = None
        if not self.is_deferred_validation:
            if len(options) < 2:
                error = ValidationError(_("Add at least two answers to choose from."))
            elif correct == 0:
                error = ValidationError(_("Tick the right answer: at least one must be right."))
            elif value.get("kind") == self.SINGLE and correct > 1:
                error = ValidationError(
                    _(
                        "A single-choice question has exactly one right answer. Untick the "
                        "others, or change the question to multiple choice."
                    )
                )
        try:
            value = super().clean(value)
        except StructBlockValidationError as invalid:
            if error is not None:
                # In place of the list's own count message; each answer's errors stay.
                found = invalid.block_errors.get("options")
                invalid.block_errors["options"] = ListBlockValidationError(
                    block_errors=getattr(found, "block_errors", None), non_block_errors=[error]
                )
            raise
        if error is not None:
            raise StructBlockValidationError(
                block_errors={"options": ListBlockValidationError(non_block_errors=[error])}
            )
        return value


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
    callout = CalloutBlock()
    support = SupportBlock()
    reflection = ReflectionBlock()
    knowledge_check = KnowledgeCheckBlock()
