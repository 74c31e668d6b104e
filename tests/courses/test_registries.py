"""What courses learn from the apps above it through registries filled in their ready():
completion requirements by block type (courses/requirements.py) and a learner's state on a
module page (courses/module_page.py)."""

from types import SimpleNamespace

from courses.completion import module_requirements
from courses.module_page import module_learner_state
from courses.requirements import registered_requirements


def stored_module(*blocks):
    return SimpleNamespace(body=SimpleNamespace(raw_data=list(blocks)))


def test_the_assessments_register_reflections_and_knowledge_checks():
    assert [r.block_type for r in registered_requirements()] == ["reflection", "knowledge_check"]


def test_requirements_are_read_from_the_stored_body_by_block_type():
    module = stored_module(
        {"id": "n", "type": "narrative", "value": {"narrative": 1}},
        {"id": "optional", "type": "reflection", "value": {"required": False}},
        {"id": "r", "type": "reflection", "value": {"prompt": "Why?"}},
        {"id": "k", "type": "knowledge_check", "value": {}},
        {"id": "p", "type": "paragraph", "value": "<p>Read me</p>"},
    )

    needs = module_requirements(module)

    assert needs.narrative_block_ids == ("n",)
    assert needs.block_ids_by_type == (("reflection", ("r",)), ("knowledge_check", ("k",)))
    assert not needs.empty


def test_a_module_with_nothing_to_do_has_empty_requirements():
    assert module_requirements(stored_module({"id": "p", "type": "paragraph"})).empty


def test_a_module_without_reflections_or_checks_asks_the_database_nothing():
    # No django_db mark: a query here would fail the test.
    assert module_learner_state(None, stored_module({"id": "p", "type": "paragraph"})) == {}
