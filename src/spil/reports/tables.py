"""Report tables: rows and columns of cells, each a count under a key (protected by
`suppression`), a derived figure (a share, a median, hours) that is shown only while the
counts it rests on are shown, or nothing (not applicable).

Builders fill a `ReportBuilder` with counts and the sums between them; `finish` runs the
suppression once over every table of the report, so a count that two tables share is
protected the same way in both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from spil.reports.suppression import THRESHOLD, Equation, State, protect

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from spil.reports.selection import Selection


HIDDEN_MARK = "\u00d7"  # multiplication sign: a number hidden to protect a small one
NA_MARK = "\u2013"  # en dash: not applicable


class Unit(StrEnum):
    PERSONS = "persons"
    COUNT = "count"
    PERCENT = "percent"
    DAYS = "days"
    HOURS = "hours"
    DECIMAL = "decimal"
    LEVEL = "level"


@dataclass(frozen=True)
class Count:
    key: str


@dataclass(frozen=True)
class Derived:
    """A figure computed from counts (share, median, hours). A share of two counts of the
    report lists them in `depends_on`: shown only while both are shown, so it can never
    give a suppressed count away. A sum, average or median over a group names the group's
    count in `group`: shown only while that group has at least five persons (a hidden
    count of five or more is fine), so it never describes one or two persons."""

    value: float | None
    unit: Unit
    depends_on: tuple[str, ...] = ()
    group: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotApplicable:
    pass


CellRef = Count | Derived | NotApplicable


@dataclass(frozen=True)
class Column:
    key: str
    label: StrOrPromise
    unit: Unit = Unit.PERSONS


@dataclass(frozen=True)
class Row:
    key: str
    label: StrOrPromise
    level: int = 0


@dataclass
class Table:
    key: str
    title: StrOrPromise
    description: StrOrPromise
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    cells: dict[tuple[str, str], CellRef] = field(default_factory=dict)
    #: the columns the chart beside the table draws (counts of persons)
    chart_columns: tuple[str, ...] = ()
    #: the rows it draws (all when empty)
    chart_rows: tuple[str, ...] = ()
    #: per row, its values of named dimensions (gemeente, cohort, …): a table with them is
    #: exported with one column per dimension instead of the row's label
    dimensions: dict[str, dict[str, str]] = field(default_factory=dict)

    def add_row(self, key: str, label: StrOrPromise, level: int = 0) -> Row:
        row = Row(key, label, level)
        self.rows.append(row)
        return row

    def cell(self, row: str, column: str) -> CellRef:
        return self.cells.get((row, column), NotApplicable())


@dataclass(frozen=True)
class Shown:
    """A cell as the reader gets it."""

    text: str
    value: int | float | None
    state: str  # "shown", "small", "hidden", "na" (not applicable)
    unit: Unit
    #: the count behind the cell (for a drill-down by staff who may see the persons)
    key: str | None = None

    @property
    def is_number(self) -> bool:
        return self.value is not None


@dataclass
class Report:
    kind: str
    title: StrOrPromise
    selection: Selection
    as_of: date
    tables: list[Table]
    values: dict[str, int]
    equations: list[Equation]
    state: dict[str, State]
    #: persons per count key, only when collected for a drill-down
    members: dict[str, set[int]] | None = None

    def show(self, ref: CellRef, unit: Unit = Unit.PERSONS) -> Shown:
        if isinstance(ref, NotApplicable):
            return Shown(NA_MARK, None, "na", unit)
        if isinstance(ref, Count):
            state = self.state[ref.key]
            if state == State.SMALL:
                return Shown(small_text(), None, "small", unit, ref.key)
            if state == State.HIDDEN:
                return Shown(HIDDEN_MARK, None, "hidden", unit, ref.key)
            value = self.values[ref.key]
            text = number_format(value, force_grouping=True)
            return Shown(text, value, "shown", unit, ref.key)
        if ref.value is None:
            return Shown(NA_MARK, None, "na", ref.unit)
        if any(self.state[key] != State.SHOWN for key in ref.depends_on) or any(
            self.state[key] == State.SMALL for key in ref.group
        ):
            return Shown(HIDDEN_MARK, None, "hidden", ref.unit)
        return Shown(format_derived(ref.value, ref.unit), ref.value, "shown", ref.unit)

    def grid(self, table: Table) -> list[tuple[Row, list[Shown]]]:
        return [
            (row, [self.show(table.cell(row.key, c.key), c.unit) for c in table.columns])
            for row in table.rows
        ]

    def has_suppression(self) -> bool:
        return any(state != State.SHOWN for state in self.state.values())


def small_text() -> str:
    return f"< {THRESHOLD}"


def format_derived(value: float, unit: Unit) -> str:
    if unit == Unit.PERCENT:
        return f"{number_format(Decimal(str(round(value, 1))), 1)} %"
    if unit == Unit.DAYS:
        return number_format(round(value), force_grouping=True)
    if unit in (Unit.HOURS, Unit.DECIMAL):
        return number_format(Decimal(str(round(value, 1))), 1, force_grouping=True)
    if unit == Unit.LEVEL:
        return str(value)
    return number_format(value, force_grouping=True)


class Tally:
    """Counts persons under keys; with `collect`, also which persons (for drill-down by
    staff who may see them, never for the report itself)."""

    def __init__(self, *, collect: bool = False) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.members: dict[str, set[int]] | None = defaultdict(set) if collect else None

    def add(self, key: str, person_id: int, amount: int = 1) -> None:
        self.counts[key] += amount
        if self.members is not None:
            self.members[key].add(person_id)

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)


class ReportBuilder:
    """Collects counts (under unique keys) and the sums between them."""

    def __init__(self, tally: Tally | None = None) -> None:
        self.values: dict[str, int] = {}
        self.equations: list[Equation] = []
        self.tables: list[Table] = []
        self.tally = tally or Tally()

    def tallied(self, key: str) -> Count:
        """The count of `key` as the tally has it (zero when nobody was counted)."""
        return self.count(key, self.tally[key])

    def count(self, key: str, value: int) -> Count:
        if key in self.values and self.values[key] != value:
            raise ValueError(f"count {key} given twice with different values")
        self.values[key] = value
        return Count(key)

    def equation(self, total: str, parts: Sequence[str]) -> None:
        self.equations.append(Equation(total, tuple(parts)))

    def table(self, table: Table) -> Table:
        self.tables.append(table)
        return table

    def finish(
        self,
        *,
        kind: str,
        title: StrOrPromise,
        selection: Selection,
        as_of: date,
        reshow: bool = True,
    ) -> Report:
        return Report(
            kind=kind,
            title=title,
            selection=selection,
            as_of=as_of,
            tables=self.tables,
            values=self.values,
            equations=self.equations,
            state=protect(self.values, self.equations, reshow=reshow),
            members=dict(self.tally.members) if self.tally.members is not None else None,
        )


def share(part: float, whole: float) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def explanation() -> str:
    return _(
        "Numbers below %(threshold)s are shown as “< %(threshold)s”. A number marked "
        "“%(hidden)s” is hidden so that no small number can be worked out from the totals; "
        "“%(na)s” means not applicable."
    ) % {"threshold": THRESHOLD, "hidden": HIDDEN_MARK, "na": NA_MARK}
