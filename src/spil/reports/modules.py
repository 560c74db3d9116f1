"""MAP and PVT: who follows them, who completed them (the MAP's eindgesprek, the signed
participation statement, as sent to DUO), e-learning, hours delivered against planned,
who reached the hours the rules require, and the attendance rate."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from spil.programmes import queries as programme_queries
from spil.reports.facts import Population
from spil.reports.tables import (
    Column,
    Derived,
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

KIND = "map-pvt"
TITLE = _("MAP and PVT")
MODULES: dict[str, StrOrPromise] = {"map": _("MAP"), "pvt": _("PVT")}


def required_hours(kind: str, population: Population) -> int:
    if kind == "map":
        return engine.rule("map_min_practice_hours", population.as_of).as_int()
    return engine.pvt_required_hours(population.as_of)


def build(population: Population, *, collect: bool = False) -> Report:
    ids = population.ids
    modules = programme_queries.report_modules(population.persons)
    tally = Tally(collect=collect)
    hours = {kind: Decimal(0) for kind in MODULES}
    planned = {kind: Decimal(0) for kind in MODULES}
    sessions = dict.fromkeys(MODULES, 0)
    attended = dict.fromkeys(MODULES, 0)
    for (person, kind), fact in sorted(modules.items()):
        if person not in ids:
            continue
        tally.add(f"{kind}.persons", person)
        done = fact.completed_on is not None and fact.completed_on <= population.as_of
        tally.add(f"{kind}.{'completed' if done else 'open'}", person)
        if fact.elearning:
            tally.add(f"{kind}.elearning", person)
            tally.add(f"{kind}.elearning_{'completed' if done else 'open'}", person)
        if fact.hours >= required_hours(kind, population):
            tally.add(f"{kind}.required", person)
        hours[kind] += fact.hours
        planned[kind] += fact.planned_hours
        sessions[kind] += fact.sessions
        attended[kind] += fact.attended
    builder = ReportBuilder(tally)
    table = builder.table(
        Table(
            "modules",
            TITLE,
            _(
                "Persons in a MAP or PVT group or with hours for it; completed means the "
                "result went to DUO. Hours count attended sessions and hours a provider "
                "reported; planned hours come from the week plans."
            ),
            [Column(kind, label) for kind, label in MODULES.items()],
            chart_columns=tuple(MODULES),
            chart_rows=("completed", "open", "required"),
        )
    )
    rows: list[tuple[str, StrOrPromise, int]] = [
        ("persons", _("Persons in the module"), 0),
        ("completed", _("Completed"), 1),
        ("open", _("Not completed yet"), 1),
        ("elearning", _("In an e-learning group"), 0),
        ("elearning_completed", _("Completed"), 1),
        ("elearning_open", _("Not completed yet"), 1),
        (
            "required",
            _("Reached the required hours (MAP %(map)s, PVT %(pvt)s)")
            % {
                "map": required_hours("map", population),
                "pvt": required_hours("pvt", population),
            },
            0,
        ),
    ]
    for key, label, level in rows:
        table.add_row(key, label, level)
        for kind in MODULES:
            table.cells[(key, kind)] = builder.tallied(f"{kind}.{key}")
    derived_rows: list[tuple[str, StrOrPromise]] = [
        ("hours", _("Hours delivered")),
        ("planned", _("Hours planned")),
        ("delivered_share", _("Delivered as a share of planned")),
        ("attendance", _("Attendance rate (sessions attended)")),
    ]
    for key, label in derived_rows:
        table.add_row(key, label)
    for kind in MODULES:
        persons = f"{kind}.persons"
        builder.equation(persons, [f"{kind}.completed", f"{kind}.open"])
        builder.equation(
            f"{kind}.elearning", [f"{kind}.elearning_completed", f"{kind}.elearning_open"]
        )
        table.cells[("hours", kind)] = Derived(float(hours[kind]), Unit.HOURS, group=(persons,))
        table.cells[("planned", kind)] = Derived(float(planned[kind]), Unit.HOURS, group=(persons,))
        table.cells[("delivered_share", kind)] = Derived(
            share(float(hours[kind]), float(planned[kind])) if planned[kind] else None,
            Unit.PERCENT,
            group=(persons,),
        )
        table.cells[("attendance", kind)] = Derived(
            share(attended[kind], sessions[kind]), Unit.PERCENT, group=(persons,)
        )
    return builder.finish(
        kind=KIND, title=TITLE, selection=population.selection, as_of=population.as_of
    )
