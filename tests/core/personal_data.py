"""A learner with some of every kind of personal data Storybridge keeps, made through the real
rules: for the data export and erasure tests."""

from assessments import knowledge_checks
from assessments import questionnaires as questionnaire_rules
from assessments import reflections as reflection_rules
from courses import enrolment as rules
from courses.models import NarrativeDecision
from narratives.models import ContentWarning
from narratives.preferences.models import ViewerPreferences
from tests.assessments.factories_questionnaires import answers, make_instrument, set_questionnaires
from tests.factories import CohortFactory, NarrativeFactory, UserFactory
from tracking import activities, outbox, statements
from tracking import vocabulary as v

REFLECTION = {"type": "reflection", "value": {"prompt": "What stayed with you?", "required": True}}
CHECK = {
    "type": "knowledge_check",
    "value": {
        "question": "Which of these helps?",
        "kind": "single",
        "options": [
            {"text": "Listening", "correct": True, "feedback": "<p>Yes.</p>"},
            {"text": "Hurrying", "correct": False, "feedback": "<p>No.</p>"},
        ],
    },
}


def learner_with_everything(course, make_module, username, text, instrument=None):
    """An enrolled learner with preferences, progress, a decision, a submitted reflection
    (`text`), a submitted questionnaire, a knowledge-check answer and their statements."""
    module = make_module(
        title=f"Module of {username}",
        body=[{**REFLECTION, "id": f"r-{username}"}, {**CHECK, "id": f"k-{username}"}],
    )
    instrument = instrument or make_instrument()
    set_questionnaires(course, baseline=instrument)
    user = UserFactory(
        username=username,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        last_name="Tester",
        organisation=f"Ward of {username}",
        role="nursing_trainee",
    )
    cohort = CohortFactory(course=course, name=f"Cohort of {username}")
    enrolment = rules.enrol(user, course, cohort=cohort)
    questionnaire_rules.submit(enrolment, "pre", answers(instrument, 4, 2, 5, 1))
    preferences = ViewerPreferences.objects.create(user=user, warning_mode="chosen")
    preferences.domains.add(ContentWarning.objects.filter(domain__isnull=True).first())
    rules.mark_module_complete(enrolment, module)
    NarrativeDecision.objects.create(
        enrolment=enrolment,
        module=module,
        block_id="n1",
        narrative=NarrativeFactory(title=f"Story for {username}"),
        choice="continue",
    )
    slot = reflection_rules.reflection_slot(module, f"r-{username}")
    reflection_rules.submit(enrolment, module, slot, text)
    check = knowledge_checks.knowledge_check(module, f"k-{username}")
    knowledge_checks.record_answer(enrolment, module, check, [0])
    outbox.record(
        statements.build(
            actor=statements.actor_for(user),
            verb=v.EXPERIENCED,
            activity=activities.module(module),
            registration=enrolment.uuid,
        ),
        user=user,
    )
    return user, enrolment, instrument
