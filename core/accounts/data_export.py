"""Everything Storybridge holds about one person, as a JSON-ready dict: their account,
preferences, enrolments (progress, narrative decisions, questionnaire responses with answers
and scores, knowledge-check answers), reflections, and the xAPI statements about them.

`export_for(user)` reads only rows that belong to `user`; the view (core/accounts/views.py)
only ever passes the signed-in person."""

from django.utils import timezone

from core.pseudonyms import pseudonym


def _when(moment):
    return moment.isoformat() if moment else None


def _account(user):
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.get_role_display() if user.role else "",
        "organisation": user.organisation,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "pseudonym": pseudonym(user.pk),
    }


def _preferences(user):
    from narratives.preferences.models import ViewerPreferences

    preferences = ViewerPreferences.objects.filter(user=user).prefetch_related("domains").first()
    if preferences is None:
        return None
    return {
        "warning_mode": preferences.get_warning_mode_display(),
        "topics": sorted(domain.name for domain in preferences.domains.all()),
        "preferred_format": preferences.get_preferred_modality_display(),
        "captions_on": preferences.captions_on,
        "low_bandwidth": preferences.low_bandwidth,
        "updated": _when(preferences.updated),
    }


def _responses(enrolment):
    return [
        {
            "questionnaire": response.instrument.name,
            "version": response.instrument.version,
            "timepoint": response.get_timepoint_display(),
            "status": response.get_status_display(),
            "started": _when(response.started_at),
            "submitted": _when(response.submitted_at),
            "scores": response.scores,
            "answers": [
                {"item": answer.item.text, "value": answer.value}
                for answer in sorted(
                    response.answers.all(), key=lambda a: (a.item.sort_order or 0, a.item_id)
                )
            ],
        }
        for response in enrolment.questionnaire_responses.all()
    ]


def _enrolment(enrolment):
    return {
        "course": enrolment.course.title,
        "cohort": enrolment.cohort.name if enrolment.cohort else None,
        "registration": str(enrolment.uuid),
        "enrolled": _when(enrolment.enrolled_at),
        "completed": _when(enrolment.completed_at),
        "progress": [
            {
                "module": progress.module.title,
                "first_visited": _when(progress.first_visited_at),
                "completed": _when(progress.completed_at),
            }
            for progress in enrolment.progress.all()
        ],
        "narrative_decisions": [
            {
                "module": decision.module.title,
                "narrative": decision.narrative.title,
                "choice": decision.get_choice_display(),
                "made": _when(decision.made_at),
            }
            for decision in enrolment.narrative_decisions.all()
        ],
        "questionnaire_responses": _responses(enrolment),
        "knowledge_check_answers": [
            {
                "module": answer.module.title if answer.module else None,
                "block": answer.block_id,
                "answers_chosen": answer.selected,
                "right": answer.correct,
                "times_answered": answer.attempts,
                "first_answered": _when(answer.answered_at),
                "last_answered": _when(answer.updated_at),
            }
            for answer in enrolment.knowledge_check_answers.all()
        ],
    }


def _reflections(user):
    from assessments.models import Reflection

    return [
        {
            "course": reflection.course_title,
            "module": reflection.module_title,
            "narrative": reflection.narrative_title,
            "prompt": reflection.prompt,
            "text": reflection.text,
            "status": reflection.get_status_display(),
            "shared_with_educators": reflection.shared_with_educators,
            "text_sent_to_learning_record_store_agreed": reflection.text_to_lrs_agreed,
            "started": _when(reflection.created_at),
            "last_saved": _when(reflection.updated_at),
            "submitted": _when(reflection.submitted_at),
        }
        for reflection in Reflection.objects.filter(user=user).order_by("created_at", "pk")
    ]


def export_for(user):
    """The whole export of one person."""
    from courses.models import Enrolment
    from tracking.models import Statement

    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("course", "cohort")
        .prefetch_related(
            "progress__module",
            "narrative_decisions__module",
            "narrative_decisions__narrative",
            "questionnaire_responses__instrument",
            "questionnaire_responses__answers__item",
            "knowledge_check_answers__module",
        )
        .order_by("enrolled_at", "pk")
    )
    statements = (
        Statement.objects.filter(user=user).order_by("stored", "id").values_list("data", flat=True)
    )
    return {
        "exported": timezone.now().isoformat(),
        "about": (
            "Everything Storybridge holds about you. Learning records (xAPI statements) name "
            "you only by your pseudonym; copies sent to your organisation's learning record "
            "store are kept there under the same pseudonym."
        ),
        "account": _account(user),
        "preferences": _preferences(user),
        "enrolments": [_enrolment(enrolment) for enrolment in enrolments],
        "reflections": _reflections(user),
        "xapi_statements": list(statements.iterator(chunk_size=1000)),
    }
