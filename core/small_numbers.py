"""The small-number rule: the one place that decides which counts of people an educator may see
or export (DESIGN.md, "Privacy and safety rules").

The rule. Groups of 1 to MIN_GROUP - 1 (1 to 4) people are never shown, and nor is any figure
that would let someone work such a group out by adding or subtracting figures they can see:
in the same view, in the other views of the same report they can switch between ("All your
cohorts" and each single cohort), and in the other pages that show the same figures (cohort
progress and the cohort listing show figures of the engagement report's cohort views). A
figure that is not shown reads "fewer than 5" when it is itself 1 to 4 (`small()`), and
"withheld" when it is 0 or at least 5 but would give a small group away (`withheld()`); a
report says once what "withheld" means. Everything here is a pure function of counts.

Three shapes of figures go through it:

1. Parts of a shown total (`pool`, `shown_parts`): people split into groups that do not overlap
   (reliable change: improved, deteriorated, unchanged; a breakdown by role; the cohorts of a
   file). Small parts are hidden, and while the hidden parts (plus anyone in the total who is in
   no part) add up to 1 to 4, the smallest shown non-zero part is hidden too. Any sum or
   difference of what is shown then differs from the total by 0 or by at least 5.

2. A table of nested counts across views (`suppress_table`): the engagement funnel, narrative
   counts, cohort progress and listing, questionnaire exports. Its figures are a list of `Node`s,
   each a count of people inside the nodes named as its `parents` (started a module inside
   enrolled, completed it inside started; "completed the course" inside every module's
   completion). The first node counts everyone in the view. The views are a total (everyone the
   person may see) and its parts (each cohort they run), which do not overlap; the total may hold
   people in no part (a superuser's learners without a cohort). How the table is decided:

   a. Within one view, a set S of nodes may be shown when every shown count is 0 or at least 5
      and so is the difference between any two shown nodes one of which is inside the other.
      Nodes whose people are not nested (two modules, two stories) overlap in ways nobody can
      see, so no sum or difference of them counts a set of people; what can be counted from
      nested figures is a union of steps along one chain of nodes, each step 0 or at least 5.
      Nodes are admitted greedily in the order given (the order of importance on the page).
   b. Across views, parts are `pool`ed by their size: a part of 1 to 4 people shows nothing, and
      while the pooled parts plus the people in no part number 1 to 4, the smallest shown part
      joins the pool and shows nothing either ("withheld"). The pool P is then a group of 0 or
      at least 5 people whose counts anyone can compute as the total minus the shown parts.
   c. The total shows a node only if every shown part shows it too, and S_T (the total's nodes)
      is chosen so that (a) holds for the total, for every shown part and for the pool P. A
      shown part then adds what else (a) allows it on its own.

   Why no combination gives a small group away: the people a sum of shown figures counts, split
   by group (each shown part, and the pool), are counted within each group by that group's own
   figures, because a shown part shows every node the total shows and the pool's figures are
   the total's minus the parts'. By (a) each of those counts is 0 or at least 5, so their sum
   is too; and no group that can be told apart (a part, the pool) has 1 to 4 people.
   tests/core/test_small_numbers.py checks this against random tables by searching every sum
   and difference of up to six shown figures.

3. Figures about groups of people given as masks (`NestedGroups`, used by the attitude
   dashboard for means): a group is shown when it has at least 5 people and differs from every
   shown group about the same score that contains it, or that it contains, by 0 or at least 5.

Known limits. Only the nesting a report declares is known to the rule: declaring a node inside
another is always safe (it only adds checks), but an exact identity that is not declared, such
as "completed the course" being exactly "completed every module", could give away the few
people who completed one module of two by inclusion and exclusion. Figures are live, so
comparing a page before and after one more learner joins tells that learner's steps, as any live
report does. Each person's views are checked together; two educators who share a cohort and
compare their "All your cohorts" pages are not.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MIN_GROUP = 5

SMALL = "small"
WITHHELD = "withheld"


def is_small(count):
    """Whether a count of people is too small to show: 1 to MIN_GROUP - 1."""
    return 0 < count < MIN_GROUP


class Hidden(str):
    """A figure that is not shown, as a report prints it. `kind` is SMALL (it is 1 to 4
    itself) or WITHHELD (it would give a small group away)."""

    kind = SMALL

    def __new__(cls, text, kind):
        value = super().__new__(cls, text)
        value.kind = kind
        return value

    @property
    def withheld(self):
        return self.kind == WITHHELD


def small():
    return Hidden(_("fewer than %(number)s") % {"number": MIN_GROUP}, SMALL)


def withheld():
    return Hidden(_("withheld"), WITHHELD)


def is_hidden(value):
    return isinstance(value, Hidden)


def shown(count):
    """A count as a report shows it when nothing else is shown beside it: the number, or
    "fewer than 5" for 1 to 4."""
    return small() if is_small(count) else count


def hidden(count):
    """How a count that is not shown reads."""
    return small() if is_small(count) else withheld()


# --- 1. parts of a shown total -----------------------------------------------------------------


def pool(sizes, remainder=0):
    """The keys of `sizes` (people per part, parts that do not overlap) that must not be shown
    beside their total: every part of 1 to 4, and then, while those plus `remainder` (people in
    the total in no part) number 1 to 4, the smallest shown non-zero part (ties: the first in
    `sizes`)."""
    order = {key: index for index, key in enumerate(sizes)}
    pooled = {key for key, size in sizes.items() if is_small(size)}
    held = remainder + sum(sizes[key] for key in pooled)
    candidates = sorted(
        (key for key, size in sizes.items() if key not in pooled and size > 0),
        key=lambda key: (sizes[key], order[key]),
    )
    while is_small(held) and candidates:
        key = candidates.pop(0)
        pooled.add(key)
        held += sizes[key]
    return pooled


def shown_parts(counts, remainder=0):
    """Parts of a shown total as they may be shown beside it: the number, "fewer than 5", or
    "withheld" (see `pool`)."""
    pooled = pool(counts, remainder)
    return {key: hidden(count) if key in pooled else count for key, count in counts.items()}


# --- 2. a table of nested counts across views --------------------------------------------------


@dataclass(frozen=True)
class Node:
    """One figure of a table: a count of people inside each node named in `parents`."""

    key: object
    parents: tuple = ()


SHOWN = "shown"
TOO_SMALL = "too_small"  # the view has 1 to 4 people: only "fewer than 5" of them is given
POOLED = "pooled"  # a part whose figures are withheld to protect a small group elsewhere


@dataclass(frozen=True)
class View:
    """What one view of a table shows: `values[node key]` is a number or a Hidden."""

    state: str
    values: dict
    people: int  # the first node's count, for the code deciding what to render; never shown

    def __getitem__(self, key):
        return self.values[key]

    @property
    def too_small(self):
        return self.state == TOO_SMALL

    @property
    def pooled(self):
        return self.state == POOLED

    @property
    def has_people(self):
        return self.people > 0


@dataclass(frozen=True)
class Table:
    total: View
    parts: dict = field(default_factory=dict)

    def view(self, part=None):
        return self.total if part is None else self.parts[part]


def _closure(nodes):
    parents = {node.key: tuple(node.parents) for node in nodes}
    if len(parents) != len(nodes):
        raise ValueError("Each node of a table needs its own key.")
    first = nodes[0].key
    if parents[first]:
        raise ValueError("The first node of a table counts everyone in the view.")
    ancestors = {}
    for node in nodes:  # parents come first, so theirs are known
        found = set()
        for parent in node.parents:
            if parent not in ancestors:
                raise ValueError(f"Node {node.key!r} comes before its parent {parent!r}.")
            found |= ancestors[parent] | {parent}
        if node.key != first and first not in found:
            raise ValueError(f"Node {node.key!r} is not inside the first node.")
        ancestors[node.key] = frozenset(found)
    descendants = {node.key: set() for node in nodes}
    for key, above in ancestors.items():
        for ancestor in above:
            descendants[ancestor].add(key)
    return ancestors, {key: frozenset(below) for key, below in descendants.items()}


def _fits(key, counts, chosen, ancestors, descendants):
    """Rule (a): `key` may join the nodes `chosen` for a view with these counts."""
    count = counts.get(key, 0)
    if is_small(count):
        return False
    if any(is_small(counts.get(above, 0) - count) for above in ancestors[key] & chosen):
        return False
    return not any(is_small(count - counts.get(below, 0)) for below in descendants[key] & chosen)


def _choose(order, groups, ancestors, descendants, start=frozenset()):
    chosen = set(start)
    for key in order:
        if key not in chosen and all(
            _fits(key, counts, chosen, ancestors, descendants) for counts in groups
        ):
            chosen.add(key)
    return frozenset(chosen)


def _view(state, counts, order, chosen, people):
    return View(
        state=state,
        values={
            key: counts.get(key, 0) if key in chosen else hidden(counts.get(key, 0))
            for key in order
        },
        people=people,
    )


def _closed_view(state, counts, order, first):
    people = counts.get(first, 0)
    values = {key: withheld() for key in order}
    values[first] = hidden(people)
    return View(state=state, values=values, people=people)


def suppress_table(nodes, total, parts=None):
    """What each view of a table of nested counts shows (see the module docstring, shape 2).
    `nodes`: Node objects in order of importance, every parent before its children, the first
    counting everyone in the view. `total`: counts by node key for everyone the person may see;
    `parts`: {part key: counts by node key} for groups of them that do not overlap (missing
    counts are 0)."""
    parts = parts or {}
    ancestors, descendants = _closure(nodes)
    order = [node.key for node in nodes]
    first = order[0]
    people = total.get(first, 0)
    sizes = {part: counts.get(first, 0) for part, counts in parts.items()}
    remainder = people - sum(sizes.values())
    if remainder < 0:
        raise ValueError("The parts of a table hold more people than its total.")

    if is_small(people):
        return Table(
            total=_closed_view(TOO_SMALL, total, order, first),
            parts={
                part: _closed_view(TOO_SMALL, parts[part], order, first)
                if size
                else _view(SHOWN, parts[part], order, frozenset(order), 0)
                for part, size in sizes.items()
            },
        )

    pooled = pool(sizes, remainder)
    shown_parts_ = [part for part in parts if part not in pooled]
    rest = {
        key: total.get(key, 0) - sum(parts[part].get(key, 0) for part in shown_parts_)
        for key in order
    }
    groups = [total, rest, *(parts[part] for part in shown_parts_)]
    chosen_total = _choose(order, groups, ancestors, descendants)
    views = {}
    for part, counts in parts.items():
        if part in pooled:
            state = TOO_SMALL if is_small(sizes[part]) else POOLED
            views[part] = _closed_view(state, counts, order, first)
        else:
            chosen = _choose(order, [counts], ancestors, descendants, start=chosen_total)
            views[part] = _view(SHOWN, counts, order, chosen, sizes[part])
    return Table(total=_view(SHOWN, total, order, chosen_total, people), parts=views)


# --- 3. groups of people given as masks --------------------------------------------------------


class NestedGroups:
    """The groups already shown, per variable (a score at a timepoint): a new group may be shown
    when it has at least MIN_GROUP people and differs from each nested shown group of the same
    variable by 0 or at least MIN_GROUP people. Masks are boolean arrays over the same people
    (anything with `&` and `.sum()`)."""

    def __init__(self):
        self.shown = {}

    def allows(self, mask, variables):
        n = int(mask.sum())
        if n < MIN_GROUP:
            return False
        for variable in variables:
            for other, other_n in self.shown.get(variable, ()):
                common = int((mask & other).sum())
                if (common == n or common == other_n) and is_small(abs(n - other_n)):
                    return False
        return True

    def show(self, mask, variables):
        for variable in variables:
            self.shown.setdefault(variable, []).append((mask, int(mask.sum())))
