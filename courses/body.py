"""One reader of a module's stored body: its blocks as saved (`StreamField.raw_data`), indexed by
id and type, without loading a narrative or rendering a block.

Everything that asks what a module contains (completion, slots, reflections, knowledge checks,
tracking, the demo) reads through `module_body(module)` rather than walking `raw_data` itself,
so the shape of the stored JSON is known in one place:

    body = module_body(module)
    body.get(block_id)                  # the RawBlock with that id, or None
    body.of_type("reflection")          # every reflection block, in body order
    body.narrative_slots()              # every narrative, narrative-choice and library block
    body.index_of(block_id)             # its position (the anchor on the page)
    body.narrative_ids()                # every narrative the body names, in order (a library
                                        # block names none: its stories follow its filters)

Building the reader is a walk over a few dozen dicts; a caller asking several questions of one
module keeps the reader rather than building it again.
"""

from dataclasses import dataclass

NARRATIVE = "narrative"
NARRATIVE_CHOICE = "narrative_choice"
# "Choose a story from the library": a choice whose set is every available story matching the
# educator's filters (courses/library_filter.py), not a list the body names.
LIBRARY_CHOICE = "library_choice"
NARRATIVE_BLOCK_TYPES = (NARRATIVE, NARRATIVE_CHOICE, LIBRARY_CHOICE)
# The slots where a learner picks one story of a set (no narrative in the slot until then).
CHOICE_BLOCK_TYPES = (NARRATIVE_CHOICE, LIBRARY_CHOICE)


def list_item_value(item):
    """The value of one stored ListBlock item: `{"type": "item", "value": v, "id": ...}` since
    Wagtail 2.16, the bare value (a pk, or a StructBlock's dict) in older data."""
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return item["value"]
    return item


@dataclass(frozen=True)
class RawBlock:
    """One stored block: its id, block type, stored value (a dict for a StructBlock, never None)
    and position in the body."""

    id: str
    type: str
    value: dict
    index: int

    def get(self, key, default=None):
        value = self.value.get(key) if isinstance(self.value, dict) else None
        return default if value is None else value

    @property
    def narrative_ids(self):
        """The narrative ids a narrative or choice block names, in order (none for others, and
        none for a library block: see courses.library_filter)."""
        if self.type == NARRATIVE:
            pk = self.get("narrative")
            return [pk] if pk else []
        if self.type == NARRATIVE_CHOICE:
            pks = (list_item_value(item) for item in self.get("narratives", ()))
            return [pk for pk in pks if pk and not isinstance(pk, dict)]
        return []


class ModuleBody:
    """The blocks of one module's stored body, in order, with lookups by id and type."""

    def __init__(self, raw_data):
        self.blocks = tuple(
            RawBlock(
                id=raw.get("id") or "",
                type=raw.get("type") or "",
                value=raw.get("value") if raw.get("value") is not None else {},
                index=index,
            )
            for index, raw in enumerate(raw_data or ())
        )
        self._by_id = {block.id: block for block in self.blocks if block.id}

    def __iter__(self):
        return iter(self.blocks)

    def __len__(self):
        return len(self.blocks)

    def get(self, block_id, block_type=None):
        """The block with this id (of this type, when given), or None."""
        block = self._by_id.get(block_id)
        if block is None or (block_type is not None and block.type != block_type):
            return None
        return block

    def index_of(self, block_id):
        block = self._by_id.get(block_id)
        return None if block is None else block.index

    def of_type(self, *block_types):
        return [block for block in self.blocks if block.type in block_types]

    def has(self, block_type):
        return any(block.type == block_type for block in self.blocks)

    def narrative_slots(self):
        return self.of_type(*NARRATIVE_BLOCK_TYPES)

    def narrative_ids(self):
        """Every narrative id the body names, in body order (repeats kept)."""
        return [pk for block in self.narrative_slots() for pk in block.narrative_ids]

    def before(self, block_id):
        """The blocks that come before the block with this id (all of them for an unknown id)."""
        index = self.index_of(block_id)
        return self.blocks if index is None else self.blocks[:index]


def module_body(module):
    """The indexed reader of this module's stored body, as it is now."""
    return ModuleBody(module.body.raw_data)
