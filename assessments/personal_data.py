"""The assessments' parts of a person's data export (core/personal_data.py): in each enrolment,
their questionnaire responses with every answer and their knowledge-check answers; and their
reflections. Registered in AssessmentsConfig.ready()."""

from core.personal_data import Provider, register, when

from .models import KnowledgeCheckAnswer, QuestionnaireResponse, Reflection


@register
class QuestionnaireResponses(Provider):
    name = "questionnaire_responses"
    models = ("assessments.QuestionnaireResponse", "assessments.ItemAnswer")
    within = "enrolments"
    order = 30

    def rows(self, enrolment):
        return (
            QuestionnaireResponse.objects.filter(enrolment=enrolment)
            .select_related("instrument")
            .prefetch_related("answers__item")
            .order_by("started_at", "pk")
        )

    def row(self, response):
        answers = sorted(response.answers.all(), key=lambda a: (a.item.sort_order or 0, a.item_id))
        return {
            "questionnaire": response.instrument.name,
            "version": response.instrument.version,
            "timepoint": response.get_timepoint_display(),
            "status": response.get_status_display(),
            "started": when(response.started_at),
            "submitted": when(response.submitted_at),
            "scores": response.scores,
            "answers": [{"item": answer.item.text, "value": answer.value} for answer in answers],
        }


@register
class KnowledgeCheckAnswers(Provider):
    name = "knowledge_check_answers"
    models = ("assessments.KnowledgeCheckAnswer",)
    within = "enrolments"
    order = 40

    def rows(self, enrolment):
        return (
            KnowledgeCheckAnswer.objects.filter(enrolment=enrolment)
            .select_related("module")
            .order_by("answered_at", "pk")
        )

    def row(self, answer):
        return {
            "module": answer.module.title if answer.module else None,
            "block": answer.block_id,
            "answers_chosen": answer.selected,
            "right": answer.correct,
            "times_answered": answer.attempts,
            "first_answered": when(answer.answered_at),
            "last_answered": when(answer.updated_at),
        }


@register
class Reflections(Provider):
    name = "reflections"
    models = ("assessments.Reflection",)
    order = 90

    def rows(self, owner):
        return Reflection.objects.filter(user=owner).order_by("created_at", "pk")

    def row(self, reflection):
        return {
            "course": reflection.course_title,
            "module": reflection.module_title,
            "narrative": reflection.narrative_title,
            "prompt": reflection.prompt,
            "text": reflection.text,
            "status": reflection.get_status_display(),
            "shared_with_educators": reflection.shared_with_educators,
            "shared": when(reflection.shared_at),
            "text_sent_to_learning_record_store_agreed": reflection.text_to_lrs_agreed,
            "started": when(reflection.created_at),
            "last_saved": when(reflection.updated_at),
            "submitted": when(reflection.submitted_at),
        }
