"""Statistical disclosure control for the reports: small counts are suppressed, and
complementary cells hide them from anyone who subtracts.

A report is a set of counts, each under a key, and the sums a reader knows hold between
them (``Equation``: a total and its parts, e.g. started = active + ended). `protect`
decides per key what the reader gets to see:

* ``SHOWN``: the number;
* ``SMALL``: "< 5" — every count below the threshold (zero included), so the reader knows
  only that it lies between 0 and 4;
* ``HIDDEN``: a count of 5 or more hidden so that no SMALL count can be worked out
  (complementary suppression; the reader knows only that it is at least 5).

The audit is exact for these tables: for every SMALL count, a linear programme finds the
lowest and highest value it can take given every shown number, every equation and what
the labels say ("< 5" means 0..4, hidden means at least 5). Sums of tables with margins
have integral corners, so the range of the linear programme is the range of whole
numbers. A count whose range holds a single whole number is exposed, and the smallest
shown part of one of its equations (a total only when no part is left) is hidden next;
hiding only ever widens ranges, so the loop ends with every SMALL count protected.
Django-free: the report builders and the tests call it directly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

THRESHOLD = 5
"""Counts below this are never shown (CBS practice for municipal figures)."""

_EPSILON = 1e-6


class State(StrEnum):
    SHOWN = "shown"
    SMALL = "small"
    HIDDEN = "hidden"


@dataclass(frozen=True)
class Equation:
    """``total == sum(parts)``, a relation the reader of the report knows."""

    total: str
    parts: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.total, *self.parts)

    def coefficients(self) -> dict[str, int]:
        found: dict[str, int] = {self.total: 1}
        for part in self.parts:
            found[part] = found.get(part, 0) - 1
        return {key: c for key, c in found.items() if c}


def check(values: Mapping[str, int], equations: Iterable[Equation]) -> None:
    """Every equation names known keys and holds for the values (a builder's bug else)."""
    for equation in equations:
        missing = [key for key in equation.keys if key not in values]
        if missing:
            raise ValueError(f"equation {equation} names unknown keys {missing}")
        total = sum(values[part] for part in equation.parts)
        if values[equation.total] != total:
            raise ValueError(
                f"equation {equation.total} = {' + '.join(equation.parts)} does not hold: "
                f"{values[equation.total]} != {total}"
            )


def protect(
    values: Mapping[str, int],
    equations: Sequence[Equation],
    threshold: int = THRESHOLD,
) -> dict[str, State]:
    """The state of every key: SMALL below `threshold`, HIDDEN where needed to protect
    them, SHOWN otherwise. `values` must satisfy `equations` (see `check`)."""
    check(values, equations)
    state = {
        key: State.SMALL if value < threshold else State.SHOWN for key, value in values.items()
    }
    audit = _Audit(values, equations, state, threshold)
    exposed = audit.exposed([key for key in sorted(state) if state[key] == State.SMALL])
    hidden: list[str] = []
    while exposed:
        key = exposed[0]
        complement = _complement(key, values, audit.by_key, state)
        if complement is None:  # everything around it is hidden already
            exposed.pop(0)
            continue
        state[complement] = State.HIDDEN
        hidden.append(complement)
        exposed = audit.exposed(exposed)
    # A cell hidden early may have become unnecessary once later ones were hidden: show
    # it again when no small count becomes exposed by that. Headline totals first (a key
    # that is a part of fewer sums), then the larger numbers.
    as_part = {key: sum(key in e.parts for e in audit.by_key[key]) for key in hidden}
    for key in sorted(hidden, key=lambda k: (as_part[k], -values[k], k)):
        around = [k for k in audit.component(key)[0] if state[k] == State.SMALL]
        state[key] = State.SHOWN
        if audit.exposed(around):
            state[key] = State.HIDDEN
    return state


def exposed_keys(
    values: Mapping[str, int],
    equations: Sequence[Equation],
    state: Mapping[str, State],
    threshold: int = THRESHOLD,
) -> list[str]:
    """SMALL keys a reader could work out exactly from what `state` shows (for tests)."""
    audit = _Audit(values, equations, dict(state), threshold)
    return audit.exposed([key for key in sorted(state) if state[key] == State.SMALL])


def value_range(
    key: str,
    values: Mapping[str, int],
    equations: Sequence[Equation],
    state: Mapping[str, State],
    threshold: int = THRESHOLD,
) -> tuple[int, int | None]:
    """The whole numbers a reader can still think `key` is: (lowest, highest or None for
    unbounded), from the shown numbers, the labels and the equations."""
    if state[key] == State.SHOWN:
        return values[key], values[key]
    audit = _Audit(values, equations, dict(state), threshold)
    keys, component = audit.component(key)
    return audit.ranges(keys, component, [key])[key]


class _Audit:
    """What a reader can work out, one connected part of the report at a time: equations
    that share a suppressed key belong together; shown numbers are constants."""

    def __init__(
        self,
        values: Mapping[str, int],
        equations: Sequence[Equation],
        state: dict[str, State],
        threshold: int,
    ) -> None:
        self.values = values
        self.state = state
        self.threshold = threshold
        self.by_key: dict[str, list[Equation]] = {}
        for equation in equations:
            for key in set(equation.keys):
                self.by_key.setdefault(key, []).append(equation)

    def component(self, key: str) -> tuple[set[str], list[Equation]]:
        """The suppressed keys connected to `key` and the equations between them."""
        keys = {key}
        frontier = [key]
        found: dict[int, Equation] = {}
        while frontier:
            current = frontier.pop()
            for equation in self.by_key.get(current, ()):
                if id(equation) in found:
                    continue
                found[id(equation)] = equation
                for name in equation.keys:
                    if self.state[name] != State.SHOWN and name not in keys:
                        keys.add(name)
                        frontier.append(name)
        return keys, list(found.values())

    def exposed(self, candidates: Iterable[str]) -> list[str]:
        """Those of the SMALL `candidates` whose range holds a single whole number."""
        pending = [k for k in candidates if self.state[k] == State.SMALL and k in self.by_key]
        result: set[str] = set()
        done: set[str] = set()
        for key in pending:
            if key in done:
                continue
            keys, equations = self.component(key)
            targets = [k for k in pending if k in keys]
            done.update(targets)
            for target, (low, high) in self.ranges(keys, equations, targets).items():
                if high is not None and high - low < 1:
                    result.add(target)
        return [k for k in pending if k in result]

    def ranges(
        self, keys: set[str], equations: Sequence[Equation], targets: Sequence[str]
    ) -> dict[str, tuple[int, int | None]]:
        """The whole-number range of each target: one linear programme per component,
        minimised and maximised per target."""
        # Imported here: OR-Tools is heavy, and only a report with small counts needs it.
        from ortools.linear_solver import pywraplp

        solver = pywraplp.Solver.CreateSolver("GLOP")
        variables = {
            name: (
                solver.NumVar(0, self.threshold - 1, name)
                if self.state[name] == State.SMALL
                else solver.NumVar(self.threshold, solver.infinity(), name)
            )
            for name in sorted(keys)
        }
        for equation in equations:
            constant = 0
            terms = []
            for name, coefficient in equation.coefficients().items():
                if self.state[name] == State.SHOWN:
                    constant += coefficient * self.values[name]
                else:
                    terms.append(coefficient * variables[name])
            if terms:
                solver.Add(sum(terms) + constant == 0)
        found: dict[str, tuple[int, int | None]] = {}
        for target in targets:
            variable = variables[target]
            solver.Minimize(variable)
            if solver.Solve() != pywraplp.Solver.OPTIMAL:  # not with consistent values
                found[target] = (0, None)
                continue
            low = math.ceil(variable.solution_value() - _EPSILON)
            solver.Maximize(variable)
            status = solver.Solve()
            high = (
                math.floor(variable.solution_value() + _EPSILON)
                if status == pywraplp.Solver.OPTIMAL
                else None
            )
            found[target] = (low, high)
        return found


def _complement(
    key: str,
    values: Mapping[str, int],
    by_key: Mapping[str, list[Equation]],
    state: Mapping[str, State],
) -> str | None:
    """The shown key to hide next, from the equations of `key` and those reached through
    other suppressed keys: the nearest, a part before a total (a total counts as two
    steps further), the smallest number first."""
    best: dict[str, int] = {}
    seen_keys = {key}
    frontier = [key]
    seen_equations: set[int] = set()
    distance = 0
    while frontier:
        next_frontier: list[str] = []
        for current in frontier:
            for equation in by_key.get(current, ()):
                if id(equation) in seen_equations:
                    continue
                seen_equations.add(id(equation))
                for name in equation.keys:
                    if state[name] == State.SHOWN:
                        cost = distance + (2 if name == equation.total else 0)
                        best[name] = min(best.get(name, cost), cost)
                    elif name not in seen_keys:
                        seen_keys.add(name)
                        next_frontier.append(name)
        frontier = next_frontier
        distance += 1
    if not best:
        return None
    return min(best, key=lambda name: (best[name], values[name], name))
