"""tracking.statements: statements built from shared parts, and `check()`, our strict schema
that the outbox runs on every statement before storing it.

Rules checked, with where they come from:
- xAPI 1.0.3, Part Two, 2.2: no empty values, except inside extensions; 2.4.1: the id is a
  UUID; 2.4.5: a score's raw lies within min and max, and scaled within -1..1; 2.4.6:
  registration is a UUID; 2.4.7: a timestamp is ISO 8601.
- DESIGN.md, "xAPI": the actor is an account on the site's home page and nothing else.
"""

import copy
import datetime
import uuid

import pytest
from django.conf import settings
from tincan import Extensions, Result

from core.pseudonyms import pseudonym
from tracking import vocabulary as v
from tracking.statements import InvalidStatement, Statements, actor_for, build, check

from .conftest import course_activity

MOMENT = datetime.datetime(2026, 11, 22, 9, 30, 15, 123456, tzinfo=datetime.UTC)


class Person:
    pk = 42


@pytest.fixture
def statement():
    return build(
        actor=actor_for(Person),
        verb=v.COMPLETED,
        activity=course_activity(),
        registration=uuid.uuid4(),
        result=Result(extensions=Extensions({v.EXT_PROGRESS: 1.0})),
        context_extensions={v.EXT_SESSION_ID: str(uuid.uuid4())},
        timestamp=MOMENT,
    )


def test_statements_made_from_shared_parts_keep_what_is_their_own():
    course = course_activity()
    registration = uuid.uuid4()
    shared = Statements(actor=actor_for(Person), activity=course, registration=registration)
    played = shared.make(
        v.PLAYED,
        result=Result(extensions=Extensions({v.EXT_TIME: 3.5})),
        context_extensions={v.EXT_LENGTH: 70.0},
        timestamp=MOMENT,
        statement_id="0f4b4c39-6a5e-4d36-8a8e-4a6f3b4f7a01",
    )
    completed = shared.make(v.COMPLETED, timestamp=MOMENT)

    assert played["id"] == "0f4b4c39-6a5e-4d36-8a8e-4a6f3b4f7a01"
    assert played["verb"] == {"id": v.PLAYED, "display": {"en-US": "played"}}
    assert played["result"] == {"extensions": {v.EXT_TIME: 3.5}}
    assert played["context"]["extensions"] == {v.EXT_LENGTH: 70.0}
    assert played["timestamp"] == "2026-11-22T09:30:15.123Z"
    # The second has none of the first's own parts, and a fresh id.
    assert uuid.UUID(completed["id"]) != uuid.UUID(played["id"])
    assert completed["verb"]["id"] == v.COMPLETED
    assert "result" not in completed and "extensions" not in completed["context"]
    # What they share is the same, and equal to a statement built on its own.
    for data in (played, completed):
        assert data["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": settings.SITE_BASE_URL, "name": pseudonym(Person.pk)},
        }
        assert data["context"]["registration"] == str(registration)
        assert data["object"]["id"] == course.id
        assert check(data) is data
    alone = build(
        actor=actor_for(Person),
        verb=v.COMPLETED,
        activity=course,
        registration=registration,
        timestamp=MOMENT,
        statement_id=completed["id"],
    )
    assert alone == completed


def test_a_result_given_as_its_dict_makes_the_same_statement():
    """The player's events pass their result as the dict a tincan Result serialises to, and
    their ids as UUIDs (tracking/player/): the statements are the same as with a Result
    and an id written out."""
    shared = Statements(actor=actor_for(Person), activity=course_activity())
    extensions = {v.EXT_TIME: 70.0, v.EXT_PROGRESS: 1.0, v.EXT_PLAYED_SEGMENTS: "0[.]70"}
    statement_id = uuid.uuid4()
    with_result = shared.make(
        v.COMPLETED,
        result=Result(extensions=Extensions(extensions), completion=True),
        timestamp=MOMENT,
        statement_id=str(statement_id).upper(),
    )
    with_dict = shared.make(
        v.COMPLETED,
        result={"extensions": dict(extensions), "completion": True},
        timestamp=MOMENT,
        statement_id=statement_id,
    )
    assert with_dict == with_result
    assert with_dict["id"] == str(statement_id)
    assert with_dict["result"] == {"extensions": extensions, "completion": True}


def test_a_well_formed_statement_passes(statement):
    assert check(statement) is statement


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(id="not-a-uuid"), "id must be a UUID"),
        (lambda s: s.update(version="1.0.0"), "version must be 1.0.3"),
        (lambda s: s["verb"].update(display={}), "verb.display is empty"),
        (
            lambda s: s["object"]["definition"].update(name={"en-GB": ""}),
            "object.definition.name.en-GB is empty",
        ),
        (
            lambda s: s["context"]["contextActivities"]["category"].append({}),
            "context.contextActivities.category.1 is empty",
        ),
        (lambda s: s["context"].update(extensions={}), "context.extensions is empty"),
        (lambda s: s["context"].update(registration=None), "context.registration is empty"),
        (
            lambda s: s["actor"].update(mbox="mailto:nurse@example.org"),
            "the actor must be an account and nothing else",
        ),
        (
            lambda s: s["actor"].update(name="A Nurse"),
            "the actor must be an account and nothing else",
        ),
        (
            lambda s: s["actor"]["account"].update(homePage="https://elsewhere.example.org"),
            "the actor's account must be on this site",
        ),
        (lambda s: s["verb"].update(id="completed"), "verb.id must be an IRI"),
        (
            lambda s: s["object"].update(objectType="Agent"),
            "object must be an activity with an IRI id",
        ),
        (
            lambda s: s["context"].update(registration="enrolment-7"),
            "context.registration must be a UUID",
        ),
        (
            lambda s: s["result"].update(extensions={"progress": 1}),
            "extension key 'progress' is not an IRI",
        ),
        (
            lambda s: s["result"].update(score={"raw": 9, "min": 0, "max": 5}),
            "result.score.raw is outside min..max",
        ),
        (
            lambda s: s["result"].update(score={"min": 5, "max": 0}),
            "result.score.min is above max",
        ),
        (
            lambda s: s["result"].update(score={"scaled": 1.5}),
            "result.score.scaled must be between -1 and 1",
        ),
        (lambda s: s.update(timestamp="yesterday"), "timestamp must be ISO 8601"),
    ],
)
def test_a_statement_breaking_a_rule_is_refused_naming_it(statement, change, message):
    broken = copy.deepcopy(statement)
    change(broken)
    with pytest.raises(InvalidStatement) as refused:
        check(broken)
    assert str(refused.value) == message


def test_empty_values_inside_extensions_are_allowed(statement):
    """xAPI 1.0.3, Part Two, 2.2: extensions are exempt from the no-empty-values rule."""
    statement["result"]["extensions"][v.EXT_PLAYED_SEGMENTS] = ""
    statement["context"]["extensions"][f"{v.PROFILE}/extensions/notes"] = {"seen": []}
    assert check(statement) is statement
