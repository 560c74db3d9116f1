"""Small counts and their complements: nothing below five can be worked out from what a
report shows. Each case is checked by brute force, independently of the audit's linear
programme."""

from __future__ import annotations

import random

import pytest

from spil.reports.suppression import (
    THRESHOLD,
    Equation,
    State,
    check,
    exposed_keys,
    protect,
    value_range,
)
from spil.reports.tests.support import assert_no_small_count_can_be_worked_out


def test_the_check_finds_a_count_that_can_be_worked_out() -> None:
    values = {"total": 8, "a": 4, "b": 4}
    equations = [Equation("total", ("a", "b"))]
    shown = {"total": State.SHOWN, "a": State.SMALL, "b": State.SMALL}
    with pytest.raises(AssertionError, match="can only be 4"):
        assert_no_small_count_can_be_worked_out(values, equations, shown)


def test_a_cell_of_four_and_its_complement_are_hidden() -> None:
    values = {"ended": 30, "met": 4, "exempt": 6, "moved": 9, "stopped": 11}
    equations = [Equation("ended", ("met", "exempt", "moved", "stopped"))]
    state = protect(values, equations)
    assert state == {
        "ended": State.SHOWN,
        "met": State.SMALL,  # shown as "< 5"
        "exempt": State.HIDDEN,  # the smallest other part: 30 - 9 - 11 = 10 = met + exempt
        "moved": State.SHOWN,
        "stopped": State.SHOWN,
    }
    assert_no_small_count_can_be_worked_out(values, equations, state)
    assert value_range("met", values, equations, state) == (0, 4)
    assert value_range("exempt", values, equations, state) == (6, 10)


def test_without_the_complement_the_total_gives_the_cell_away() -> None:
    values = {"ended": 30, "met": 4, "exempt": 6, "moved": 9, "stopped": 11}
    equations = [Equation("ended", ("met", "exempt", "moved", "stopped"))]
    only_small = {k: State.SMALL if v < THRESHOLD else State.SHOWN for k, v in values.items()}
    assert exposed_keys(values, equations, only_small) == ["met"]


def test_zero_is_a_small_count_too() -> None:
    values = {"total": 12, "a": 0, "b": 12}
    state = protect(values, [Equation("total", ("a", "b"))])
    assert state["a"] == State.SMALL
    # 12 - 12 = 0 would give it away: b or the total is hidden.
    assert State.HIDDEN in (state["b"], state["total"])


def test_two_small_counts_protect_each_other_unless_the_bounds_give_them_away() -> None:
    apart = {"total": 13, "a": 3, "b": 2, "c": 8}
    equations = [Equation("total", ("a", "b", "c"))]
    assert protect(apart, equations) == {
        "total": State.SHOWN,
        "a": State.SMALL,
        "b": State.SMALL,
        "c": State.SHOWN,
    }  # a + b = 5: (1, 4) … (4, 1)
    # 8 = a + b with both below 5: only 4 + 4. The total must go.
    pinned = {"total": 8, "a": 4, "b": 4}
    state = protect(pinned, [Equation("total", ("a", "b"))])
    assert state["total"] == State.HIDDEN
    assert_no_small_count_can_be_worked_out(pinned, [Equation("total", ("a", "b"))], state)


def test_a_hidden_number_is_known_to_be_five_or_more() -> None:
    # 5 = a + b with a "< 5" and b hidden (so at least 5): a would be 0.
    values = {"total": 5, "a": 0, "b": 5}
    equations = [Equation("total", ("a", "b"))]
    state = protect(values, equations)
    assert state["a"] == State.SMALL
    assert_no_small_count_can_be_worked_out(values, equations, state)


def table_with_margins(cells: list[list[int]]) -> tuple[dict[str, int], list[Equation]]:
    values: dict[str, int] = {}
    equations: list[Equation] = []
    rows, cols = len(cells), len(cells[0])
    for r in range(rows):
        for c in range(cols):
            values[f"r{r}c{c}"] = cells[r][c]
        values[f"r{r}"] = sum(cells[r])
        equations.append(Equation(f"r{r}", tuple(f"r{r}c{c}" for c in range(cols))))
    for c in range(cols):
        values[f"c{c}"] = sum(cells[r][c] for r in range(rows))
        equations.append(Equation(f"c{c}", tuple(f"r{r}c{c}" for r in range(rows))))
    values["all"] = sum(values[f"r{r}"] for r in range(rows))
    equations.append(Equation("all", tuple(f"r{r}" for r in range(rows))))
    equations.append(Equation("all", tuple(f"c{c}" for c in range(cols))))
    return values, equations


@pytest.mark.parametrize(
    "cells",
    [
        [[4, 6, 7], [8, 9, 5]],
        [[1, 9, 6], [7, 2, 8]],
        [[0, 12], [6, 3]],
        [[5, 5, 5], [5, 5, 1]],
    ],
)
def test_a_table_with_row_and_column_totals(cells: list[list[int]]) -> None:
    values, equations = table_with_margins(cells)
    state = protect(values, equations)
    assert exposed_keys(values, equations, state) == []
    assert_no_small_count_can_be_worked_out(values, equations, state)


def test_random_small_tables_never_give_a_small_count_away() -> None:
    rng = random.Random(13)
    for _ in range(25):
        cells = [[rng.choice([0, 1, 3, 4, 5, 6, 9]) for _ in range(2)] for _ in range(2)]
        values, equations = table_with_margins(cells)
        state = protect(values, equations)
        assert_no_small_count_can_be_worked_out(values, equations, state)


def test_only_what_is_needed_is_hidden() -> None:
    values = {"total": 40, "a": 10, "b": 12, "c": 18}
    assert set(protect(values, [Equation("total", ("a", "b", "c"))]).values()) == {State.SHOWN}


def test_an_equation_that_does_not_hold_is_a_builder_error() -> None:
    with pytest.raises(ValueError, match="does not hold"):
        check({"total": 10, "a": 3, "b": 4}, [Equation("total", ("a", "b"))])
    with pytest.raises(ValueError, match="unknown keys"):
        check({"total": 10}, [Equation("total", ("a",))])
