"""Questionnaires in the Wagtail admin: educators add and edit them through the real snippet
views, each whole-instrument problem is shown and nothing is stored, an instrument people have
answered is locked for scale and item changes, and the CSV import page."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessments.models import (
    Instrument,
    InstrumentItem,
    ItemAnswer,
    QuestionnaireResponse,
    ScalePoint,
    Subscale,
)
from assessments.questionnaires import instrument_csv
from tests.assessments.factories_questionnaires import set_questionnaires
from tests.factories import CoursePageFactory, EnrolmentFactory, UserFactory

NS = "wagtailsnippets_assessments_instrument"
AGREE = [{"label": "Disagree", "value": "1"}, {"label": "Agree", "value": "2"}]
SUBSCALES = [{"key": "hope", "name": "Hope"}]
ITEMS = [
    {"text": "People can get well.", "subscale": "hope", "required": "on"},
    {"text": "Things never improve.", "reverse_scored": "on", "subscale": "hope", "required": "on"},
]


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def post_data(scale=AGREE, subscales=SUBSCALES, items=ITEMS, initial=(0, 0, 0), **fields):
    return nested_form_data(
        {
            "name": "Hope in care",
            "version": "1.0",
            "introduction": "Answering is up to you.",
            "citation": "",
            "licence_note": "Ours.",
            "scoring_rule": "mean",
            "higher_is_better": "on",
            "min_answered_fraction": "0.80",
            "reliability": "",
            **fields,
            "scale_points": inline_formset(scale, initial=initial[0]),
            "subscales": inline_formset(subscales, initial=initial[1]),
            "items": inline_formset(items, initial=initial[2]),
        }
    )


def page_text(response):
    return html.unescape(response.content.decode())


def stored_counts():
    return (
        Instrument.objects.count(),
        ScalePoint.objects.count(),
        Subscale.objects.count(),
        InstrumentItem.objects.count(),
    )


@pytest.fixture
def educator_client(client, educator):
    client.force_login(educator)
    return client


@pytest.fixture
def instrument(db):
    instrument = Instrument(name="Hope in care", version="1.0", licence_note="Ours.")
    instrument.scale_points = [
        ScalePoint(label="Disagree", value=1),
        ScalePoint(label="Agree", value=2),
    ]
    instrument.subscales = [Subscale(key="hope", name="Hope")]
    instrument.items = [
        InstrumentItem(text="People can get well.", subscale="hope"),
        InstrumentItem(text="Things never improve.", subscale="hope", reverse_scored=True),
    ]
    instrument.save()
    return instrument


def edit_data(instrument, **changes):
    """The edit form as the page would post it back unchanged, with `changes` applied."""
    scale = [
        {"id": str(p.pk), "label": p.label, "value": str(p.value)}
        for p in instrument.scale_points.all()
    ]
    subscales = [
        {"id": str(s.pk), "key": s.key, "name": s.name} for s in instrument.subscales.all()
    ]
    items = [
        {
            "id": str(i.pk),
            "text": i.text,
            "subscale": i.subscale,
            **({"reverse_scored": "on"} if i.reverse_scored else {}),
            **({"required": "on"} if i.required else {}),
        }
        for i in instrument.items.all()
    ]
    parts = {"scale": scale, "subscales": subscales, "items": items}
    for key in ("scale", "subscales", "items"):
        if key in changes:
            parts[key] = changes.pop(key)(parts[key])
    return post_data(
        **parts,
        initial=(len(scale), len(subscales), len(items)),
        **{"name": instrument.name, "version": instrument.version, **changes},
    )


def submitted_response(instrument, course):
    enrolment = EnrolmentFactory(user=UserFactory(), course=course)
    response = QuestionnaireResponse.objects.create(
        enrolment=enrolment,
        instrument=instrument,
        timepoint="pre",
        status=QuestionnaireResponse.Status.SUBMITTED,
    )
    for item in instrument.items.all():
        ItemAnswer.objects.create(response=response, item=item, value=2)
    return response


# --- adding ---------------------------------------------------------------------------------


def test_an_educator_adds_a_questionnaire_with_its_scale_subscales_and_items(educator_client):
    response = educator_client.post(url("add"), post_data())

    assert response.status_code == 302
    instrument = Instrument.objects.get()
    assert str(instrument) == "Hope in care (1.0)"
    assert [(p.label, p.value) for p in instrument.scale_points.all()] == [
        ("Disagree", 1),
        ("Agree", 2),
    ]
    assert [(s.key, s.name) for s in instrument.subscales.all()] == [("hope", "Hope")]
    assert [(i.text, i.reverse_scored, i.subscale) for i in instrument.items.all()] == [
        ("People can get well.", False, "hope"),
        ("Things never improve.", True, "hope"),
    ]


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"scale": [{"label": "No", "value": "1"}, {"label": "Yes", "value": "1"}]},
            "Each point of the response scale needs its own value.",
        ),
        (
            {"items": ITEMS[:1] + [{"text": "Two", "subscale": "", "DELETE": "1"}]},
            "A questionnaire needs at least two items.",
        ),
        (
            {"subscales": SUBSCALES + [{"key": "distance", "name": "Distance"}]},
            "Every subscale needs items; these have none: distance.",
        ),
        (
            {"items": ITEMS + [{"text": "Typo", "subscale": "hop", "required": "on"}]},
            "Items refer to subscales that are not declared: hop.",
        ),
        (
            {"subscales": SUBSCALES + [{"key": "hope", "name": "Hope again"}]},
            "Each subscale needs its own key.",
        ),
    ],
    ids=["duplicate-values", "one-item", "empty-subscale", "undeclared-subscale", "same-key"],
)
def test_each_whole_instrument_problem_is_shown_and_nothing_is_stored(
    educator_client, changes, message
):
    response = educator_client.post(url("add"), post_data(**changes))

    assert response.status_code == 200
    assert message in page_text(response)
    assert "The questionnaire could not be created due to errors." in page_text(response)
    assert stored_counts() == (0, 0, 0, 0)


def test_a_scale_row_marked_for_deletion_is_not_counted(educator_client):
    scale = [*AGREE, {"label": "Agree", "value": "2", "DELETE": "1"}]
    response = educator_client.post(url("add"), post_data(scale=scale))

    assert response.status_code == 302
    assert Instrument.objects.get().scale_values == [1, 2]


def test_an_invalid_row_marked_for_deletion_does_not_hide_other_problems(educator_client):
    items = [*ITEMS, {"text": "", "subscale": "", "DELETE": "1"}]
    subscales = [*SUBSCALES, {"key": "distance", "name": "Distance"}]
    response = educator_client.post(url("add"), post_data(items=items, subscales=subscales))

    assert response.status_code == 200
    assert "Every subscale needs items; these have none: distance." in page_text(response)
    assert stored_counts() == (0, 0, 0, 0)


def test_a_single_scale_point_is_refused(educator_client):
    response = educator_client.post(url("add"), post_data(scale=AGREE[:1]))

    assert response.status_code == 200
    assert "The response scale needs at least two points." in page_text(response)
    assert stored_counts() == (0, 0, 0, 0)


def test_the_same_name_and_version_twice_is_refused(educator_client, instrument):
    response = educator_client.post(url("add"), post_data())

    assert response.status_code == 200
    assert "Questionnaire with this Name and Version already exists." in page_text(response)
    assert Instrument.objects.count() == 1


# --- the listing ----------------------------------------------------------------------------


def listing_row(response, name):
    """The text of each cell in the listing row for `name`."""
    page = response.content.decode()
    row = re.findall(rf"<tr>(?:(?!</tr>).)*?>{re.escape(name)}<.*?</tr>", page, re.S)[-1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c))).strip() for c in cells]


def test_the_listing_shows_version_items_scoring_and_courses_using_it(
    educator_client, instrument, course, course_index
):
    other = CoursePageFactory(parent=course_index, title="Second course", slug="second")
    set_questionnaires(course, instrument, instrument, instrument, weeks=12)
    set_questionnaires(other, post=instrument)
    Instrument.objects.create(name="Unused", version="3")

    response = educator_client.get(url("list"))

    assert response.status_code == 200
    headings = re.findall(r"<th[^>]*>\s*<a[^>]*>\s*([^<]+?)\s*</a>", response.content.decode())
    assert headings == ["Name", "Version", "Items", "Scoring rule", "Used by courses", "Updated"]
    cells = listing_row(response, "Hope in care")
    assert cells[2:6] == ["1.0", "2", "Mean of the item scores", "2"]
    assert cells[6]  # updated date shown
    assert listing_row(response, "Unused")[2:6] == ["3", "0", "Mean of the item scores", "0"]
    assert f'href="{url("import")}"' in response.content.decode()
    assert "Import from CSV" in page_text(response)


def test_searching_the_listing_finds_by_name(educator_client, instrument):
    Instrument.objects.create(name="Knowledge of first aid", version="3")

    response = educator_client.get(url("list"), {"q": "first aid"})

    text = page_text(response)
    assert "Knowledge of first aid" in text
    assert "Hope in care" not in text


def test_a_learner_cannot_reach_the_questionnaires_admin(client, instrument):
    client.force_login(UserFactory(username="just_a_learner"))

    for address in (url("list"), url("add"), url("edit", instrument.pk), url("import")):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    response = client.post(url("add"), post_data(name="Sneaky", version="9"))
    assert response.status_code == 302
    assert not Instrument.objects.filter(name="Sneaky").exists()


def test_educators_may_add_and_change_but_not_delete(educator):
    assert educator.has_perm("assessments.add_instrument")
    assert educator.has_perm("assessments.change_instrument")
    assert educator.has_perm("assessments.view_instrument")
    assert not educator.has_perm("assessments.delete_instrument")


# --- editing --------------------------------------------------------------------------------


def test_an_educator_edits_items_of_an_unanswered_questionnaire(educator_client, instrument):
    def rename_first(items):
        items[0]["text"] = "Most people can get well."
        return items

    response = educator_client.post(
        url("edit", instrument.pk), edit_data(instrument, items=rename_first)
    )

    assert response.status_code == 302
    assert instrument.items.first().text == "Most people can get well."


def test_editing_the_items_of_an_answered_questionnaire_is_refused(
    educator_client, instrument, course
):
    submitted_response(instrument, course)

    def rename_first(items):
        items[0]["text"] = "Most people can get well."
        return items

    response = educator_client.post(
        url("edit", instrument.pk), edit_data(instrument, items=rename_first)
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "People have already answered this questionnaire" in text
    assert "Make a new version instead" in text
    assert instrument.items.first().text == "People can get well."


@pytest.mark.parametrize(
    "change",
    [
        {"scale": lambda rows: [*rows, {"label": "Strongly agree", "value": "3"}]},
        {"scale": lambda rows: [{**rows[0], "value": "0"}, rows[1]]},
        {"items": lambda rows: [*rows, {"text": "New one", "subscale": "hope"}]},
        {
            "items": lambda rows: [
                rows[0],
                {**rows[1], "DELETE": "1"},
                {"text": "Swap", "subscale": "hope"},
            ]
        },
        {"items": lambda rows: [{**rows[0], "reverse_scored": "on"}, rows[1]]},
        {"scoring_rule": "sum"},
    ],
    ids=["add-point", "change-value", "add-item", "replace-item", "reverse", "scoring"],
)
def test_any_scale_item_or_scoring_change_is_refused_once_answered(
    educator_client, instrument, course, change
):
    submitted_response(instrument, course)
    before = (
        list(instrument.scale_points.values_list("label", "value")),
        list(instrument.items.values_list("pk", "text", "reverse_scored")),
        instrument.scoring_rule,
    )

    response = educator_client.post(url("edit", instrument.pk), edit_data(instrument, **change))

    assert response.status_code == 200
    assert "People have already answered this questionnaire" in page_text(response)
    instrument.refresh_from_db()
    assert before == (
        list(instrument.scale_points.values_list("label", "value")),
        list(instrument.items.values_list("pk", "text", "reverse_scored")),
        instrument.scoring_rule,
    )


def test_the_name_and_licence_of_an_answered_questionnaire_may_still_change(
    educator_client, instrument, course
):
    submitted_response(instrument, course)

    response = educator_client.post(
        url("edit", instrument.pk),
        edit_data(instrument, name="Hope at work", licence_note="Ours, free to share."),
    )

    assert response.status_code == 302
    instrument.refresh_from_db()
    assert (instrument.name, instrument.licence_note) == ("Hope at work", "Ours, free to share.")
    assert instrument.items.count() == 2


def test_copy_makes_a_new_version_and_leaves_the_answered_one_alone(
    educator_client, instrument, course
):
    submitted_response(instrument, course)
    copy_page = educator_client.get(url("copy", instrument.pk))
    assert copy_page.status_code == 200

    # The copy page posts to the add view, with the original's rows as initial forms.
    assert f'action="{url("add")}"' in copy_page.content.decode()
    data = edit_data(instrument, version="2.0")
    response = educator_client.post(url("add"), data)

    assert response.status_code == 302
    new = Instrument.objects.get(version="2.0")
    assert new.items.count() == 2 and instrument.items.count() == 2
    assert set(new.items.values_list("pk", flat=True)).isdisjoint(
        instrument.items.values_list("pk", flat=True)
    )


def test_deleting_an_answered_questionnaire_is_refused_with_a_message(
    admin_client, instrument, course
):
    submitted_response(instrument, course)

    response = admin_client.post(url("delete", instrument.pk), follow=True)

    assert "cannot be deleted: people have responded to it" in page_text(response)
    assert Instrument.objects.filter(pk=instrument.pk).exists()


# --- CSV import -----------------------------------------------------------------------------

IMPORT_FIELDS = {
    "name": "Imported",
    "version": "1",
    "scoring_rule": "mean",
    "higher_is_better": "false",
    "min_answered_fraction": "0.8",
    "citation": "",
    "licence_note": "Licensed to Example Care Trust.",
    "licensed": "on",
}


def upload(client, content, **fields):
    file = SimpleUploadedFile("questionnaire.csv", content, content_type="text/csv")
    return client.post(url("import"), {**IMPORT_FIELDS, **fields, "csv_file": file})


def test_the_import_page_documents_the_format_with_a_downloadable_example(educator_client):
    response = educator_client.get(url("import"))

    assert response.status_code == 200
    text = page_text(response)
    assert "type,key,text,value,reverse,subscale,required" in text
    assert "I confirm we are licensed to use this questionnaire" in text
    assert url("import_example") in text
    example = educator_client.get(url("import_example"))
    assert example["Content-Type"] == "text/csv; charset=utf-8"
    assert example.content.decode() == instrument_csv.EXAMPLE_CSV


def test_an_educator_imports_a_licensed_csv(educator_client):
    response = upload(educator_client, instrument_csv.EXAMPLE_CSV.encode())

    instrument = Instrument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("edit", instrument.pk)
    assert (instrument.name, instrument.higher_is_better) == ("Imported", False)
    assert instrument.items.count() == 4
    assert instrument.licence_note == "Licensed to Example Care Trust."


def test_import_without_the_licence_confirmation_stores_nothing(educator_client):
    response = upload(educator_client, instrument_csv.EXAMPLE_CSV.encode(), licensed="")

    assert response.status_code == 200
    assert "Please confirm that your organisation may use this questionnaire." in page_text(
        response
    )
    assert Instrument.objects.count() == 0


def test_import_shows_each_problem_with_its_line_and_stores_nothing(educator_client):
    bad = instrument_csv.EXAMPLE_CSV.replace("scale,,Disagree,2", "scale,,Disagree,two")
    response = upload(educator_client, bad.encode())

    assert response.status_code == 200
    text = page_text(response)
    assert "Line 3: the value “two” is not a whole number." in text
    assert "Nothing was imported." in text
    assert Instrument.objects.count() == 0


def test_import_of_a_non_utf8_file_stores_nothing(educator_client):
    response = upload(
        educator_client, instrument_csv.EXAMPLE_CSV.replace("Most", "Mést").encode("latin-1")
    )

    assert response.status_code == 200
    assert "the file is not UTF-8 text" in page_text(response)
    assert Instrument.objects.count() == 0


def test_import_of_an_oversized_file_stores_nothing(educator_client):
    response = upload(educator_client, b"type,text\n" + b"item,x\n" * 40000)

    assert response.status_code == 200
    assert "the limit is 256 KB" in page_text(response)
    assert Instrument.objects.count() == 0


def test_import_with_an_existing_name_and_version_stores_nothing(educator_client, instrument):
    response = upload(
        educator_client, instrument_csv.EXAMPLE_CSV.encode(), name="Hope in care", version="1.0"
    )

    assert response.status_code == 200
    assert "Questionnaire with this Name and Version already exists." in page_text(response)
    assert Instrument.objects.count() == 1


def test_a_learner_cannot_import(client, db):
    client.force_login(UserFactory(username="just_a_learner"))
    file = SimpleUploadedFile("q.csv", instrument_csv.EXAMPLE_CSV.encode())
    response = client.post(url("import"), {**IMPORT_FIELDS, "csv_file": file})
    assert response.status_code == 302
    assert Instrument.objects.count() == 0


def test_educators_find_questionnaires_in_the_admin_menu(educator_client):
    response = educator_client.get(reverse("wagtailadmin_home"))

    text = page_text(response)
    assert '"Questionnaires"' in text
    assert url("list") in text
