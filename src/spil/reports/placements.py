"""Placements: started, still running, converted to paid work or ended without it, and of
those converted whose six months of aftercare have passed, who still works.

Placements are counted (a person can have several); the aftercare table counts persons.
Still working after the aftercare: a paid-work outcome of the person holds on the day the
aftercare ends (the rules engine's `aftercare_end`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from spil.placements import queries as placement_queries
from spil.reports.facts import Population
from spil.reports.funnel import holds_on, outcomes_by_person
from spil.reports.tables import Column, Derived, Report, ReportBuilder, Table, Tally, Unit, share
from spil.rules import engine

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KIND = "placements"
TITLE = _("Placements and paid work")
RUNNING = frozenset({"started", "evaluated"})


def build(population: Population, *, collect: bool = False) -> Report:
    ids, as_of = population.ids, population.as_of
    paid = {
        person: [o for o in outcomes if o.kind == "paid_job"]
        for person, outcomes in outcomes_by_person(
            placement_queries.report_outcomes(population.persons), ids
        ).items()
    }
    tally = Tally(collect=collect)
    aftercare_done: set[int] = set()
    for placement in placement_queries.report_placements(population.persons):
        person = placement.person_id
        if person not in ids or placement.started_on is None or placement.started_on > as_of:
            continue
        tally.add("placements.started", person)
        if placement.status == "converted" and placement.job_started_on is not None:
            tally.add("placements.converted", person)
            # the end set at conversion (the municipality may choose its own months)
            end = placement.aftercare_until or engine.aftercare_end(placement.job_started_on).due
            if end <= as_of and person not in aftercare_done:
                aftercare_done.add(person)
                tally.add("aftercare.reached", person)
                working = any(holds_on(o, end) for o in paid.get(person, []))
                tally.add(f"aftercare.{'working' if working else 'not_working'}", person)
        elif placement.status in RUNNING and (
            placement.ended_on is None or placement.ended_on > as_of
        ):
            tally.add("placements.running", person)
        else:
            tally.add("placements.ended", person)
    builder = ReportBuilder(tally)
    table = builder.table(
        Table(
            "placements",
            _("Placements"),
            _(
                "Placements (internships, work experience, learn-work places, volunteering, "
                "jobs) that started; a person can have several."
            ),
            [Column("placements", _("Placements"))],
            chart_columns=("placements",),
        )
    )
    rows: list[tuple[str, StrOrPromise, int]] = [
        ("started", _("Started"), 0),
        ("running", _("Still running"), 1),
        ("converted", _("Converted to paid work"), 1),
        ("ended", _("Ended without paid work"), 1),
    ]
    for key, label, level in rows:
        table.add_row(key, label, level)
        table.cells[(key, "placements")] = builder.tallied(f"placements.{key}")
    builder.equation(
        "placements.started",
        ["placements.running", "placements.converted", "placements.ended"],
    )
    table.add_row("conversion", _("Share converted to paid work"))
    table.cells[("conversion", "placements")] = Derived(
        share(tally["placements.converted"], tally["placements.started"]),
        Unit.PERCENT,
        ("placements.converted", "placements.started"),
    )
    aftercare = builder.table(
        Table(
            "aftercare",
            _("Six months of aftercare"),
            _(
                "Persons whose placement became paid work and whose six months of aftercare "
                "have passed: do they still work?"
            ),
            [Column("persons", _("Persons"))],
            chart_columns=("persons",),
        )
    )
    for key, label, level in (
        ("reached", _("Aftercare ended"), 0),
        ("working", _("Still working"), 1),
        ("not_working", _("No longer working"), 1),
    ):
        aftercare.add_row(key, label, level)
        aftercare.cells[(key, "persons")] = builder.tallied(f"aftercare.{key}")
    builder.equation("aftercare.reached", ["aftercare.working", "aftercare.not_working"])
    return builder.finish(kind=KIND, title=TITLE, selection=population.selection, as_of=as_of)
