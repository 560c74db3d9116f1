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
from typing import Any

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
    *,
    reshow: bool = True,
) -> dict[str, State]:
    """The state of every key: SMALL below `threshold`, HIDDEN where needed to protect
    them, SHOWN otherwise. `values` must satisfy `equations` (see `check`). Without
    `reshow`, cells hidden early stay hidden even where later ones made them unnecessary
    (as safe, faster for large tables that are mostly small counts)."""
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
    for key in sorted(hidden, key=lambda k: (as_part[k], -values[k], k)) if reshow else ():
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
            hard = [k for k in targets if not self._clearly_free(k)]
            if not hard:
                continue
            for target in hard:
                if self._alone(target):
                    result.add(target)
            rest = [k for k in hard if k not in result]
            if rest:
                result.update(self._pinned(keys, equations, rest))
        return [k for k in pending if k in result]

    def _alone(self, key: str) -> bool:
        """An equation in which `key` is the only suppressed number pins it down."""
        return any(
            [k for k in e.keys if self.state[k] != State.SHOWN] == [key] for e in self.by_key[key]
        )

    def _clearly_free(self, key: str) -> bool:
        """A quick proof that `key` can take another value: it is in one equation only,
        together with another suppressed number that is in no other equation, and the two
        can trade one unit within what their labels allow. Otherwise the linear
        programme decides."""
        equations = self.by_key[key]
        if len(equations) != 1:
            return False
        coefficients = equations[0].coefficients()
        mine = coefficients.get(key, 0)
        if mine == 0:
            return False
        value = self.values[key]
        for other, theirs in coefficients.items():
            if other == key or self.state[other] == State.SHOWN or len(self.by_key[other]) != 1:
                continue
            if abs(theirs) != abs(mine):
                continue
            for step in (1, -1):
                moved = value + step
                # Keep the equation: the other moves opposite when both sit on one side.
                theirs_moved = self.values[other] - step * (mine // theirs)
                if self._allowed(key, moved) and self._allowed(other, theirs_moved):
                    return True
        return False

    def _allowed(self, key: str, value: int) -> bool:
        if self.state[key] == State.SMALL:
            return 0 <= value < self.threshold
        return value >= self.threshold

    def _pinned(
        self, keys: set[str], equations: Sequence[Equation], targets: Sequence[str]
    ) -> set[str]:
        """Targets whose true value is the only one the linear programme allows."""
        solver, variables = self._model(keys, equations)
        from ortools.linear_solver import pywraplp  # loaded by _model already

        pinned: set[str] = set()
        for target in targets:
            variable, value = variables[target], self.values[target]
            objective = solver.Objective()
            objective.Clear()
            objective.SetCoefficient(variable, 1)
            objective.SetMaximization()
            status = solver.Solve()
            if status != pywraplp.Solver.OPTIMAL or variable.solution_value() > value + _EPSILON:
                continue  # a larger value fits (or no bound above)
            objective.SetMinimization()
            if solver.Solve() == pywraplp.Solver.OPTIMAL and (
                variable.solution_value() > value - 1 + _EPSILON
            ):
                pinned.add(target)
        return pinned

    def _model(self, keys: set[str], equations: Sequence[Equation]) -> tuple[Any, dict[str, Any]]:
        # Imported here: OR-Tools is heavy, and only a report with small counts needs it.
        from ortools.linear_solver import pywraplp

        solver = pywraplp.Solver.CreateSolver("GLOP")
        infinity = solver.infinity()
        variables = {
            name: (
                solver.NumVar(0, self.threshold - 1, name)
                if self.state[name] == State.SMALL
                else solver.NumVar(self.threshold, infinity, name)
            )
            for name in sorted(keys)
        }
        for equation in equations:
            constant = 0
            terms: list[tuple[str, int]] = []
            for name, coefficient in equation.coefficients().items():
                if self.state[name] == State.SHOWN:
                    constant += coefficient * self.values[name]
                else:
                    terms.append((name, coefficient))
            if terms:
                constraint = solver.Constraint(-constant, -constant)
                for name, coefficient in terms:
                    constraint.SetCoefficient(variables[name], coefficient)
        return solver, variables

    def ranges(
        self, keys: set[str], equations: Sequence[Equation], targets: Sequence[str]
    ) -> dict[str, tuple[int, int | None]]:
        """The whole-number range of each target (lowest, highest or None)."""
        from ortools.linear_solver import pywraplp  # loaded by _model already

        solver, variables = self._model(keys, equations)
        found: dict[str, tuple[int, int | None]] = {}
        for target in targets:
            variable = variables[target]
            objective = solver.Objective()
            objective.Clear()
            objective.SetCoefficient(variable, 1)
            objective.SetMinimization()
            if solver.Solve() != pywraplp.Solver.OPTIMAL:  # not with consistent values
                found[target] = (0, None)
                continue
            low = math.ceil(variable.solution_value() - _EPSILON)
            objective.SetMaximization()
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
