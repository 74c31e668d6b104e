"""Knowledge-check rules: reading a check from a module's stored body, checking what a learner
chose, keeping their latest answer, and reading answers back for the module page
(`learner_state`) and the module completion check (`answered_block_ids`), both through the
registries assessments/registrations.py fills.

Knowledge checks are formative. A learner may answer as often as they like: the latest answer is
kept, with how many times they have answered. Answering, right or wrong, is what counts towards
completing the module; a wrong answer shows feedback and never blocks. Visitors who are not
enrolled may try a check too: they get the feedback, and nothing about them is stored.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.body import list_item_value, module_body
from courses.completion import refresh_module_completion
from tracking import learning
from tracking.recording import record

from .models import KnowledgeCheckAnswer

KNOWLEDGE_CHECK_BLOCK_TYPE = "knowledge_check"
SINGLE, MULTIPLE = "single", "multiple"


@dataclass(frozen=True)
class KnowledgeCheck:
    """A knowledge-check block of a module's live body, read from its stored form."""

    block_id: str
    kind: str
    option_count: int
    correct_options: frozenset
    question: str = ""
    options: tuple = ()  # (text, correct) pairs in stored order: the xAPI choices

    @property
    def is_multiple(self):
        return self.kind == MULTIPLE

    def is_correct(self, selected):
        """Right when exactly the right options are chosen (for multiple choice: all of them,
        and none of the others)."""
        return set(selected) == self.correct_options


def _item(option):
    """One stored option: its StructBlock dict, or {} for anything else."""
    value = list_item_value(option)
    return value if isinstance(value, dict) else {}


def knowledge_check(module, block_id):
    """The knowledge-check block with this id in the module's live body, or None."""
    block = module_body(module).get(block_id, KNOWLEDGE_CHECK_BLOCK_TYPE)
    if block is None:
        return None
    options = [_item(option) for option in block.get("options", ())]
    return KnowledgeCheck(
        block_id=block_id,
        kind=MULTIPLE if block.get("kind") == MULTIPLE else SINGLE,
        option_count=len(options),
        correct_options=frozenset(i for i, o in enumerate(options) if o.get("correct")),
        question=str(block.get("question", "")),
        options=tuple((str(o.get("text") or ""), bool(o.get("correct"))) for o in options),
    )


def parse_selection(check, values):
    """The option indexes the learner chose, from the form's values, sorted. A ValidationError
    with a plain message for nothing chosen, an answer that is not offered, or more than one
    answer to a single-choice question."""
    chosen = set()
    for value in values:
        try:
            index = int(value)
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < check.option_count:
            raise ValidationError(
                _("That answer is not one of the choices. Choose from the list and try again."),
                code="unknown",
            )
        chosen.add(index)
    if not chosen:
        message = (
            _("Tick at least one answer, then check it.")
            if check.is_multiple
            else _("Choose an answer, then check it.")
        )
        raise ValidationError(message, code="empty")
    if not check.is_multiple and len(chosen) > 1:
        raise ValidationError(_("Choose only one answer to this question."), code="too_many")
    return sorted(chosen)


# Reading ------------------------------------------------------------------------------------


def answers_by_block(enrolment, module):
    """The learner's answers in the module by block id. One query; {} without enrolment."""
    if enrolment is None:
        return {}
    answers = KnowledgeCheckAnswer.objects.filter(enrolment=enrolment, module=module)
    return {answer.block_id: answer for answer in answers}


def learner_state(enrolment, module):
    """The learner's answers for the module page (courses.module_page): none asked for a module
    without a knowledge check."""
    if not module_body(module).has(KNOWLEDGE_CHECK_BLOCK_TYPE):
        return {}
    return {"knowledge_answers": answers_by_block(enrolment, module)}


def answered_block_ids(enrolment, module):
    """The ids of the module's knowledge checks this learner has answered. One query."""
    return set(
        KnowledgeCheckAnswer.objects.filter(enrolment=enrolment, module=module).values_list(
            "block_id", flat=True
        )
    )


# Writing ------------------------------------------------------------------------------------


def unsaved_answer(check, selected):
    """The answer of someone who is not enrolled: shown with its feedback, never stored."""
    return KnowledgeCheckAnswer(
        block_id=check.block_id, selected=list(selected), correct=check.is_correct(selected)
    )


def record_answer(enrolment, module, check, selected):
    """Keep the learner's latest answer and count it, then see whether the module is complete.
    Two answers at once both count and the last one is kept: the row is made at most once (the
    unique constraint) and the count is added in the database."""
    correct = check.is_correct(selected)
    key = {"enrolment": enrolment, "module": module, "block_id": check.block_id}
    with transaction.atomic():
        KnowledgeCheckAnswer.objects.bulk_create(
            [KnowledgeCheckAnswer(**key)], ignore_conflicts=True
        )
        KnowledgeCheckAnswer.objects.filter(**key).update(
            selected=list(selected),
            correct=correct,
            attempts=F("attempts") + 1,
            updated_at=timezone.now(),
        )
        answer = KnowledgeCheckAnswer.objects.get(**key)
        record(
            learning.knowledge_check_answered(
                enrolment,
                module,
                check.block_id,
                check.question,
                check.options,
                selected,
                answer.attempts,
            ),
            user=enrolment.user,
        )
    refresh_module_completion(enrolment, module)
    return answer
