"""The national-monitor export: the selection's figures in the layout of CBS's
"Statistiek Wet inburgering" tables, so a gemeente can put its own figures beside the
national ones (docs/reports.md, "National-monitor export").

One row per gemeente, cohort and characteristic (all persons, each leerroute, each
doelgroep), one column per measure: persons in the cohort, PIP, start of the dual
trajectory, status on the reference date (active, obligation met, exempt, moved, stopped)
and what people do on that date (paid work full-time or part-time, with a benefit,
education, volunteering and participation). A regio's export lists each of its
gemeenten; a gemeente and cohort without persons has no rows. The sums between rows and
columns are equations of the suppression, so a "< 5" cannot be worked out from any total.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from spil.placements import queries as placement_queries
from spil.placements.queries import OutcomeFacts
from spil.reports import queries
from spil.reports.facts import End, PersonFacts, Population
from spil.reports.funnel import FULL_TIME_HOURS, holds_on, outcomes_by_person
from spil.reports.selection import cohort_of
from spil.reports.tables import Column, Report, ReportBuilder, Table, Tally

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KIND = "monitor"
TITLE = _("National monitor (CBS layout)")

#: the measures, in the order of CBS's tables: (code, label)
MEASURES: tuple[tuple[str, StrOrPromise], ...] = (
    ("inburgeringsplichtigen", _("Persons in the cohort")),
    ("pip_vastgesteld", _("PIP established")),
    ("zonder_pip", _("No PIP yet")),
    ("duaal_gestart", _("Dual trajectory started")),
    ("actief", _("Still active")),
    ("voldaan", _("Obligation met")),
    ("ontheffing", _("Exempt")),
    ("verhuisd", _("Moved")),
    ("gestopt", _("Stopped")),
    ("betaald_werk", _("Paid work")),
    ("werk_voltijd", _("Paid work, full-time")),
    ("werk_deeltijd", _("Paid work, part-time or hours not recorded")),
    ("werk_met_uitkering", _("Paid work with a benefit")),
    ("onderwijs", _("Education")),
    ("participatie", _("Volunteering and participation")),
)
MEASURE_CODES = tuple(code for code, _label in MEASURES)
STATUS_CODES = ("actief", "voldaan", "ontheffing", "verhuisd", "gestopt")
_END_CODES = {
    End.MET: "voldaan",
    End.COMPLETED: "voldaan",
    End.EXEMPT: "ontheffing",
    End.MOVED: "verhuisd",
    End.STOPPED: "gestopt",
}
#: the characteristics (CBS: "kenmerk"): all persons, then by leerroute, then by doelgroep
LEERROUTEN = ("b1", "onderwijs", "z", "onbekend")
DOELGROEPEN = ("asiel", "gezin_overig", "onbekend")
CHARACTERISTICS = (
    "totaal",
    *(f"leerroute_{r}" for r in LEERROUTEN),
    *(f"doelgroep_{d}" for d in DOELGROEPEN),
)
CHARACTERISTIC_LABELS: dict[str, StrOrPromise] = {
    "totaal": _("All persons"),
    "leerroute_b1": _("Learning route B1"),
    "leerroute_onderwijs": _("Learning route education"),
    "leerroute_z": _("Z-route"),
    "leerroute_onbekend": _("Learning route not yet set"),
    "doelgroep_asiel": _("Asylum permit holders"),
    "doelgroep_gezin_overig": _("Family and other migrants"),
    "doelgroep_onbekend": _("Target group not recorded"),
}
#: the dimension columns of the export, before the measures
DIMENSIONS = ("gemeentecode", "gemeente", "cohort", "kenmerk")


def _measures_of(fact: PersonFacts, as_of: date, outcomes: Sequence[OutcomeFacts]) -> list[str]:
    """The measures one person counts in, on the reference date `as_of`."""
    found = ["inburgeringsplichtigen"]
    found.append("pip_vastgesteld" if fact.trajectory.pip_on else "zonder_pip")
    if fact.started_by(as_of):
        found.append("duaal_gestart")
    end = fact.ended_by(as_of)
    found.append("actief" if end is None else _END_CODES[end])
    holding = [o for o in outcomes if holds_on(o, as_of)]
    paid = [o for o in holding if o.kind == "paid_job"]
    if paid:
        found.append("betaald_werk")
        hours = [o.hours_per_week for o in paid if o.hours_per_week is not None]
        full = bool(hours) and max(hours) >= FULL_TIME_HOURS
        found.append("werk_voltijd" if full else "werk_deeltijd")
        if any(o.with_benefit for o in paid):
            found.append("werk_met_uitkering")
    kinds = {o.kind for o in holding}
    if "education" in kinds:
        found.append("onderwijs")
    if kinds & {"volunteering", "participation"}:
        found.append("participatie")
    return found


def _characteristics(fact: PersonFacts) -> tuple[str, str, str]:
    route = fact.trajectory.leerroute if fact.trajectory.leerroute in LEERROUTEN else "onbekend"
    group = fact.trajectory.doelgroep if fact.trajectory.doelgroep in DOELGROEPEN else "onbekend"
    return ("totaal", f"leerroute_{route}", f"doelgroep_{group}")


def row_key(area: str, cohort: str, characteristic: str) -> str:
    return f"{area}|{cohort}|{characteristic}"


def build(population: Population, *, collect: bool = False) -> Report:
    selection, as_of = population.selection, population.as_of
    outcomes = outcomes_by_person(
        placement_queries.report_outcomes(population.persons), population.ids
    )
    areas = {m.pk: m for m in queries.municipalities(selection.municipality_ids)}
    codes = {pk: f"GM{m.cbs_code}" if m.cbs_code else f"ID{pk}" for pk, m in areas.items()}
    tally = Tally(collect=collect)
    blocks: set[tuple[str, str]] = set()  # (gemeente, cohort) with persons
    for fact in population.facts:
        area = codes.get(fact.trajectory.municipality_id)
        if area is None:
            continue
        day = fact.basis_date(selection.basis)
        cohort = cohort_of(day, selection.granularity) if day else "geen"
        blocks.add((area, cohort))
        measures = _measures_of(fact, as_of, outcomes.get(fact.person_id, []))
        for characteristic in _characteristics(fact):
            for measure in measures:
                tally.add(f"m.{row_key(area, cohort, characteristic)}.{measure}", fact.person_id)
    builder = ReportBuilder(tally)
    table = builder.table(
        Table(
            "monitor",
            TITLE,
            _(
                "Per gemeente, cohort and characteristic: persons whose cohort date falls in "
                "the cohort, their PIP, their status and what they do on the date of the "
                "figures. The layout of CBS's Statistiek Wet inburgering; docs/reports.md "
                "describes every column."
            ),
            [Column(code, label) for code, label in MEASURES],
            chart_columns=("actief", "voldaan", "betaald_werk"),
        )
    )
    names = {codes[pk]: m.name for pk, m in areas.items()}
    chart_rows: list[str] = []
    for area, cohort in sorted(blocks):
        # A characteristic nobody in this gemeente and cohort has gets no row (it names no
        # one); the sums below leave it out.
        present = [
            c
            for c in CHARACTERISTICS
            if tally[f"m.{row_key(area, cohort, c)}.inburgeringsplichtigen"]
        ]
        for characteristic in present:
            key = row_key(area, cohort, characteristic)
            label = f"{names[area]} · {cohort} · {CHARACTERISTIC_LABELS[characteristic]}"
            table.add_row(key, label, 0 if characteristic == "totaal" else 1)
            table.dimensions[key] = {
                "gemeentecode": area,
                "gemeente": names[area],
                "cohort": cohort,
                "kenmerk": characteristic,
            }
            for measure in MEASURE_CODES:
                table.cells[(key, measure)] = builder.tallied(f"m.{key}.{measure}")
            _row_equations(builder, key)
        chart_rows.append(row_key(area, cohort, "totaal"))
        _cross_equations(builder, area, cohort, present)
    table.chart_rows = tuple(chart_rows)
    # Mostly small counts in many rows: cells hidden early stay hidden (as safe, faster).
    return builder.finish(kind=KIND, title=TITLE, selection=selection, as_of=as_of, reshow=False)


def _row_equations(builder: ReportBuilder, key: str) -> None:
    prefix = f"m.{key}"
    total = f"{prefix}.inburgeringsplichtigen"
    builder.equation(total, [f"{prefix}.pip_vastgesteld", f"{prefix}.zonder_pip"])
    builder.equation(total, [f"{prefix}.{code}" for code in STATUS_CODES])
    builder.equation(
        f"{prefix}.betaald_werk", [f"{prefix}.werk_voltijd", f"{prefix}.werk_deeltijd"]
    )


def _cross_equations(
    builder: ReportBuilder, area: str, cohort: str, present: Sequence[str]
) -> None:
    for measure in MEASURE_CODES:
        total = f"m.{row_key(area, cohort, 'totaal')}.{measure}"
        for prefix in ("leerroute_", "doelgroep_"):
            builder.equation(
                total,
                [
                    f"m.{row_key(area, cohort, c)}.{measure}"
                    for c in present
                    if c.startswith(prefix)
                ],
            )
