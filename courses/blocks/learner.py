"""The blocks whose HTML shows what one learner wrote or chose: reflections and knowledge checks
(rendered per learner, never in the module's shared plan)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .content import SHORT_RICH_TEXT_FEATURES
from .narrative import NarrativeChooserBlock


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
