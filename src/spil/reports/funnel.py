"""The funnel and outcomes report: who started, who is still active, who ended and why,
and what people moved on to at fixed moments after the start and at the end.

Persons and outcomes are counted separately: a person with an internship and a
certificate counts once in "with an outcome" and once in each of the two rows, and the
outcomes row counts both. An outcome holds on a day when it started on or before that day
and had not ended before it; a certificate, once obtained, holds from then on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from spil.placements import queries as placement_queries
from spil.placements.queries import OutcomeFacts
from spil.reports.facts import END_ORDER, End, PersonFacts, Population, end_of
from spil.reports.selection import Granularity, Selection, add_months, cohort_of
from spil.reports.tables import (
    Column,
    Count,
    NotApplicable,
    Report,
    ReportBuilder,
    Table,
    Tally,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KIND = "funnel"
TITLE = _("Funnel and outcomes")

#: months after the start at which the outcomes are counted
MOMENTS = (6, 12, 18, 36)
AT_END = "end"
COLUMNS = (*(str(m) for m in MOMENTS), AT_END)
#: CBS counts 35 hours a week or more as full-time work ("voltijd").
FULL_TIME_HOURS = 35

GRANULARITY_NAMES = {
    Granularity.MONTH: _("month"),
    Granularity.QUARTER: _("quarter"),
    Granularity.YEAR: _("year"),
}

END_LABELS = {
    End.MET: _("Obligation met (exam or Z-route)"),
    End.COMPLETED: _("Completed the programme"),
    End.EXEMPT: _("Exempt"),
    End.MOVED: _("Moved"),
    End.STOPPED: _("Stopped"),
}

#: outcome rows besides paid work: (row key, label, the outcome kinds it counts)
OUTCOME_ROWS: tuple[tuple[str, StrOrPromise, frozenset[str]], ...] = (
    ("internship", _("Internship or work experience"), frozenset({"internship"})),
    ("education", _("Education"), frozenset({"education"})),
    (
        "participation",
        _("Volunteering and participation"),
        frozenset({"volunteering", "participation"}),
    ),
    ("certificate", _("Certificate"), frozenset({"certificate"})),
)
PAID_HOURS = ("full_time", "part_time", "hours_unknown")
PAID_BENEFIT = ("with_benefit", "without_benefit", "benefit_unknown")


def holds_on(outcome: OutcomeFacts, day: date) -> bool:
    if outcome.started_on > day:
        return False
    if outcome.kind == "certificate":
        return True
    return outcome.ended_on is None or outcome.ended_on >= day


def outcomes_by_person(
    outcomes: Iterable[OutcomeFacts], ids: set[int]
) -> dict[int, list[OutcomeFacts]]:
    found: dict[int, list[OutcomeFacts]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.person_id in ids:
            found[outcome.person_id].append(outcome)
    return found


def tally_moment(
    tally: Tally, prefix: str, fact: PersonFacts, day: date, outcomes: Sequence[OutcomeFacts]
) -> None:
    """Count one person in one column of the outcomes table: their state on `day` and the
    outcomes that held then."""
    person = fact.person_id
    tally.add(f"{prefix}.reached", person)
    end = fact.ended_by(day)
    tally.add(f"{prefix}.active" if end is None else f"{prefix}.ended_{end}", person)
    holding = [o for o in outcomes if holds_on(o, day)]
    if holding:
        tally.add(f"{prefix}.outcomes", person, len(holding))
        tally.add(f"{prefix}.with_outcome", person)
    else:
        tally.add(f"{prefix}.without_outcome", person)
    kinds = {o.kind for o in holding}
    for key, _label, row_kinds in OUTCOME_ROWS:
        if kinds & row_kinds:
            tally.add(f"{prefix}.{key}", person)
    paid = [o for o in holding if o.kind == "paid_job"]
    if not paid:
        return
    tally.add(f"{prefix}.paid", person)
    hours = [o.hours_per_week for o in paid if o.hours_per_week is not None]
    if not hours:
        tally.add(f"{prefix}.hours_unknown", person)
    elif max(hours) >= FULL_TIME_HOURS:
        tally.add(f"{prefix}.full_time", person)
    else:
        tally.add(f"{prefix}.part_time", person)
    benefits = {o.with_benefit for o in paid}
    if True in benefits:
        tally.add(f"{prefix}.with_benefit", person)
    elif False in benefits:
        tally.add(f"{prefix}.without_benefit", person)
    else:
        tally.add(f"{prefix}.benefit_unknown", person)


def build(population: Population, *, collect: bool = False) -> Report:
    selection, as_of = population.selection, population.as_of
    tally = Tally(collect=collect)
    cohorts: set[str] = set()
    if population.counted_in_sql and not collect and placement_queries.counts_in_database():
        _tally_in_database(tally, population, cohorts)
    else:
        outcomes = outcomes_by_person(
            placement_queries.report_outcomes(population.persons), population.ids
        )
        for fact in population.facts:
            _tally_person(tally, fact, selection, as_of, outcomes.get(fact.person_id, []), cohorts)
    builder = ReportBuilder(tally)
    _funnel(builder)
    _cohorts(builder, selection, _cohort_order(cohorts))
    _outcomes(builder)
    return builder.finish(kind=KIND, title=TITLE, selection=selection, as_of=as_of)


def _tally_in_database(tally: Tally, population: Population, cohorts: set[str]) -> None:
    """The same counts as `_tally_person` and `tally_moment` over everyone, grouped in the
    database: rows of persons who share a state, not one row per person."""
    selection, as_of = population.selection, population.as_of
    funnel_counts, moment_counts = placement_queries.report_funnel_counts(
        population.persons,
        selection.municipality_ids,
        as_of=as_of,
        basis=selection.basis.value,
        moments=MOMENTS,
        full_time_hours=FULL_TIME_HOURS,
    )
    for row in funnel_counts:
        cohort = cohort_of(row.basis_date, selection.granularity) if row.basis_date else "none"
        cohorts.add(cohort)
        keys = ["total"]
        if not row.started:
            keys.append("not_started")
        else:
            keys.append("started")
            keys.append("ended" if row.ended else "active")
            if row.ended:
                tally.add(f"funnel.ended_{end_of(row.status, row.end_reason)}", 0, row.persons)
        for key in keys:
            tally.add(f"funnel.{key}", 0, row.persons)
            tally.add(f"cohort.{cohort}.{key}", 0, row.persons)
    for moment in moment_counts:
        prefix = f"outcomes.{moment.moment}"
        n = moment.persons
        tally.add(f"{prefix}.reached", 0, n)
        state = f"ended_{end_of(moment.status, moment.end_reason)}" if moment.ended else "active"
        tally.add(f"{prefix}.{state}", 0, n)
        if moment.kinds:
            tally.add(f"{prefix}.outcomes", 0, moment.outcomes)
            tally.add(f"{prefix}.with_outcome", 0, n)
        else:
            tally.add(f"{prefix}.without_outcome", 0, n)
        for key, _label, row_kinds in OUTCOME_ROWS:
            if moment.kinds & row_kinds:
                tally.add(f"{prefix}.{key}", 0, n)
        if "paid_job" in moment.kinds:
            tally.add(f"{prefix}.paid", 0, n)
            tally.add(f"{prefix}.{moment.paid_hours}", 0, n)
            tally.add(f"{prefix}.{moment.paid_benefit}", 0, n)


def _tally_person(
    tally: Tally,
    fact: PersonFacts,
    selection: Selection,
    as_of: date,
    outcomes: Sequence[OutcomeFacts],
    cohorts: set[str],
) -> None:
    person = fact.person_id
    day = fact.basis_date(selection.basis)
    cohort = cohort_of(day, selection.granularity) if day else "none"
    cohorts.add(cohort)
    keys = ["total"]
    if not fact.started_by(as_of):
        keys.append("not_started")
    else:
        keys.append("started")
        end = fact.ended_by(as_of)
        keys.append("active" if end is None else "ended")
        if end is not None:
            tally.add(f"funnel.ended_{end}", person)
    for key in keys:
        tally.add(f"funnel.{key}", person)
        tally.add(f"cohort.{cohort}.{key}", person)
    if not fact.started_by(as_of):
        return
    assert fact.start is not None
    for months in MOMENTS:
        moment = add_months(fact.start, months)
        if moment <= as_of:
            tally_moment(tally, f"outcomes.{months}", fact, moment, outcomes)
    if fact.ended is not None and fact.ended[0] <= as_of:
        tally_moment(tally, f"outcomes.{AT_END}", fact, fact.ended[0], outcomes)


def _cohort_order(cohorts: set[str]) -> list[str]:
    order = sorted(key for key in cohorts if key != "none")
    return [*order, "none"] if "none" in cohorts else order


def _funnel(builder: ReportBuilder) -> None:
    table = builder.table(
        Table(
            "funnel",
            _("Started, active and ended"),
            _(
                "Persons in the selection: who started a programme (the dual trajectory), "
                "who is still active and who ended, with the reason."
            ),
            [Column("persons", _("Persons"))],
            chart_columns=("persons",),
        )
    )
    rows: list[tuple[str, StrOrPromise, int]] = [
        ("total", _("In the selection"), 0),
        ("not_started", _("Not started a programme yet"), 1),
        ("started", _("Started a programme"), 0),
        ("active", _("Still active"), 1),
        ("ended", _("Ended"), 1),
    ]
    rows += [(f"ended_{end}", END_LABELS[end], 2) for end in END_ORDER]
    for key, label, level in rows:
        table.add_row(key, label, level)
        table.cells[(key, "persons")] = builder.tallied(f"funnel.{key}")
    builder.equation("funnel.total", ["funnel.not_started", "funnel.started"])
    builder.equation("funnel.started", ["funnel.active", "funnel.ended"])
    builder.equation("funnel.ended", [f"funnel.ended_{end}" for end in END_ORDER])


COHORT_COLUMNS = ("total", "not_started", "started", "active", "ended")


def _cohorts(builder: ReportBuilder, selection: Selection, order: list[str]) -> None:
    labels: dict[str, StrOrPromise] = {
        "total": _("In the selection"),
        "not_started": _("Not started yet"),
        "started": _("Started"),
        "active": _("Still active"),
        "ended": _("Ended"),
    }
    table = builder.table(
        Table(
            "cohorts",
            _("By cohort"),
            _(
                "The same persons per cohort. Cohort: %(granularity)s of the chosen date "
                "(%(basis)s)."
            )
            % {
                "granularity": str(GRANULARITY_NAMES[selection.granularity]),
                "basis": selection.basis.label,
            },
            [Column(key, labels[key]) for key in COHORT_COLUMNS],
            chart_columns=("not_started", "active", "ended"),
        )
    )
    for cohort in order:
        table.add_row(cohort, cohort if cohort != "none" else _("No date yet"))
        prefix = f"cohort.{cohort}"
        for column in COHORT_COLUMNS:
            table.cells[(cohort, column)] = builder.tallied(f"{prefix}.{column}")
        builder.equation(f"{prefix}.total", [f"{prefix}.not_started", f"{prefix}.started"])
        builder.equation(f"{prefix}.started", [f"{prefix}.active", f"{prefix}.ended"])
    table.add_row("all", _("Total"))
    for column in COHORT_COLUMNS:
        table.cells[("all", column)] = Count(f"funnel.{column}")
        builder.equation(f"funnel.{column}", [f"cohort.{cohort}.{column}" for cohort in order])


def outcome_rows() -> list[tuple[str, StrOrPromise, int]]:
    rows: list[tuple[str, StrOrPromise, int]] = [
        ("reached", _("Persons who reached this moment"), 0),
        ("active", _("Still active"), 1),
    ]
    rows += [(f"ended_{end}", END_LABELS[end], 1) for end in END_ORDER]
    rows += [
        ("with_outcome", _("With an outcome"), 0),
        ("without_outcome", _("Without an outcome"), 1),
        ("paid", _("Paid work"), 1),
        (
            "full_time",
            _("full-time (%(hours)s hours a week or more)") % {"hours": FULL_TIME_HOURS},
            2,
        ),
        ("part_time", _("part-time"), 2),
        ("hours_unknown", _("hours not recorded"), 2),
        ("with_benefit", _("with a benefit"), 2),
        ("without_benefit", _("without a benefit"), 2),
        ("benefit_unknown", _("benefit not recorded"), 2),
    ]
    rows += [(key, label, 1) for key, label, _kinds in OUTCOME_ROWS]
    rows += [("outcomes", _("Outcomes (one person can have several)"), 0)]
    return rows


def _outcomes(builder: ReportBuilder) -> None:
    labels: dict[str, StrOrPromise] = {
        str(m): _("%(months)s months") % {"months": m} for m in MOMENTS
    }
    labels[AT_END] = _("At the end")
    table = builder.table(
        Table(
            "outcomes",
            _("Outcomes after the start"),
            _(
                "Per moment after the start of the programme, the persons who reached it "
                "(and, at the end, who ended) and what they had moved on to. One person can "
                "have several outcomes: persons and outcomes are counted separately."
            ),
            [Column(key, labels[key]) for key in COLUMNS],
            chart_columns=COLUMNS,
            chart_rows=("with_outcome", "paid", *(key for key, _l, _k in OUTCOME_ROWS)),
        )
    )
    rows = outcome_rows()
    for key, label, level in rows:
        table.add_row(key, label, level)
    for column in COLUMNS:
        prefix = f"outcomes.{column}"
        for key, _label, _level in rows:
            if column == AT_END and key == "active":
                table.cells[(key, column)] = NotApplicable()
            else:
                table.cells[(key, column)] = builder.tallied(f"{prefix}.{key}")
        states = [f"{prefix}.ended_{end}" for end in END_ORDER]
        if column != AT_END:
            states.insert(0, f"{prefix}.active")
        builder.equation(f"{prefix}.reached", states)
        builder.equation(
            f"{prefix}.reached", [f"{prefix}.with_outcome", f"{prefix}.without_outcome"]
        )
        builder.equation(f"{prefix}.paid", [f"{prefix}.{k}" for k in PAID_HOURS])
        builder.equation(f"{prefix}.paid", [f"{prefix}.{k}" for k in PAID_BENEFIT])
