import pytest

from assessments.reflections import rules
from tests.factories import EnrolmentFactory, NarrativeFactory, UserFactory

REFLECTION_ID = "3f1c7a52-0c1e-4a0f-9a53-000000000001"
OPTIONAL_ID = "3f1c7a52-0c1e-4a0f-9a53-000000000002"
TEXT_ID = "3f1c7a52-0c1e-4a0f-9a53-000000000003"
NARRATIVE_ID = "3f1c7a52-0c1e-4a0f-9a53-000000000004"

PROMPT = "What did you notice about how hope was described?"
ENOUGH = "Hope came from small things: a kettle, a neighbour, a walk.\n\nI will listen more."


def module_body(narrative=None, minimum_words=5):
    body = [{"type": "text", "value": "<p>Three people talk about coming home.</p>", "id": TEXT_ID}]
    if narrative is not None:
        body.append(
            {
                "type": "narrative",
                "value": {"narrative": narrative.pk, "framing": "", "discussion_prompts": []},
                "id": NARRATIVE_ID,
            }
        )
    body += [
        {
            "type": "reflection",
            "value": {
                "prompt": PROMPT,
                "guidance": "<p>Think about <b>who</b> helped.</p>",
                "minimum_words": minimum_words,
                "required": True,
            },
            "id": REFLECTION_ID,
        },
        {
            "type": "reflection",
            "value": {"prompt": "Anything else?", "guidance": "", "required": False},
            "id": OPTIONAL_ID,
        },
    ]
    return body


@pytest.fixture
def narrative(db):
    return NarrativeFactory(title="Coming home to the kettle")


@pytest.fixture
def module(make_module, narrative):
    return make_module(title="Coming home", body=module_body(narrative))


@pytest.fixture
def slot(module):
    return rules.reflection_slot(module, REFLECTION_ID)


@pytest.fixture
def learner(db):
    return UserFactory(
        username="learner", first_name="Ada", last_name="Okafor", email="ada@example.org"
    )


@pytest.fixture
def enrolment(learner, course, cohort):
    return EnrolmentFactory(user=learner, course=course, cohort=cohort)


@pytest.fixture
def other_learner(course, cohort):
    user = UserFactory(username="other", email="other@example.org")
    EnrolmentFactory(user=user, course=course, cohort=cohort)
    return user


@pytest.fixture
def submitted(enrolment, module, slot):
    reflection, _ = rules.submit(enrolment, module, slot, ENOUGH)
    return reflection


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT
