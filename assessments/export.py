"""De-identified, item-level questionnaire data for the organisation's analyst, as CSV or XLSX.

One file per questionnaire (instrument) of a course, so that every row has the same item
columns; one row per submitted response (drafts and declined questionnaires are left out), in
the people an educator may see (assessments.engagement.scoped_enrolments, as the dashboard).

Columns, in order:

- Pseudonymous id: core.pseudonyms.pseudonym(user id). The same person has the same id in
  every export and at every timepoint, so pre and post pair up, but it is not their user id.
- Role and cohort: the role's code (e.g. "care_assistant", empty if not given) and the cohort's
  name. Either is replaced by "not shown: small group" where naming it would single out fewer
  than 5 people: a cohort with fewer than 5 people in the file, a role with fewer than 5 people
  in its cohort, and, so that nobody is picked out as "the rest", the next smallest group too
  when the ones not named would otherwise add up to fewer than 5. Roles in an unnamed cohort
  are not shown either.
- Timepoint: "pre", "post" or "follow_up".
- Submitted (month): "2026-03". Only the month, not the day or time: a day plus a cohort can
  single out the one person who answered late. The timepoint says which answer is which.
- Instrument and version.
- One column per item, in the instrument's order, headed "Q<position>: <first 40 characters
  of the text>", holding the raw answer (before reverse-scoring); empty if unanswered. Item
  uuids are not in the file: the position plus the instrument version identify an item.
- Total score, then one column per subscale ("Subscale: <name>"), as stored when the response
  was submitted (assessments.scoring: reversed, prorated); empty where there is no score.

Never in the file: names, usernames, emails, user or enrolment ids, anything typed as free text,
exact timestamps. Text cells that a spreadsheet would run as a formula (starting with =, +, -,
@, a tab, a carriage return or a line feed) are prefixed with an apostrophe, by the writers of
core/spreadsheet.py. Numbers stay numbers.

With fewer than 5 people (or none) in the selection who submitted the questionnaire there is
no export at all: `build_export` raises ExportRefused and nothing is written. Nor is there for
one cohort when the people who answered in the educator's other cohorts of the course number 1
to 4: the cohort's file beside the file of all their cohorts would tell those few apart (their
pseudonyms are the ones missing from the cohort's file).
"""

from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from core import spreadsheet
from core.pseudonyms import pseudonym
from core.spreadsheet import neutralise
from courses.cohort_report import MIN_GROUP, is_suppressed, suppress

from .questionnaire_models import Instrument, ItemAnswer, QuestionnaireResponse, Timepoint

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
    people: object  # as shown: a number, or "fewer than 5"
    available: bool


def _people_by_instrument(enrolments):
    return dict(
        submitted(enrolments)
        .order_by()
        .values("instrument_id")
        .annotate(people=Count("enrolment_id", distinct=True))
        .values_list("instrument_id", "people")
    )


def export_choices(enrolments, whole=None):
    """The questionnaires submitted in `enrolments`, each with how many people submitted it
    (suppressed) and whether build_export would give a file (`whole` as there). Two queries,
    three with `whole`."""
    people = _people_by_instrument(enrolments)
    left_out = {}
    if whole is not None:
        everyone = _people_by_instrument(whole)
        left_out = {pk: everyone.get(pk, 0) - count for pk, count in people.items()}
    return [
        ExportChoice(
            instrument,
            suppress(people[instrument.pk]),
            people[instrument.pk] >= MIN_GROUP
            and not is_suppressed(left_out.get(instrument.pk, 0)),
        )
        for instrument in Instrument.objects.filter(pk__in=people)
    ]


def shown_groups(counts):
    """The keys of `counts` (people per group) that may be named: each group has MIN_GROUP or
    more people, and the groups left unnamed add up to none or to MIN_GROUP or more, so that
    nobody is singled out as "the rest". The smallest named groups are unnamed first."""
    ordered = sorted(counts, key=lambda key: (counts[key], str(key)))
    shown = [key for key in ordered if not is_suppressed(counts[key])]
    hidden_people = sum(counts[key] for key in ordered if is_suppressed(counts[key]))
    while is_suppressed(hidden_people) and shown:
        hidden_people += counts[shown.pop(0)]
    return set(shown)


@dataclass(frozen=True)
class Export:
    header: list
    rows: object  # an iterator of lists, read from the database as it is consumed
    people: int


def people_who_submitted(enrolments, instrument):
    return (
        submitted(enrolments)
        .filter(instrument=instrument)
        .aggregate(people=Count("enrolment_id", distinct=True))["people"]
    )


def build_export(enrolments, instrument, whole=None):
    """The export of `instrument`'s submitted responses in `enrolments`, or ExportRefused when
    fewer than MIN_GROUP people submitted it. `whole`: when `enrolments` is one cohort, all the
    enrolments the same person may export; refused too when the people left out of the cohort's
    file number 1 to 4, since comparing it with the whole file would set them apart. Rows are
    read in chunks as they are consumed: four or five queries up front, then two per
    CHUNK_SIZE rows."""
    responses = submitted(enrolments).filter(instrument=instrument)
    groups = {
        (row["enrolment__cohort_id"], row["enrolment__user__role"]): row["people"]
        for row in responses.order_by()
        .values("enrolment__cohort_id", "enrolment__user__role")
        .annotate(people=Count("enrolment_id", distinct=True))
    }
    # An enrolment has one cohort and its user one role, so the groups do not overlap.
    people = sum(groups.values())
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
    if whole is not None and is_suppressed(people_who_submitted(whole, instrument) - people):
        raise ExportRefused(
            _(
                "This cohort cannot be exported on its own: set beside the export of all your "
                "cohorts, it would single out the fewer than %(number)s people in your other "
                "cohorts who answered. Export all your cohorts together instead."
            )
            % {"number": MIN_GROUP}
        )
    by_cohort = defaultdict(int)
    roles_by_cohort = defaultdict(dict)
    for (cohort_id, role), count in groups.items():
        by_cohort[cohort_id] += count
        roles_by_cohort[cohort_id][role] = count
    cohorts_shown = shown_groups(by_cohort)
    roles_shown = {
        cohort_id: shown_groups(roles_by_cohort[cohort_id]) if cohort_id in cohorts_shown else set()
        for cohort_id in by_cohort
    }
    items = list(instrument.items.order_by("sort_order", "pk"))
    subscales = list(instrument.subscales.order_by("sort_order", "pk"))
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
    rows = _rows(responses, instrument, items, subscales, cohorts_shown, roles_shown)
    return Export([neutralise(str(cell)) for cell in header], rows, people)


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
