"""De-identified, item-level questionnaire data for the organisation's analyst, as CSV or XLSX.

One file per questionnaire (instrument) of a course, so that every row has the same item
columns; one row per submitted response (drafts and declined questionnaires are left out), in
the people an educator may see (courses.cohort_report.scoped_enrolments, as the dashboard).

Columns, in order:

- Pseudonymous id: core.pseudonyms.pseudonym(user id). The same person has the same id in
  every export and at every timepoint, so pre and post pair up, but it is not their user id.
- Role and cohort: the role's code (e.g. "care_assistant", empty if not given) and the cohort's
  name. Either is replaced by "not shown: small group" where naming it would single out fewer
  than 5 people: a cohort with fewer than 5 people in the file, a role with fewer than 5 people
  in its cohort, and, so that nobody is picked out as "the rest", the next smallest group too
  when the ones not named would otherwise add up to fewer than 5 (core.small_numbers.pool).
  A cohort is named only if the person's views show its own figures (`export_plan`), so the
  rows per cohort never tell what the pages withhold. Roles in an unnamed cohort are not shown
  either.
- Timepoint: "pre", "post" or "follow_up".
- Submitted (month): "2026-03". Only the month, not the day or time: a day plus a cohort can
  single out the one person who answered late. The timepoint says which answer is which.
- Instrument and version.
- One column per item, in the instrument's order, headed "Q<position>: <first 40 characters
  of the text>", holding the raw answer (before reverse-scoring); empty if unanswered. Item
  uuids are not in the file: the position plus the instrument version identify an item.
- Total score, then one column per subscale ("Subscale: <name>"), as stored when the response
  was submitted (assessments.questionnaires.scoring: reversed, prorated); empty where there is
  no score.

Never in the file: names, usernames, emails, user or enrolment ids, anything typed as free text,
exact timestamps. Text cells that a spreadsheet would run as a formula (starting with =, +, -,
@, a tab, a carriage return or a line feed) are prefixed with an apostrophe, by the writers of
core/spreadsheet.py. Numbers stay numbers.

Which files may be downloaded (`export_choices`, the one check; the view refuses anything else
with its reason and writes nothing): the number of people who submitted each questionnaire is a
figure of the person's progress table for the course (courses/cohort_report.py, inside
"enrolled"), decided by the small-number rule (core/small_numbers.py) together with the
engagement report and every cohort view. A file goes only with a number that is shown and is 5
or more: its rows would tell that number, so a file is never given where the number is "fewer
than 5" or "withheld" (for one cohort beside the file of all cohorts, whose rows minus the
cohort's would be the answers of fewer than 5 people in the other cohorts; or beside the number
enrolled, which would tell the fewer than 5 who did not answer).
"""

from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from assessments.questionnaires.models import (
    Instrument,
    ItemAnswer,
    QuestionnaireResponse,
    Timepoint,
)
from core import spreadsheet
from core.pseudonyms import pseudonym
from core.small_numbers import MIN_GROUP, SHOWN, Node, is_hidden, pool
from core.spreadsheet import neutralise
from courses.cohort_report import ENROLLED, progress_table, scoped_enrolments

ITEM_TEXT_CHARS = 40
CHUNK_SIZE = 1000
CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportRefused(Exception):
    """Too few people for an export: the message says why, and nothing is written."""


def not_shown():
    return _("not shown: small group")


def submitted(enrolments):
    return QuestionnaireResponse.objects.filter(
        enrolment__in=enrolments, status=QuestionnaireResponse.Status.SUBMITTED
    )


@dataclass(frozen=True)
class ExportChoice:
    instrument: Instrument
    people: object  # as shown: a number, "fewer than 5" or "withheld"
    available: bool
    reason: str = ""  # why not, when not available


def submitted_node(instrument_id):
    return ("submitted", "instrument", instrument_id)


def _submitted_counts(enrolments):
    """{cohort id or None: {node: people who submitted the instrument}}, and the instruments."""
    rows = (
        submitted(enrolments)
        .order_by()
        .values("enrolment__cohort_id", "instrument_id")
        .annotate(people=Count("enrolment_id", distinct=True))
    )
    by_cohort, instruments = {}, set()
    for row in rows:
        counts = by_cohort.setdefault(row["enrolment__cohort_id"], {})
        counts[submitted_node(row["instrument_id"])] = row["people"]
        instruments.add(row["instrument_id"])
    return by_cohort, sorted(instruments)


def _reason(people, view):
    if view.too_small:
        return _("Not available: fewer than %(number)s people are in your selection.") % {
            "number": MIN_GROUP
        }
    if view.pooled:
        return _(
            "Not available: this cohort's figures are withheld, because beside those of all "
            "your cohorts they would give away a group of fewer than %(number)s people in your "
            "other cohorts. Export all your cohorts together instead."
        ) % {"number": MIN_GROUP}
    if not is_hidden(people):
        return _("Nobody in your selection has submitted it.") if not people else ""
    if people.withheld:
        return _(
            "Not available: its number of people is withheld, so that a group of fewer than "
            "%(number)s cannot be worked out from it."
        ) % {"number": MIN_GROUP}
    return _("Not available: fewer than %(number)s people in your selection submitted it.") % {
        "number": MIN_GROUP
    }


@dataclass(frozen=True)
class ExportPlan:
    choices: list  # ExportChoice, one per questionnaire
    named_cohorts: frozenset  # the cohorts a file may name: those whose own figures are shown


def export_plan(user, course, cohort=None):
    """What `user` may export of `course` in one view (everyone, or `cohort`): the
    questionnaires submitted by anyone they may see, each with how many people in the view
    submitted it as the rule lets it be shown and whether its file may be downloaded; and which
    cohorts a file may name. Seven queries."""
    counts, instrument_ids = _submitted_counts(scoped_enrolments(user, course))
    nodes = [Node(submitted_node(pk), (ENROLLED,)) for pk in instrument_ids]
    table = progress_table(user, course, [(nodes, counts)]).table
    view = table.view(cohort.pk if cohort is not None else None)
    named = frozenset(pk for pk, part in table.parts.items() if part.state == SHOWN)
    choices = []
    for instrument in Instrument.objects.filter(pk__in=instrument_ids).order_by("name", "pk"):
        people = view[submitted_node(instrument.pk)]
        available = not is_hidden(people) and people >= MIN_GROUP
        choices.append(ExportChoice(instrument, people, available, _reason(people, view)))
    return ExportPlan(choices, named)


def export_choices(user, course, cohort=None):
    return export_plan(user, course, cohort).choices


def shown_groups(counts):
    """The keys of `counts` (people per group) that may be named: each group has MIN_GROUP or
    more people, and the groups left unnamed add up to none or to MIN_GROUP or more, so that
    nobody is singled out as "the rest" (core.small_numbers.pool)."""
    return set(counts) - pool(counts)


@dataclass(frozen=True)
class Export:
    header: list
    rows: object  # an iterator of lists, read from the database as it is consumed
    people: int


def build_export(enrolments, instrument, named_cohorts=None):
    """The export of `instrument`'s submitted responses in `enrolments`, or ExportRefused when
    fewer than MIN_GROUP people submitted it. Whether this file may go beside the others the
    person can see is `export_plan`'s to say: the view asks it first, and passes the cohorts
    whose figures the person's views show as `named_cohorts` (the only ones a file may name,
    so that its rows per cohort tell nothing the pages withhold). Rows are read in chunks as
    they are consumed: four queries up front, then two per CHUNK_SIZE rows."""
    responses = submitted(enrolments).filter(instrument=instrument)
    groups = _people_by_group(responses)
    # An enrolment has one cohort and its user one role, so the groups do not overlap.
    people = sum(groups.values())
    _refuse_too_few(people)
    cohorts_shown, roles_shown = _named_groups(groups, named_cohorts)
    items = list(instrument.items.order_by("sort_order", "pk"))
    subscales = list(instrument.subscales.order_by("sort_order", "pk"))
    rows = _rows(responses, instrument, items, subscales, cohorts_shown, roles_shown)
    return Export(_header(items, subscales), rows, people)


def _people_by_group(responses):
    """{(cohort id, role): people who submitted} among `responses`: one query."""
    return {
        (row["enrolment__cohort_id"], row["enrolment__user__role"]): row["people"]
        for row in responses.order_by()
        .values("enrolment__cohort_id", "enrolment__user__role")
        .annotate(people=Count("enrolment_id", distinct=True))
    }


def _refuse_too_few(people):
    if not people:
        raise ExportRefused(
            _(
                "Nobody in your selection has submitted this questionnaire, so there is nothing "
                "to export."
            )
        )
    if people < MIN_GROUP:
        raise ExportRefused(
            _(
                "Fewer than %(number)s people in your selection have submitted this "
                "questionnaire, so it cannot be exported: each of them could be recognised. "
                "Choose all your cohorts, or wait until more people have answered."
            )
            % {"number": MIN_GROUP}
        )


def _named_groups(groups, named_cohorts):
    """The cohorts the file may name (of `named_cohorts`, when given), and per cohort the roles
    it may name (none in a cohort it does not name)."""
    by_cohort = defaultdict(int)
    roles_by_cohort = defaultdict(dict)
    for (cohort_id, role), count in groups.items():
        by_cohort[cohort_id] += count
        roles_by_cohort[cohort_id][role] = count
    cohorts_shown = shown_groups(by_cohort)
    if named_cohorts is not None:
        cohorts_shown &= set(named_cohorts)
    roles_shown = {
        cohort_id: shown_groups(roles_by_cohort[cohort_id]) if cohort_id in cohorts_shown else set()
        for cohort_id in by_cohort
    }
    return cohorts_shown, roles_shown


def _header(items, subscales):
    header = [
        _("Pseudonymous id"),
        _("Role"),
        _("Cohort"),
        _("Timepoint"),
        _("Submitted (month)"),
        _("Instrument"),
        _("Instrument version"),
        *(
            f"Q{position}: {Truncator(item.text).chars(ITEM_TEXT_CHARS)}"
            for position, item in enumerate(items, start=1)
        ),
        _("Total score"),
        *(_("Subscale: %(name)s") % {"name": subscale.name} for subscale in subscales),
    ]
    return [neutralise(str(cell)) for cell in header]


def _batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _rows(responses, instrument, items, subscales, cohorts_shown, roles_shown):
    timepoint_order = Case(
        *(When(timepoint=value, then=Value(index)) for index, value in enumerate(Timepoint.values)),
        output_field=IntegerField(),
    )
    # A person's rows together, in timepoint order; people in random (uuid) order, so the row
    # order says nothing about who joined first.
    found = (
        responses.annotate(timepoint_order=timepoint_order)
        .order_by("enrolment__uuid", "timepoint_order", "pk")
        .values(
            "pk",
            "enrolment__user_id",
            "enrolment__user__role",
            "enrolment__cohort_id",
            "enrolment__cohort__name",
            "timepoint",
            "submitted_at",
            "scores",
        )
    )
    hidden = not_shown()
    for chunk in _batched(found.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        answers = defaultdict(dict)
        for response_id, item_id, value in ItemAnswer.objects.filter(
            response_id__in=[response["pk"] for response in chunk]
        ).values_list("response_id", "item_id", "value"):
            answers[response_id][item_id] = value
        for response in chunk:
            cohort_id = response["enrolment__cohort_id"]
            role = response["enrolment__user__role"]
            if cohort_id not in cohorts_shown:
                cohort = hidden
            else:
                cohort = response["enrolment__cohort__name"] or _("(no cohort)")
            submitted_at = response["submitted_at"]
            scores = response["scores"] or {}
            subscale_scores = scores.get("subscales") or {}
            given = answers[response["pk"]]
            row = [
                pseudonym(response["enrolment__user_id"]),
                role if role in roles_shown[cohort_id] else hidden,
                cohort,
                response["timepoint"],
                timezone.localtime(submitted_at).strftime("%Y-%m") if submitted_at else "",
                instrument.name,
                instrument.version,
                *(given.get(item.pk, "") for item in items),
                _score(scores.get("total")),
                *(_score(subscale_scores.get(subscale.key)) for subscale in subscales),
            ]
            yield [neutralise(cell) for cell in row]


def _score(value):
    return "" if value is None else value


def filename(course, instrument, export_format, today=None):
    """course-slug-instrument-version-YYYY-MM-DD.csv (or .xlsx)."""
    today = today or timezone.localdate()
    parts = [
        course.slug,
        slugify(instrument.name),
        slugify(instrument.version),
        f"{today:%Y-%m-%d}",
    ]
    return "-".join(part for part in parts if part) + f".{export_format}"


def csv_lines(export):
    """The export as CSV text, one line at a time (for a StreamingHttpResponse)."""
    return spreadsheet.csv_lines(export.header, export.rows)


def write_xlsx(export, output):
    """Write the export as an XLSX workbook to `output`, a binary file."""
    spreadsheet.write_xlsx(output, export.header, export.rows, title=_("Responses"))
