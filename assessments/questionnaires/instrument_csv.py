"""Import a questionnaire from a CSV file: parse, validate, then create it all or nothing.

The file has a header row and one row per scale point, subscale or item, in the order they
should appear (`CSV_FORMAT_HELP` and `EXAMPLE_CSV` describe it for editors):

    type,key,text,value,reverse,subscale,required
    scale,,Strongly disagree,1,,,
    subscale,hope,Hope and recovery,,,,
    item,,People can get well again.,,no,hope,yes

`parse_instrument_csv(data)` checks the whole file and raises one ValidationError listing every
problem with its line number; `create_instrument(parsed, **fields)` stores it in one transaction.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import (
    Instrument,
    InstrumentItem,
    ScalePoint,
    Subscale,
    validate_instrument,
)

MAX_BYTES = 256 * 1024
MAX_ROWS = 500
COLUMNS = ("type", "key", "text", "value", "reverse", "subscale", "required")
REQUIRED_COLUMNS = ("type", "text")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
# The longest text each field holds (see models.py).
MAX_LENGTHS = {"scale": 80, "subscale": 120, "item": 400, "key": 40}
MAX_ERRORS = 50

EXAMPLE_CSV = """type,key,text,value,reverse,subscale,required
scale,,Strongly disagree,1,,,
scale,,Disagree,2,,,
scale,,Neither agree nor disagree,3,,,
scale,,Agree,4,,,
scale,,Strongly agree,5,,,
subscale,hope,Hope and recovery,,,,
subscale,distance,Keeping a distance,,,,
item,,Most people who are unwell can lead a good life.,,no,hope,yes
item,,Someone who has been very unwell will not get better.,,yes,hope,yes
item,,I would be happy to work alongside someone who has been in hospital.,,no,distance,yes
item,,I would rather not live next door to someone who hears voices.,,yes,distance,no
"""


@dataclass
class ParsedInstrument:
    """What a valid file describes, in file order: scale points as (label, value), subscales as
    (key, name), items as InstrumentItem instances not yet saved."""

    scale: list = field(default_factory=list)
    subscales: list = field(default_factory=list)
    items: list = field(default_factory=list)


def parse_instrument_csv(data):
    """Parse and check `data` (the file's bytes). Returns a ParsedInstrument, or raises a
    ValidationError listing every problem found, each with its line number."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s KB; the limit is %(limit)s KB. Split it or remove rows.")
            % {"size": (len(data) + 1023) // 1024, "limit": MAX_BYTES // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _(
                "Line %(line)s: the file is not UTF-8 text. Save it as “CSV UTF-8” "
                "(in Excel: File → Save As → CSV UTF-8) and upload it again."
            )
            % {"line": line}
        ) from error
    if "\x00" in text:
        raise ValidationError(_("The file is not a CSV text file. Upload a .csv file."))

    reader = csv.reader(io.StringIO(text, newline=""))
    errors = _Errors()
    try:
        columns = _read_header(reader, errors)
        if columns is None:
            raise ValidationError(errors.messages)
        parsed, seen = ParsedInstrument(), _Seen()
        rows = 0
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > MAX_ROWS:
                raise ValidationError(
                    _(
                        "Line %(line)s: the file has more than %(limit)s rows; "
                        "the limit is %(limit)s."
                    )
                    % {"line": start, "limit": MAX_ROWS}
                )
            _parse_row(start, row, columns, parsed, seen, errors)
    except csv.Error as error:
        errors.add(reader.line_num, _("this is not valid CSV (%(error)s).") % {"error": error})
    if errors.messages:
        raise ValidationError(errors.messages)
    _check_whole(parsed, seen, errors)
    if errors.messages:
        raise ValidationError(errors.messages)
    validate_instrument(
        None,
        [value for _label, value in parsed.scale],
        parsed.items,
        [key for key, _name in parsed.subscales],
    )
    return parsed


def create_instrument(parsed, **fields):
    """Store `parsed` as a new instrument with `fields` (name, version, scoring_rule, ...), all
    in one transaction: on any error nothing is stored and a ValidationError is raised."""
    instrument = Instrument(**fields)
    instrument.scale_points = [
        ScalePoint(label=label, value=value, sort_order=order)
        for order, (label, value) in enumerate(parsed.scale)
    ]
    instrument.subscales = [
        Subscale(key=key, name=name, sort_order=order)
        for order, (key, name) in enumerate(parsed.subscales)
    ]
    instrument.items = [
        InstrumentItem(
            text=item.text,
            reverse_scored=item.reverse_scored,
            subscale=item.subscale,
            required=item.required,
            sort_order=order,
        )
        for order, item in enumerate(parsed.items)
    ]
    exists = instrument_exists_message(instrument.name, instrument.version)
    if exists:
        raise ValidationError(exists)
    instrument.full_clean(validate_constraints=False)
    for child in [*instrument.scale_points.all(), *instrument.subscales.all()]:
        child.full_clean(exclude=["instrument"])
    for child in instrument.items.all():
        child.full_clean(exclude=["instrument", "uuid"])
    try:
        with transaction.atomic():
            instrument.save()
    except IntegrityError as error:
        raise ValidationError(_already_exists(fields)) from error
    return instrument


def import_instrument(data, **fields):
    """Parse `data` and create the instrument with `fields`; raises ValidationError."""
    return create_instrument(parse_instrument_csv(data), **fields)


def instrument_exists_message(name, version):
    if Instrument.objects.filter(name=name, version=version).exists():
        return _already_exists({"name": name, "version": version})
    return None


def _already_exists(fields):
    return _(
        "A questionnaire called “%(name)s”, version “%(version)s”, already exists. "
        "Give this one a new version."
    ) % {"name": fields.get("name", ""), "version": fields.get("version", "")}


class _Errors:
    def __init__(self):
        self.messages = []

    def add(self, line, message):
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(
                _("Line %(line)s: %(message)s") % {"line": line, "message": message}
            )
        elif len(self.messages) == MAX_ERRORS:
            self.messages.append(_("… and more. Fix these first, then upload the file again."))

    def whole(self, message):
        self.messages.append(message)


@dataclass
class _Seen:
    scale_values: dict = field(default_factory=dict)  # value -> line
    subscales: dict = field(default_factory=dict)  # key -> line
    item_subscales: dict = field(default_factory=dict)  # key -> [lines]


def _read_header(reader, errors):
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        names = [cell.strip().lower() for cell in row]
        line = reader.line_num
        unknown = [name for name in names if name and name not in COLUMNS]
        if unknown:
            errors.add(
                line,
                _("unknown column “%(names)s”. The header row must use only: %(columns)s.")
                % {"names": "”, “".join(unknown), "columns": ",".join(COLUMNS)},
            )
        duplicates = sorted({name for name in names if name and names.count(name) > 1})
        if duplicates:
            errors.add(
                line,
                _("the column “%(names)s” appears more than once.")
                % {"names": "”, “".join(duplicates)},
            )
        missing = [name for name in REQUIRED_COLUMNS if name not in names]
        if missing:
            errors.add(
                line,
                _("the header row needs the columns %(missing)s. Start the file with: %(header)s")
                % {"missing": ", ".join(missing), "header": ",".join(COLUMNS)},
            )
        if errors.messages:
            return None
        return {name: position for position, name in enumerate(names) if name}
    errors.whole(_("The file is empty. Start it with the header row: %s") % ",".join(COLUMNS))
    return None


def _parse_row(line, row, columns, parsed, seen, errors):
    def cell(name):
        position = columns.get(name)
        if position is None or position >= len(row):
            return ""
        return row[position].strip()

    if len(row) > len(columns) and any(value.strip() for value in row[len(columns) :]):
        errors.add(line, _("this row has more cells than the header row has columns."))
        return
    kind, text = cell("type").lower(), cell("text")
    if kind not in ("scale", "subscale", "item"):
        errors.add(
            line,
            _("unknown type “%(type)s”; use scale, subscale or item.") % {"type": cell("type")}
            if kind
            else _("the type is empty; use scale, subscale or item."),
        )
        return
    if not text:
        errors.add(line, _("the text is empty."))
        return
    if len(text) > MAX_LENGTHS[kind]:
        errors.add(
            line,
            _("the text is %(length)s characters long; the limit here is %(limit)s.")
            % {"length": len(text), "limit": MAX_LENGTHS[kind]},
        )
        return
    if kind == "scale":
        _parse_scale(line, text, cell("value"), parsed, seen, errors)
    elif kind == "subscale":
        _parse_subscale(line, text, cell("key"), parsed, seen, errors)
    else:
        _parse_item(line, text, cell, parsed, seen, errors)


def _parse_scale(line, label, raw_value, parsed, seen, errors):
    try:
        value = int(raw_value)
    except ValueError:
        errors.add(
            line,
            _("the value “%(value)s” is not a whole number.") % {"value": raw_value}
            if raw_value
            else _("a scale point needs a value (a whole number)."),
        )
        return
    if not -32768 <= value <= 32767:
        errors.add(line, _("the value %(value)s is too large.") % {"value": value})
        return
    if value in seen.scale_values:
        errors.add(
            line,
            _("the value %(value)s is already used on line %(other)s; each point needs its own.")
            % {"value": value, "other": seen.scale_values[value]},
        )
        return
    seen.scale_values[value] = line
    parsed.scale.append((label, value))


def _parse_subscale(line, name, key, parsed, seen, errors):
    if not key:
        errors.add(line, _("a subscale needs a key, e.g. “hope”, that its items refer to."))
        return
    if slugify(key) != key or len(key) > MAX_LENGTHS["key"]:
        errors.add(
            line,
            _(
                "the key “%(key)s” may use only lower-case letters, numbers, hyphens and "
                "underscores, up to %(limit)s characters."
            )
            % {"key": key, "limit": MAX_LENGTHS["key"]},
        )
        return
    if key in seen.subscales:
        errors.add(
            line,
            _("the subscale “%(key)s” is already declared on line %(other)s.")
            % {"key": key, "other": seen.subscales[key]},
        )
        return
    seen.subscales[key] = line
    parsed.subscales.append((key, name))


def _parse_item(line, text, cell, parsed, seen, errors):
    reverse = _yes_no(line, "reverse", cell("reverse"), False, errors)
    required = _yes_no(line, "required", cell("required"), True, errors)
    if reverse is None or required is None:
        return
    subscale = cell("subscale")
    if subscale:
        seen.item_subscales.setdefault(subscale, []).append(line)
    parsed.items.append(
        InstrumentItem(text=text, reverse_scored=reverse, subscale=subscale, required=required)
    )


def _yes_no(line, column, raw, default, errors):
    value = raw.lower()
    if not value:
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    errors.add(
        line,
        _("%(column)s must be yes or no, not “%(value)s”.") % {"column": column, "value": raw},
    )
    return None


def _check_whole(parsed, seen, errors):
    for key, lines in seen.item_subscales.items():
        if key not in seen.subscales:
            for line in lines:
                errors.add(
                    line,
                    _(
                        "the subscale “%(key)s” is not declared. Add a row "
                        "“subscale,%(key)s,<name>” or correct the key."
                    )
                    % {"key": key},
                )
    for key, line in seen.subscales.items():
        if key not in seen.item_subscales:
            errors.add(
                line,
                _("the subscale “%(key)s” has no items; give it items or remove it.")
                % {"key": key},
            )
    if len(parsed.scale) < 2:
        errors.whole(_("The response scale needs at least two “scale” rows."))
    if len(parsed.items) < 2:
        errors.whole(
            _("A questionnaire needs at least two “item” rows; this file has %(count)s.")
            % {"count": len(parsed.items)}
        )
