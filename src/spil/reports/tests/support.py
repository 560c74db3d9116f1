"""Test support: persons with known trajectories, programmes and outcomes, and checks
that a protected report gives no small number away."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from spil.accounts.models import Organisation
from spil.persons.models import Person
from spil.placements.models import Outcome
from spil.programmes.models import Enrolment, ProgrammeTemplate
from spil.reports.selection import Basis, Granularity, Selection
from spil.reports.suppression import THRESHOLD, Equation, State
from spil.reports.tables import Report
from spil.testing import next_test_bsn
from spil.trajectories.models import Trajectory

DORDRECHT = "dordrecht-drechtsteden"
TAALSNELWEG = "taalsnelweg-naar-werk"


@dataclass
class Out:
    kind: str
    started_on: date
    ended_on: date | None = None
    hours: int | None = None
    benefit: bool | None = None


@dataclass
class Spec:
    """One person: DUO notification, PIP, programme start and end, trajectory end."""

    notified: date = date(2023, 11, 1)
    pip: date | None = None
    start: date | None = None
    template: str = DORDRECHT
    enrolment_status: str = "active"
    enrolment_end: date | None = None
    status: str = "running"
    end_reason: str = ""
    ended_on: date | None = None
    leerroute: str = "b1"
    doelgroep: str = "asiel"
    outcomes: list[Out] = field(default_factory=list)


def make_person(municipality: Organisation, spec: Spec) -> Person:
    person = Person.objects.create(
        bsn=next_test_bsn(),
        given_names="Test",
        family_name="Persoon",
        municipality=municipality,
        doelgroep=spec.doelgroep,
    )
    Trajectory.objects.create(
        person=person,
        municipality=municipality,
        status=spec.status,
        end_reason=spec.end_reason,
        ended_on=spec.ended_on,
        leerroute=spec.leerroute,
        leerroute_period_start=spec.notified,
        pip_dagtekening=spec.pip,
    )
    if spec.start is not None:
        Enrolment.objects.create(
            person=person,
            template=ProgrammeTemplate.objects.get(code=spec.template),
            start_date=spec.start,
            status=spec.enrolment_status,
            ended_on=spec.enrolment_end,
        )
    for out in spec.outcomes:
        Outcome.objects.create(
            person=person,
            kind=out.kind,
            started_on=out.started_on,
            ended_on=out.ended_on,
            hours_per_week=out.hours,
            with_benefit=out.benefit,
        )
    return person


def selection_of(
    area: Organisation,
    municipalities: Iterable[Organisation],
    *,
    template: str = "",
    basis: Basis = Basis.START,
    granularity: Granularity = Granularity.QUARTER,
    **kwargs: object,
) -> Selection:
    return Selection(
        area_id=area.pk,
        area_name=area.name,
        municipality_ids=frozenset(m.pk for m in municipalities),
        template=template,
        basis=basis,
        granularity=granularity,
        **kwargs,  # type: ignore[arg-type]
    )


def column(report: Report, table_key: str, column_key: str) -> dict[str, int]:
    """Raw counts of one column of a table, by row key (tests only: never shown)."""
    table = next(t for t in report.tables if t.key == table_key)
    found: dict[str, int] = {}
    for row in table.rows:
        ref = table.cell(row.key, column_key)
        key = getattr(ref, "key", None)
        if key is not None:
            found[row.key] = report.values[key]
    return found


def shown_column(report: Report, table_key: str, column_key: str) -> dict[str, str]:
    table = next(t for t in report.tables if t.key == table_key)
    position = [c.key for c in table.columns].index(column_key)
    return {row.key: cells[position].text for row, cells in report.grid(table)}


def integer_range(
    key: str,
    values: Mapping[str, int],
    equations: Sequence[Equation],
    state: Mapping[str, State],
) -> tuple[int, int]:
    """The lowest and highest whole number `key` can be for a reader who sees the shown
    numbers, "< 5" for small ones, hidden ones as at least 5, and knows every equation:
    integer programming (CP-SAT), independent of the audit's linear programme."""
    from ortools.sat.python import cp_model

    ceiling = 10 * (sum(values.values()) + THRESHOLD)
    found: list[int] = []
    for maximise in (False, True):
        model = cp_model.CpModel()
        variables = {
            k: (
                model.new_constant(v)
                if state[k] == State.SHOWN
                else model.new_int_var(0, THRESHOLD - 1, k)
                if state[k] == State.SMALL
                else model.new_int_var(THRESHOLD, ceiling, k)
            )
            for k, v in values.items()
        }
        for equation in equations:
            model.add(variables[equation.total] == sum(variables[p] for p in equation.parts))
        if maximise:
            model.maximize(variables[key])
        else:
            model.minimize(variables[key])
        solver = cp_model.CpSolver()
        assert solver.solve(model) == cp_model.OPTIMAL
        found.append(int(solver.value(variables[key])))
    return found[0], found[1]


def assert_no_small_count_can_be_worked_out(
    values: Mapping[str, int], equations: Sequence[Equation], state: Mapping[str, State]
) -> None:
    for key in values:
        if state[key] == State.SMALL:
            low, high = integer_range(key, values, equations, state)
            assert low <= values[key] <= high
            assert high > low, f"{key} can only be {low}"


def assert_protected(report: Report) -> None:
    """Every count below the threshold reads "< 5", hidden ones are 5 or more, and no
    small count can be worked out from everything the report shows."""
    for key, value in report.values.items():
        state = report.state[key]
        assert (state == State.SMALL) == (value < THRESHOLD), key
        assert state != State.HIDDEN or value >= THRESHOLD, key
    for equation in report.equations:
        unknown = {k for k in equation.keys if report.state[k] != State.SHOWN}
        assert len(unknown) != 1, f"{equation}: only {unknown} suppressed"
    assert_no_small_count_can_be_worked_out(report.values, report.equations, report.state)
