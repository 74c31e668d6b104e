"""What completing a module asks of a learner beyond its narrative slots, by block type.

A registry filled in each app's AppConfig.ready() (assessments registers "reflection" and
"knowledge_check"): courses never imports the apps that own those blocks. The narrative slots
are built into courses/completion.py.

    register_requirement(block_type, done_block_ids, *, required=lambda block: True)

- `done_block_ids(enrolment, module)` returns the ids of the module's blocks of that type this
  learner has done (one query at most);
- `required(block)` says whether a stored block (a courses.body.RawBlock) counts towards
  completion; by default every block of the type does.
"""

from collections.abc import Callable
from dataclasses import dataclass


def always(block):
    return True


@dataclass(frozen=True)
class Requirement:
    block_type: str
    done_block_ids: Callable
    required: Callable = always


_requirements = {}


def register_requirement(block_type, done_block_ids, *, required=always):
    """Make blocks of this type count towards completing a module. Registering a block type
    again replaces what it asked."""
    _requirements[block_type] = Requirement(block_type, done_block_ids, required)


def registered_requirements():
    """Every registered requirement, in the order they were first registered."""
    return tuple(_requirements.values())


def requirement_for(block_type):
    return _requirements.get(block_type)
