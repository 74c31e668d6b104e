"""The small-number rule (core/small_numbers.py): the threshold, how a hidden figure reads,
complementary suppression of parts, and tables of nested counts across views, checked against
random tables by an attacker who tries every sum and difference of the figures shown."""

import itertools
import random

import numpy as np
import pytest

from core.small_numbers import (
    MIN_GROUP,
    NestedGroups,
    Node,
    is_hidden,
    is_small,
    pool,
    shown,
    shown_parts,
    suppress_table,
)

FEWER, WITHHELD = "fewer than 5", "withheld"


# --- the threshold and its display ------------------------------------------------------------


@pytest.mark.parametrize(
    "count, expected", [(0, 0), (1, FEWER), (4, FEWER), (5, 5), (6, 6), (120, 120)]
)
def test_counts_from_one_to_four_read_fewer_than_5(count, expected):
    assert MIN_GROUP == 5
    assert shown(count) == expected
    assert is_small(count) == (expected == FEWER)
    assert is_hidden(shown(count)) == (expected == FEWER)


# --- parts of a shown total --------------------------------------------------------------------


def test_a_small_part_takes_the_smallest_other_part_with_it():
    assert pool({"a": 6, "b": 5}) == set()
    assert pool({"a": 6, "b": 5, "c": 2}) == {"b", "c"}
    assert pool({"a": 6, "b": 5, "c": 2, "d": 3}) == {"c", "d"}
    assert pool({"a": 5, "b": 3}) == {"a", "b"}
    assert pool({"a": 4}) == {"a"}
    assert pool({}) == set()


def test_two_small_parts_that_add_up_to_fewer_than_5_are_not_enough():
    # 1 + 2 hidden beside a shown total of 13 would give away 3 people: 10 is withheld too.
    assert shown_parts({"improved": 10, "deteriorated": 1, "unchanged": 2}) == {
        "improved": WITHHELD,
        "deteriorated": FEWER,
        "unchanged": FEWER,
    }


def test_people_in_no_part_count_towards_the_pool():
    assert pool({"a": 20, "b": 9}, remainder=2) == {"b"}
    assert pool({"a": 20, "b": 9}, remainder=0) == set()
    assert pool({"a": 20, "b": 0}, remainder=1) == {"a"}  # an empty part protects nobody


def test_a_zero_part_is_shown_as_0():
    assert shown_parts({"a": 7, "b": 0, "c": 6}) == {"a": 7, "b": 0, "c": 6}


# --- tables: the finding of issue 14 -----------------------------------------------------------

FUNNEL = [
    Node("enrolled"),
    Node("started", ("enrolled",)),
    Node("completed", ("started",)),
]


def test_all_your_cohorts_minus_a_cohort_never_gives_a_one_person_cohort_away():
    """21 in all, 20 in one cohort, 1 in the other: the total and the big cohort cannot both be
    shown, whatever the figures, and the one person shows as "fewer than 5" only."""
    demo = {"enrolled": 20, "started": 14, "completed": 9}
    one = {"enrolled": 1, "started": 1, "completed": 0}
    total = {key: demo[key] + one[key] for key in demo}

    table = suppress_table(FUNNEL, total, {"demo": demo, "one": one})

    assert table.total.values == {"enrolled": 21, "started": 15, "completed": 9}
    assert table.parts["demo"].pooled
    assert table.parts["demo"].values == dict.fromkeys(demo, WITHHELD)
    assert table.parts["one"].too_small
    assert table.parts["one"].values == {
        "enrolled": FEWER,
        "started": WITHHELD,
        "completed": WITHHELD,
    }


def test_within_a_view_a_step_of_1_to_4_people_is_withheld():
    total = {"enrolled": 10, "started": 8, "completed": 8}

    table = suppress_table(FUNNEL, total)

    # 10 - 8: two people who never started. "completed" is then compared with "enrolled" too.
    assert table.total.values == {"enrolled": 10, "started": WITHHELD, "completed": WITHHELD}


def test_the_total_shows_a_step_only_where_every_shown_cohort_does():
    alpha = {"enrolled": 10, "started": 10, "completed": 3}
    bravo = {"enrolled": 12, "started": 12, "completed": 7}
    total = {key: alpha[key] + bravo[key] for key in alpha}

    table = suppress_table(FUNNEL, total, {"alpha": alpha, "bravo": bravo})

    assert table.parts["alpha"].values == {"enrolled": 10, "started": 10, "completed": FEWER}
    assert table.parts["bravo"].values == {"enrolled": 12, "started": 12, "completed": 7}
    # 10 completed in all minus Bravo's 7 would give Alpha's 3 away.
    assert table.total.values == {"enrolled": 22, "started": 22, "completed": WITHHELD}


def test_a_cohort_may_show_more_than_the_total():
    alpha = {"enrolled": 10, "started": 10, "completed": 3}
    bravo = {"enrolled": 12, "started": 12, "completed": 7}
    total = {key: alpha[key] + bravo[key] for key in alpha}

    table = suppress_table(FUNNEL, total, {"alpha": alpha, "bravo": bravo})

    assert table.parts["bravo"]["completed"] == 7  # the total's 10 is withheld, so this is safe


def test_a_superusers_learners_without_a_cohort_are_protected_too():
    cohort = {"enrolled": 30, "started": 20, "completed": 10}
    total = {"enrolled": 32, "started": 21, "completed": 10}  # 2 people in no cohort

    table = suppress_table(FUNNEL, total, {"cohort": cohort})

    assert table.total["enrolled"] == 32
    assert table.parts["cohort"].pooled


def test_a_total_of_fewer_than_5_shows_nothing_but_that():
    table = suppress_table(FUNNEL, {"enrolled": 3, "started": 0, "completed": 0}, {"a": {}})

    assert table.total.too_small
    assert table.total.values == {"enrolled": FEWER, "started": WITHHELD, "completed": WITHHELD}
    assert table.parts["a"].values == {"enrolled": 0, "started": 0, "completed": 0}


def test_adding_an_unrelated_branch_changes_nothing_already_decided():
    """Pages that show part of a report (cohort progress shows the funnel, not the stories)
    decide the same figures as the report."""
    alpha = {"enrolled": 11, "started": 9, "completed": 3, "story": 2}
    bravo = {"enrolled": 14, "started": 14, "completed": 6, "story": 7}
    total = {key: alpha[key] + bravo[key] for key in alpha}
    parts = {"alpha": alpha, "bravo": bravo}

    funnel = suppress_table(FUNNEL, total, parts)
    wider = suppress_table([*FUNNEL, Node("story", ("enrolled",))], total, parts)

    for part in (None, "alpha", "bravo"):
        for key in ("enrolled", "started", "completed"):
            assert funnel.view(part)[key] == wider.view(part)[key]


@pytest.mark.parametrize(
    "nodes",
    [
        [Node("a", ("x",))],
        [Node("a"), Node("b")],
        [Node("a"), Node("b", ("c",)), Node("c", ("a",))],
        [Node("a"), Node("a", ("a",))],
    ],
)
def test_a_badly_declared_table_is_refused(nodes):
    with pytest.raises(ValueError):
        suppress_table(nodes, {"a": 5})


def test_parts_bigger_than_their_total_are_refused():
    with pytest.raises(ValueError):
        suppress_table(FUNNEL, {"enrolled": 5}, {"a": {"enrolled": 6}})


# --- tables: an attacker tries every sum and difference -----------------------------------------

REMAINDER = "(no part)"


def profiles(nodes):
    """Every set of nodes one person can be in: the first, and a parent of each one they are
    in."""
    keys = [node.key for node in nodes]
    parents = {node.key: set(node.parents) for node in nodes}
    found = []
    for bits in itertools.product((0, 1), repeat=len(keys) - 1):
        members = {keys[0]} | {key for key, bit in zip(keys[1:], bits, strict=True) if bit}
        if all(parents[key] <= members for key in members):
            found.append(frozenset(members))
    return found


def random_table(rng):
    size = rng.choice((3, 4))
    nodes = [Node(0)]
    for key in range(1, size):
        parents = tuple(sorted(rng.sample(range(key), rng.choice((1, 1, 2)) if key > 1 else 1)))
        nodes.append(Node(key, parents))
    chance = {node.key: rng.choice((0.1, 0.5, 0.8, 0.95)) for node in nodes}
    sizes = (0, 1, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 11, 14, 20)
    groups = [
        f"cohort {index}" for index in range(rng.choice((1, 2, 2, 3) if size == 3 else (1, 2)))
    ]
    if rng.random() < 0.3:
        groups.append(REMAINDER)
    people = []  # (group, profile)
    for group in groups:
        for _person in range(rng.choice(sizes)):
            members = {0}
            for node in nodes[1:]:
                if set(node.parents) <= members and rng.random() < chance[node.key]:
                    members.add(node.key)
            people.append((group, frozenset(members)))
    return nodes, groups, people


def counts_of(nodes, people, group=None):
    return {
        node.key: sum(1 for g, members in people if node.key in members and group in (None, g))
        for node in nodes
    }


def leaks(nodes, groups, people, table):
    """Every combination of the shown figures with coefficients -1, 0 or 1 that counts a set
    of people (whatever they answered, as far as the declared nesting allows) and either counts
    1 to 4 people, or tells something about a group that can be told apart (a cohort, the people
    in no cohort, or several of these together) of 1 to 4 people."""
    atoms = [(group, members) for group in groups for members in profiles(nodes)]
    occupancy = np.array(
        [sum(1 for person in people if person == atom) for atom in atoms], dtype=float
    )
    group_size = {group: sum(1 for g, _m in people if g == group) for group in groups}
    vectors, values = [], []
    for node in nodes:
        for part in [None, *(g for g in groups if g != REMAINDER)]:
            value = table.view(part)[node.key]
            if is_hidden(value):
                continue
            vectors.append(
                [
                    1.0 if node.key in members and part in (None, group) else 0.0
                    for group, members in atoms
                ]
            )
            values.append(value)
    if not vectors:
        return []
    figures = np.array(vectors)
    assert len(values) <= 12, "keep the search exhaustive"
    coefficients = np.array(list(itertools.product((-1.0, 0.0, 1.0), repeat=len(values))))
    combined = coefficients @ figures
    is_set = (np.isclose(combined, 0) | np.isclose(combined, 1)).all(axis=1)
    is_set &= ~np.isclose(combined, 0).all(axis=1)
    counted = coefficients @ np.array(values, dtype=float)
    assert np.allclose(counted[is_set], combined[is_set] @ occupancy)  # the figures are right
    found = []
    for row in np.flatnonzero(is_set):
        about = {group for (group, _m), v in zip(atoms, combined[row], strict=True) if v > 0.5}
        people_about = sum(group_size[group] for group in about)
        if is_small(round(counted[row])) or is_small(people_about):
            found.append((coefficients[row], counted[row], sorted(about)))
    return found


def decide(nodes, groups, people):
    parts = {g: counts_of(nodes, people, g) for g in groups if g != REMAINDER}
    return suppress_table(nodes, counts_of(nodes, people), parts)


def test_no_combination_of_shown_figures_reveals_a_small_group_in_random_tables():
    rng = random.Random(14)
    checked = 0
    for _ in range(300):
        nodes, groups, people = random_table(rng)
        table = decide(nodes, groups, people)
        found = leaks(nodes, groups, people, table)
        assert not found, (nodes, groups, people, table, found[:3])
        checked += sum(
            not is_hidden(table.view(p)[n.key]) for n in nodes for p in [None, *table.parts]
        )
    assert checked > 800  # the tables do show things


def test_the_attacker_finds_the_leak_when_each_figure_is_suppressed_on_its_own():
    """The search is not vacuous: suppressing each figure below 5 on its own, as the engagement
    report did before issue 14, gives the one-person cohort away."""
    nodes = FUNNEL
    people = [("demo", frozenset({"enrolled", "started"}))] * 14 + [
        ("demo", frozenset({"enrolled"}))
    ] * 6
    people += [("one", frozenset({"enrolled", "started"}))]

    class Naive:
        def __init__(self, counts):
            self.values = {key: shown(count) for key, count in counts.items()}

        def __getitem__(self, key):
            return self.values[key]

    class NaiveTable:
        def view(self, part=None):
            return Naive(counts_of(nodes, people, part))

    found = leaks(nodes, ["demo", "one"], people, NaiveTable())

    assert any(sorted(about) == ["one"] for _c, _n, about in found)
    assert not leaks(nodes, ["demo", "one"], people, decide(nodes, ["demo", "one"], people))


# --- groups given as masks ---------------------------------------------------------------------


def test_nested_groups_differing_by_1_to_4_people_are_not_both_shown():
    everyone = np.ones(12, dtype=bool)
    most = everyone.copy()
    most[:2] = False
    others = np.zeros(12, dtype=bool)
    others[:6] = True
    guard = NestedGroups()

    assert guard.allows(everyone, ["pre"])
    guard.show(everyone, ["pre"])
    assert not guard.allows(most, ["pre"])  # 12 - 10 = 2
    assert guard.allows(most, ["post"])  # another score: nothing shown to subtract from
    assert guard.allows(others, ["pre"])  # 12 - 6 = 6
    assert not guard.allows(np.zeros(12, dtype=bool) | (np.arange(12) < 4), ["other"])
