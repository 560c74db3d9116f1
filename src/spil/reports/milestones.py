"""Time to milestones: DUO notification → intake → PIP (within 10 weeks of the
notification, the law) → start of the dual trajectory (within 6 months of the PIP, seed
002) → first placement → paid work; per step the persons who took it, how many did so
within the target, and the median number of days.

Targets come from the rules engine (`leerroute_period`, `dual_trajectory_months`), so a
changed rule changes the reports with it. A person who has not taken a step yet but whose
target day has passed counts as "waiting, past the target".
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from spil.intake import queries as intake_queries
from spil.placements import queries as placement_queries
from spil.reports.facts import PersonFacts, Population
from spil.reports.tables import (
    Column,
    Derived,
    NotApplicable,
    Report,
    ReportBuilder,
    Table,
    Tally,
    Unit,
    share,
)
from spil.rules import engine

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KIND = "milestones"
TITLE = _("Time to milestones")


@dataclass(frozen=True)
class Dates:
    notified: date
    intake: date | None
    pip: date | None
    start: date | None
    placement: date | None
    paid: date | None


@dataclass(frozen=True)
class Step:
    key: str
    label: StrOrPromise
    since: Callable[[Dates], date | None]
    until: Callable[[Dates], date | None]
    #: the last day of the target, from the day the step starts (None: no target)
    target: Callable[[date], date | None] | None = None


def _pip_target(notified: date) -> date | None:
    try:
        return engine.leerroute_deadline(notified).due
    except LookupError:  # before the Wi2021: no such target
        return None


def _dual_target(pip: date) -> date | None:
    try:
        return engine.dual_trajectory_deadline(pip).due
    except LookupError:
        return None


STEPS = (
    Step(
        "intake", _("DUO notification → intake completed"), lambda d: d.notified, lambda d: d.intake
    ),
    Step(
        "pip",
        _("DUO notification → PIP (target: 10 weeks)"),
        lambda d: d.notified,
        lambda d: d.pip,
        _pip_target,
    ),
    Step(
        "dual",
        _("PIP → start of the dual trajectory (target: 6 months)"),
        lambda d: d.pip,
        lambda d: d.start,
        _dual_target,
    ),
    Step(
        "placement",
        _("Start of the dual trajectory → first placement"),
        lambda d: d.start,
        lambda d: d.placement,
    ),
    Step("paid", _("First placement → paid work"), lambda d: d.placement, lambda d: d.paid),
    Step("overall", _("DUO notification → paid work"), lambda d: d.notified, lambda d: d.paid),
)
COLUMNS = ("took", "within", "beyond", "share", "median", "waiting")


def dates_of(
    fact: PersonFacts,
    intake: intake_queries.IntakeFacts | None,
    placement: date | None,
    paid: date | None,
) -> Dates:
    return Dates(
        notified=fact.trajectory.notified_on,
        intake=intake.completed_on if intake else None,
        pip=fact.trajectory.pip_on,
        start=fact.start,
        placement=placement,
        paid=paid,
    )


def build(population: Population, *, collect: bool = False) -> Report:
    ids, as_of = population.ids, population.as_of
    intakes = intake_queries.report_intakes(population.persons)
    first_placement: dict[int, date] = {}
    for placement in placement_queries.report_placements(population.persons):
        if placement.person_id in ids and placement.started_on is not None:
            current = first_placement.get(placement.person_id)
            if current is None or placement.started_on < current:
                first_placement[placement.person_id] = placement.started_on
    first_paid: dict[int, date] = {}
    for outcome in placement_queries.report_outcomes(population.persons):
        if outcome.person_id in ids and outcome.kind == "paid_job":
            current = first_paid.get(outcome.person_id)
            if current is None or outcome.started_on < current:
                first_paid[outcome.person_id] = outcome.started_on
    tally = Tally(collect=collect)
    days: dict[str, list[int]] = {step.key: [] for step in STEPS}
    for fact in population.facts:
        person = fact.person_id
        dates = dates_of(
            fact, intakes.get(person), first_placement.get(person), first_paid.get(person)
        )
        for step in STEPS:
            since, until = step.since(dates), step.until(dates)
            if since is None or since > as_of:
                continue
            due = step.target(since) if step.target else None
            if step.target is not None and due is None:
                continue  # before the Wi2021 the step had no target: not counted
            if until is not None and until <= as_of:
                tally.add(f"{step.key}.took", person)
                days[step.key].append(max((until - since).days, 0))
                if due is not None:
                    tally.add(f"{step.key}.{'within' if until <= due else 'beyond'}", person)
            elif due is not None and due < as_of:
                tally.add(f"{step.key}.waiting", person)
    builder = ReportBuilder(tally)
    labels: dict[str, StrOrPromise] = {
        "took": _("Took this step"),
        "within": _("Within the target"),
        "beyond": _("Later than the target"),
        "share": _("Share within the target"),
        "median": _("Median (days)"),
        "waiting": _("Waiting, past the target"),
    }
    units = {"share": Unit.PERCENT, "median": Unit.DAYS}
    table = builder.table(
        Table(
            "milestones",
            _("Time to milestones"),
            _(
                "Per step the persons who took it, whether they did so within the target of "
                "the law (PIP within 10 weeks of DUO's notification) or of the seeds (dual "
                "trajectory within 6 months of the PIP), and the median number of days."
            ),
            [Column(key, labels[key], units.get(key, Unit.PERSONS)) for key in COLUMNS],
            chart_columns=("within", "beyond"),
            chart_rows=("pip", "dual"),
        )
    )
    for step in STEPS:
        table.add_row(step.key, step.label)
        took = f"{step.key}.took"
        table.cells[(step.key, "took")] = builder.tallied(took)
        table.cells[(step.key, "median")] = Derived(
            float(statistics.median(days[step.key])) if days[step.key] else None,
            Unit.DAYS,
            group=(took,),
        )
        if step.target is None:
            for column in ("within", "beyond", "share", "waiting"):
                table.cells[(step.key, column)] = NotApplicable()
            continue
        within = f"{step.key}.within"
        table.cells[(step.key, "within")] = builder.tallied(within)
        table.cells[(step.key, "beyond")] = builder.tallied(f"{step.key}.beyond")
        table.cells[(step.key, "waiting")] = builder.tallied(f"{step.key}.waiting")
        table.cells[(step.key, "share")] = Derived(
            share(tally[within], tally[took]), Unit.PERCENT, (within, took)
        )
        builder.equation(took, [within, f"{step.key}.beyond"])
    return builder.finish(kind=KIND, title=TITLE, selection=population.selection, as_of=as_of)
