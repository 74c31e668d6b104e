"""Progress per module: visits recorded for enrolled learners, states, Continue target, and the
course completing when every module is complete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from core.models import StorybridgeSettings
from courses import enrolment as rules
from courses.models import Enrolment, ModuleProgress
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory
from tests.slots import REQUIRED_REFLECTION


@pytest.fixture
def modules(make_module):
    return [make_module(title=f"Module {n}", body=REQUIRED_REFLECTION) for n in (1, 2, 3)]


@pytest.fixture
def learner(db):
    return UserFactory(username="learner")


@pytest.fixture
def enrolment(learner, course):
    return rules.enrol(learner, course)


def states(enrolment):
    return [state.state for state in rules.course_progress(enrolment)]


def test_visiting_a_module_records_the_visit_and_where_to_continue(
    client, learner, enrolment, modules
):
    client.force_login(learner)

    assert client.get(modules[1].url).status_code == 200

    progress = ModuleProgress.objects.get(enrolment=enrolment)
    assert progress.module_id == modules[1].pk
    assert progress.first_visited_at is not None and progress.completed_at is None
    enrolment.refresh_from_db()
    assert enrolment.last_module_id == modules[1].pk
    assert states(enrolment) == [rules.NOT_STARTED, rules.STARTED, rules.NOT_STARTED]


def test_a_revisit_keeps_the_first_visit_time(client, learner, enrolment, modules):
    client.force_login(learner)
    client.get(modules[0].url)
    first = ModuleProgress.objects.get().first_visited_at
    client.get(modules[1].url)

    client.get(modules[0].url)

    assert ModuleProgress.objects.get(module_id=modules[0].pk).first_visited_at == first
    assert ModuleProgress.objects.count() == 2
    assert Enrolment.objects.get().last_module_id == modules[0].pk


def test_browsing_without_enrolling_records_nothing_and_prompts_to_enrol(client, modules):
    html = client.get(modules[0].url).content.decode()
    assert "Sign in to start" in html

    client.force_login(UserFactory(username="browser"))
    html = client.get(modules[0].url).content.decode()

    assert "<h1>Module 1</h1>" in html
    assert "Enrol on this course" in html
    assert f'name="next" value="{modules[0].url}"' in html
    assert not ModuleProgress.objects.exists()


def test_an_enrolled_learner_is_not_prompted_to_enrol(client, learner, enrolment, modules):
    client.force_login(learner)

    html = client.get(modules[0].url).content.decode()

    assert "Enrol on this course" not in html
    assert "You are browsing this course" not in html


def test_a_module_page_costs_an_enrolled_learner_at_most_two_queries_more(
    client, learner, enrolment, make_module
):
    """From the shared cache, a browsing learner costs 3 queries (tests/courses/
    test_query_count.py). Moving between visited modules adds at most one write; the first visit
    of a module (once per module) writes its progress row too. The learner's place in each
    narrative comes with the enrolment, in the same query."""
    story = NarrativeFactory()
    NarrativeWarningFactory(narrative=story)
    modules = [
        make_module(
            title=f"Module {n}",
            body=[
                {
                    "type": "narrative",
                    "value": {"narrative": story.pk, "framing": "", "discussion_prompts": []},
                }
            ],
        )
        for n in (1, 2, 3)
    ]
    StorybridgeSettings.for_site(Site.objects.get(is_default_site=True))  # as on a running site
    client.force_login(learner)
    for module in modules:
        client.get(module.url)  # first visits, and fills the shared caches

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(modules[2].url) <= 3  # revisit of the current module: reads only
    assert count(modules[0].url) <= 4  # back to a visited module: updates where to continue
    assert Enrolment.objects.get().last_module_id == modules[0].pk


def test_course_progress_takes_one_query_given_the_outline(enrolment, modules, course):
    outline = course.modules
    with CaptureQueriesContext(connection) as queries:
        result = rules.course_progress(enrolment, outline)
    assert len(queries) == 1
    assert [s.module.pk for s in result] == [m.pk for m in modules]
    assert [str(s.label) for s in result] == ["Not started"] * 3


def test_continue_goes_to_the_last_module_or_the_first(enrolment, modules, course):
    assert rules.continue_target(enrolment, course.modules) == modules[0]

    rules.record_visit(enrolment, modules[2])

    assert rules.continue_target(enrolment, course.modules) == modules[2]
    modules[2].unpublish()
    del course.modules
    assert rules.continue_target(enrolment, course.modules) == modules[0]


def test_the_course_completes_when_every_module_is_complete(enrolment, modules):
    for module in modules[:2]:
        rules.mark_module_complete(enrolment, module)
    assert Enrolment.objects.get().completed_at is None
    assert states(enrolment) == [rules.COMPLETE, rules.COMPLETE, rules.NOT_STARTED]

    rules.mark_module_complete(enrolment, modules[2])
    rules.mark_module_complete(enrolment, modules[2])  # again: changes nothing

    assert Enrolment.objects.get().completed_at is not None
    assert ModuleProgress.objects.filter(completed_at__isnull=False).count() == 3
