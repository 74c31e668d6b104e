"""Importing a questionnaire from CSV: a good file creates exactly the instrument it describes;
any problem is reported with its line number and nothing is stored."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Instrument, InstrumentItem, ScalePoint, Subscale
from assessments.questionnaires import instrument_csv

HEADER = "type,key,text,value,reverse,subscale,required\n"
SCALE = "scale,,Disagree,1,,,\nscale,,Unsure,2,,,\nscale,,Agree,3,,,\n"
SUBSCALES = "subscale,hope,Hope,,,,\nsubscale,distance,Closeness,,,,\n"
ITEMS = (
    "item,,People can get well.,,no,hope,yes\n"
    "item,,Things rarely improve.,,yes,hope,\n"
    "item,,I would chat with a neighbour who hears voices.,,no,distance,no\n"
)
GOOD = HEADER + SCALE + SUBSCALES + ITEMS
FIELDS = {
    "name": "Imported attitudes",
    "version": "2.1",
    "scoring_rule": "sum",
    "higher_is_better": False,
    "min_answered_fraction": "0.75",
    "citation": "Our own, 2026.",
    "licence_note": "Ours; free to use.",
}


def import_file(text, encoding="utf-8", **fields):
    return instrument_csv.import_instrument(text.encode(encoding), **{**FIELDS, **fields})


def messages_for(text, **kwargs):
    with pytest.raises(ValidationError) as raised:
        import_file(text, **kwargs)
    return raised.value.messages


def assert_nothing_stored():
    assert Instrument.objects.count() == 0
    assert ScalePoint.objects.count() == 0
    assert Subscale.objects.count() == 0
    assert InstrumentItem.objects.count() == 0


def test_a_good_file_creates_exactly_the_instrument_it_describes(db):
    instrument = import_file(GOOD)

    instrument = Instrument.objects.get(pk=instrument.pk)
    assert (instrument.name, instrument.version) == ("Imported attitudes", "2.1")
    assert instrument.scoring_rule == "sum"
    assert instrument.higher_is_better is False
    assert str(instrument.min_answered_fraction) == "0.75"
    assert instrument.licence_note == "Ours; free to use."
    assert [(p.label, p.value) for p in instrument.scale_points.all()] == [
        ("Disagree", 1),
        ("Unsure", 2),
        ("Agree", 3),
    ]
    assert [(s.key, s.name) for s in instrument.subscales.all()] == [
        ("hope", "Hope"),
        ("distance", "Closeness"),
    ]
    assert [(i.text, i.reverse_scored, i.subscale, i.required) for i in instrument.items.all()] == [
        ("People can get well.", False, "hope", True),
        ("Things rarely improve.", True, "hope", True),
        ("I would chat with a neighbour who hears voices.", False, "distance", False),
    ]
    assert Instrument.objects.count() == 1
    assert InstrumentItem.objects.count() == 3


def test_the_shipped_example_file_imports(db):
    instrument = import_file(instrument_csv.EXAMPLE_CSV)
    assert instrument.items.count() == 4
    assert instrument.scale_values == [1, 2, 3, 4, 5]


def test_excel_style_file_with_byte_order_mark_crlf_and_no_subscales(db):
    text = (
        "\ufeffType,Text,Value,Reverse\r\n"
        "scale,No,0,\r\nscale,Yes,1,\r\n"
        "item,I feel hopeful.,,\r\nitem,I feel stuck.,,YES\r\n\r\n"
    )
    instrument = import_file(text)
    assert instrument.scale_values == [0, 1]
    assert [(i.text, i.reverse_scored, i.subscale) for i in instrument.items.all()] == [
        ("I feel hopeful.", False, ""),
        ("I feel stuck.", True, ""),
    ]


def test_a_quoted_cell_may_hold_commas_and_line_breaks(db):
    text = HEADER + SCALE + 'item,,"Hope, for me, is\na daily thing.",,,,\n' + "item,,Two.,,,,\n"
    instrument = import_file(text)
    assert instrument.items.first().text == "Hope, for me, is\na daily thing."


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            HEADER + SCALE + "question,,What?,,,,\n" + ITEMS + SUBSCALES,
            "Line 5: unknown type “question”; use scale, subscale or item.",
        ),
        (
            HEADER + "scale,,Disagree,one,,,\n" + SCALE + SUBSCALES + ITEMS,
            "Line 2: the value “one” is not a whole number.",
        ),
        (
            HEADER + "scale,,Disagree,,,,\n" + SCALE + SUBSCALES + ITEMS,
            "Line 2: a scale point needs a value (a whole number).",
        ),
        (
            HEADER + SCALE + "scale,,Really agree,3,,,\n" + SUBSCALES + ITEMS,
            "Line 5: the value 3 is already used on line 4; each point needs its own.",
        ),
        (
            HEADER + SCALE + SUBSCALES + "item,,,,no,hope,yes\n" + ITEMS,
            "Line 7: the text is empty.",
        ),
        (
            HEADER + SCALE + SUBSCALES + ITEMS + "item,,Another.,,no,hopee,yes\n",
            "Line 10: the subscale “hopee” is not declared. Add a row "
            "“subscale,hopee,<name>” or correct the key.",
        ),
        (
            HEADER + SCALE + SUBSCALES + "subscale,hope,Hope again,,,,\n" + ITEMS,
            "Line 7: the subscale “hope” is already declared on line 5.",
        ),
        (
            HEADER + SCALE + SUBSCALES + "subscale,empty,Nothing here,,,,\n" + ITEMS,
            "Line 7: the subscale “empty” has no items; give it items or remove it.",
        ),
        (
            HEADER + SCALE + "subscale,Hope Scale,Hope,,,,\n" + ITEMS,
            "Line 5: the key “Hope Scale” may use only lower-case letters, numbers, hyphens and "
            "underscores, up to 40 characters.",
        ),
        (
            HEADER + SCALE + SUBSCALES + "item,,Maybe.,,sometimes,hope,yes\n" + ITEMS,
            "Line 7: reverse must be yes or no, not “sometimes”.",
        ),
        (
            HEADER + SCALE + SUBSCALES + "item,," + "x" * 401 + ",,no,hope,yes\n" + ITEMS,
            "Line 7: the text is 401 characters long; the limit here is 400.",
        ),
        (
            HEADER + SCALE + SUBSCALES + ITEMS + "item,,Extra,,no,,yes,surprise\n",
            "Line 10: this row has more cells than the header row has columns.",
        ),
        (
            "type,key,text,value,reverse,subscale,required,colour\n" + SCALE + ITEMS,
            "Line 1: unknown column “colour”. The header row must use only: "
            "type,key,text,value,reverse,subscale,required.",
        ),
        (
            "kind,key,label\n" + SCALE,
            "Line 1: unknown column “kind”, “label”. The header row must use only: "
            "type,key,text,value,reverse,subscale,required.",
        ),
        (
            "",
            "The file is empty. Start it with the header row: "
            "type,key,text,value,reverse,subscale,required",
        ),
        (
            HEADER + "scale,,Only,1,,,\n" + "item,,One.,,,,\nitem,,Two.,,,,\n",
            "The response scale needs at least two “scale” rows.",
        ),
        (
            HEADER + SCALE + "item,,Only one.,,,,\n",
            "A questionnaire needs at least two “item” rows; this file has 1.",
        ),
    ],
    ids=[
        "unknown-type",
        "non-integer-value",
        "missing-value",
        "duplicate-scale-value",
        "empty-text",
        "unknown-subscale",
        "duplicate-subscale",
        "subscale-without-items",
        "bad-subscale-key",
        "bad-yes-no",
        "text-too-long",
        "too-many-cells",
        "unknown-column",
        "wrong-header",
        "empty-file",
        "one-scale-point",
        "one-item",
    ],
)
def test_each_bad_input_is_named_with_its_line_and_nothing_is_stored(db, text, expected):
    assert expected in messages_for(text)
    assert_nothing_stored()


def test_every_problem_in_a_file_is_listed_at_once(db):
    text = HEADER + "scale,,A,x,,,\nscale,,B,2,,,\nscale,,C,2,,,\nitem,,,,,,\nwhat,,?,,,,\n"
    assert messages_for(text) == [
        "Line 2: the value “x” is not a whole number.",
        "Line 4: the value 2 is already used on line 3; each point needs its own.",
        "Line 5: the text is empty.",
        "Line 6: unknown type “what”; use scale, subscale or item.",
    ]
    assert_nothing_stored()


def test_a_file_that_is_not_utf8_is_refused_with_advice(db):
    text = HEADER + SCALE + "item,,Café staff can help.,,,,\nitem,,Two.,,,,\n"
    messages = messages_for(text, encoding="cp1252")
    assert messages == [
        "Line 5: the file is not UTF-8 text. Save it as “CSV UTF-8” (in Excel: File → Save As "
        "→ CSV UTF-8) and upload it again."
    ]
    assert_nothing_stored()


def test_a_binary_file_is_refused(db):
    with pytest.raises(ValidationError) as raised:
        instrument_csv.import_instrument(b"PK\x03\x04\x00\x00binary", **FIELDS)
    assert raised.value.messages == ["The file is not a CSV text file. Upload a .csv file."]
    assert_nothing_stored()


def test_a_file_over_256_kb_is_refused(db):
    filler = "item,,Another statement that people rate.,,,,\n" * 6000
    data = (HEADER + SCALE + filler).encode()
    assert len(data) > 256 * 1024
    with pytest.raises(ValidationError) as raised:
        instrument_csv.import_instrument(data, **FIELDS)
    assert raised.value.messages == [
        f"The file is {(len(data) + 1023) // 1024} KB; the limit is 256 KB. "
        "Split it or remove rows."
    ]
    assert_nothing_stored()


def test_500_rows_are_accepted_and_501_refused(db):
    scale = "scale,,No,0,,,\nscale,,Yes,1,,,\n"
    items = "".join(f"item,,Statement {n}.,,,,\n" for n in range(498))
    assert import_file(HEADER + scale + items).items.count() == 498
    Instrument.objects.all().delete()

    too_many = HEADER + scale + items + "item,,One more.,,,,\n"
    assert messages_for(too_many) == [
        "Line 502: the file has more than 500 rows; the limit is 500."
    ]
    assert_nothing_stored()


def test_the_same_name_and_version_again_is_refused_and_the_first_is_untouched(db):
    first = import_file(GOOD)
    assert messages_for(GOOD) == [
        "A questionnaire called “Imported attitudes”, version “2.1”, already exists. "
        "Give this one a new version."
    ]
    assert Instrument.objects.count() == 1
    assert first.items.count() == 3


def test_invalid_instrument_fields_store_nothing(db):
    with pytest.raises(ValidationError) as raised:
        import_file(GOOD, min_answered_fraction="1.5")
    assert "min_answered_fraction" in raised.value.message_dict
    assert_nothing_stored()


def test_a_failure_while_saving_children_leaves_nothing(db, monkeypatch):
    """All or nothing: a child row that fails to save rolls the instrument back."""
    original_save = InstrumentItem.save

    def fail_on_third(self, *args, **kwargs):
        if self.text == "I would chat with a neighbour who hears voices.":
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(InstrumentItem, "save", fail_on_third)
    with pytest.raises(RuntimeError):
        import_file(GOOD)
    assert_nothing_stored()
