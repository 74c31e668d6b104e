"""courses/body.py, the one reader of a module's stored body: what it finds in the JSON Wagtail
stores, in today's shape and in the older one, without a query."""

from types import SimpleNamespace

import pytest

from courses.body import NARRATIVE_BLOCK_TYPES, ModuleBody, list_item_value, module_body

RAW = [
    {"type": "text", "value": "<p>Hello</p>", "id": "t1"},
    {"type": "narrative", "value": {"narrative": 7, "framing": ""}, "id": "n1"},
    {"type": "reflection", "value": {"prompt": "What struck you?", "required": False}, "id": "r1"},
    {
        "type": "narrative_choice",
        "value": {
            "prompt": "Pick one",
            # Today's ListBlock items, an empty chooser, and an older bare pk.
            "narratives": [
                {"type": "item", "value": 8, "id": "i1"},
                {"type": "item", "value": None},
                9,
            ],
        },
        "id": "c1",
    },
    {"type": "knowledge_check", "value": None, "id": "k1"},
]


def test_blocks_come_in_order_with_their_position():
    body = ModuleBody(RAW)
    assert [(b.id, b.type, b.index) for b in body] == [
        ("t1", "text", 0),
        ("n1", "narrative", 1),
        ("r1", "reflection", 2),
        ("c1", "narrative_choice", 3),
        ("k1", "knowledge_check", 4),
    ]
    assert len(body) == 5


def test_lookups_by_id_and_type():
    body = ModuleBody(RAW)
    assert body.get("r1").get("prompt") == "What struck you?"
    assert body.get("r1", "reflection").id == "r1"
    assert body.get("r1", "knowledge_check") is None
    assert body.get("missing") is None
    assert body.index_of("c1") == 3
    assert body.index_of("missing") is None
    assert [b.id for b in body.of_type("reflection", "knowledge_check")] == ["r1", "k1"]
    assert body.has("knowledge_check") and not body.has("video")
    assert [b.id for b in body.narrative_slots()] == ["n1", "c1"]
    assert [b.id for b in body.before("r1")] == ["t1", "n1"]
    assert NARRATIVE_BLOCK_TYPES == ("narrative", "narrative_choice", "library_choice")


def test_a_block_stored_without_a_value_reads_as_empty():
    block = ModuleBody(RAW).get("k1")
    assert block.value == {}
    assert block.get("question", "none") == "none"


def test_narrative_ids_read_both_list_shapes_and_skip_empty_choosers():
    body = ModuleBody(RAW)
    assert body.get("n1").narrative_ids == [7]
    assert body.get("c1").narrative_ids == [8, 9]
    assert body.get("r1").narrative_ids == []
    assert body.narrative_ids() == [7, 8, 9]


@pytest.mark.parametrize(
    "item, value",
    [
        ({"type": "item", "value": 8, "id": "x"}, 8),
        (8, 8),
        ({"type": "item", "value": {"text": "Yes"}, "id": "x"}, {"text": "Yes"}),
        ({"text": "Yes", "correct": True}, {"text": "Yes", "correct": True}),
    ],
)
def test_list_item_value_reads_todays_and_older_items(item, value):
    assert list_item_value(item) == value


def test_module_body_reads_the_stored_body_of_a_module():
    module = SimpleNamespace(body=SimpleNamespace(raw_data=RAW))
    assert module_body(module).narrative_ids() == [7, 8, 9]
    assert len(ModuleBody(None)) == 0
