"""`manage.py xapi_export [--since DATE] [--output FILE]` writes every stored statement as JSON
lines (issue 5, "Delivery"), each exactly as it is sent to an LRS (xAPI 1.0.3 Part Two 2.2:
the statement's JSON), oldest first."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory
from tracking import activities, outbox, statements
from tracking import vocabulary as v
from tracking.models import Statement


def stored_at(user, moment, verb=v.EXPERIENCED):
    data = statements.build(
        actor=statements.actor_for(user), verb=verb, activity=activities.support()
    )
    row = outbox.record(data, user=user)
    Statement.objects.filter(pk=row.pk).update(stored=moment)
    return data


@pytest.fixture
def stored(db):
    user = UserFactory(username="ada")
    return [
        stored_at(user, datetime(2026, 10, 31, 23, 59, tzinfo=UTC)),
        stored_at(user, datetime(2026, 11, 1, 8, 0, tzinfo=UTC), v.COMPLETED),
        stored_at(user, datetime(2026, 11, 2, 12, 0, tzinfo=UTC), v.REGISTERED),
    ]


def export(*args):
    out = StringIO()
    call_command("xapi_export", *args, stdout=out)
    return out.getvalue()


def lines(text):
    return [json.loads(line) for line in text.splitlines()]


def test_every_statement_oldest_first_exactly_as_stored(stored):
    assert lines(export()) == stored


def test_since_a_date_or_a_date_time(stored, settings):
    settings.TIME_ZONE = "UTC"
    assert lines(export("--since", "2026-11-01")) == stored[1:]
    assert lines(export("--since", "2026-11-01T09:00:00+00:00")) == stored[2:]
    assert export("--since", "2027-01-01") == ""


def test_output_to_a_file(stored, tmp_path):
    target = tmp_path / "statements.jsonl"
    message = export("--output", str(target))
    assert lines(target.read_text(encoding="utf-8")) == stored
    assert message == f"Wrote 3 statements to {target}.\n"


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", "01/11/2026", ""])
def test_a_bad_date_is_refused_and_nothing_is_written(stored, tmp_path, bad):
    target = tmp_path / "statements.jsonl"
    with pytest.raises(CommandError, match="--since must be a date"):
        call_command("xapi_export", "--since", bad, "--output", str(target))
    assert not target.exists()


def test_an_unwritable_file_is_a_clear_error(stored, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("xapi_export", "--output", str(tmp_path / "missing" / "out.jsonl"))


def test_nothing_stored_writes_nothing(db):
    assert export() == ""
