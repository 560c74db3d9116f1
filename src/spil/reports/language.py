"""Language: CEFR per skill (listening, speaking, reading, writing) at intake and at the
latest result, as distributions, and the progress in CEFR steps between the two.

At intake: the level the broad intake recorded for the skill, else the person's first
result for it. Latest: the latest result (a language school's report or the API), else
the level at intake. Progress counts persons measured twice: at intake and at least once
after (a result later than the intake's level, or a second result).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from spil.intake import queries as intake_queries
from spil.programmes import queries as programme_queries
from spil.programmes.models import CEFR_LEVELS, Skill
from spil.reports.facts import Population
from spil.reports.tables import Column, Derived, Report, ReportBuilder, Table, Tally, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KIND = "language"
TITLE = _("Language (CEFR per skill)")
SKILLS = (Skill.LISTENING, Skill.SPEAKING, Skill.READING, Skill.WRITING)
UNKNOWN = "unknown"
STEPS = ("lower", "none", "one", "two", "three")
STEP_LABELS: dict[str, StrOrPromise] = {
    "lower": _("Lower than at intake"),
    "none": _("No step yet"),
    "one": _("1 step"),
    "two": _("2 steps"),
    "three": _("3 steps or more"),
}


def step_of(first: str, latest: str) -> int:
    return CEFR_LEVELS.index(latest) - CEFR_LEVELS.index(first)


def step_row(steps: int) -> str:
    if steps < 0:
        return "lower"
    return STEPS[min(steps, 3) + 1]


def levels_of(
    at_intake: str | None, first: str | None, latest: str | None, several: bool
) -> tuple[str, str, bool]:
    """A person's level of one skill at intake and now, and whether they were measured
    twice: the intake's level, else the first result; the latest result, else the
    intake's level."""
    if at_intake is not None:
        return at_intake, latest or at_intake, latest is not None
    if first is not None and latest is not None:
        return first, latest, several
    return UNKNOWN, UNKNOWN, False


def _count(
    tally: Tally,
    total_steps: dict[str, int],
    skill: str,
    levels: tuple[str, str, bool],
    person: int,
    persons: int = 1,
) -> None:
    first, latest, measured_twice = levels
    tally.add(f"intake.{skill}.{first}", person, persons)
    tally.add(f"latest.{skill}.{latest}", person, persons)
    tally.add(f"persons.{skill}", person, persons)
    if measured_twice:
        steps = step_of(first, latest)
        tally.add(f"progress.{skill}.measured", person, persons)
        tally.add(f"progress.{skill}.{step_row(steps)}", person, persons)
        total_steps[skill] += steps * persons


def build(population: Population, *, collect: bool = False) -> Report:
    tally = Tally(collect=collect)
    total_steps: dict[str, int] = dict.fromkeys(SKILLS, 0)
    if population.counted_in_sql and not collect:
        # Counted in the database: a row per combination of levels, not per person.
        for counted in programme_queries.report_language_counts(population.persons):
            levels = levels_of(
                intake_queries.cefr_level(counted.intake_level),
                counted.first_level,
                counted.latest_level,
                counted.several_results,
            )
            _count(tally, total_steps, counted.skill, levels, 0, counted.persons)
    else:
        ids = population.ids
        intakes = intake_queries.report_intakes(population.persons)
        results: dict[tuple[int, str], programme_queries.LanguageFacts] = {
            (r.person_id, r.skill): r
            for r in programme_queries.report_language_results(population.persons)
            if r.person_id in ids
        }
        for person in sorted(ids):
            intake = intakes.get(person)
            for skill in SKILLS:
                result = results.get((person, skill))
                levels = levels_of(
                    intake.levels.get(skill) if intake else None,
                    result.first_level if result else None,
                    result.latest_level if result else None,
                    result is not None and result.results > 1,
                )
                _count(tally, total_steps, skill, levels, person)
    builder = ReportBuilder(tally)
    columns = [Column(skill.value, skill.label) for skill in SKILLS]
    for moment, title, description in (
        (
            "intake",
            _("CEFR level at intake"),
            _(
                "Persons per level and skill as the broad intake recorded it (else the first "
                "result)."
            ),
        ),
        (
            "latest",
            _("CEFR level now"),
            _("Persons per level and skill at their latest result."),
        ),
    ):
        table = builder.table(
            Table(
                moment,
                title,
                description,
                list(columns),
                chart_columns=tuple(c.key for c in columns),
            )
        )
        for level in (*CEFR_LEVELS, UNKNOWN):
            table.add_row(level, level if level != UNKNOWN else _("Not assessed"), 1)
            for skill in SKILLS:
                table.cells[(level, skill)] = builder.tallied(f"{moment}.{skill}.{level}")
        table.add_row("persons", _("Persons"))
        for skill in SKILLS:
            table.cells[("persons", skill)] = builder.tallied(f"persons.{skill}")
            builder.equation(
                f"persons.{skill}",
                [f"{moment}.{skill}.{level}" for level in (*CEFR_LEVELS, UNKNOWN)],
            )
        table.chart_rows = CEFR_LEVELS[:5]
    progress = builder.table(
        Table(
            "progress",
            _("Progress in CEFR steps"),
            _(
                "Persons measured at intake and at least once after, by the number of CEFR "
                "steps between the two (A1 to A2 is one step)."
            ),
            list(columns),
            chart_columns=tuple(c.key for c in columns),
            chart_rows=STEPS,
        )
    )
    progress.add_row("measured", _("Measured twice"))
    for row in STEPS:
        progress.add_row(row, STEP_LABELS[row], 1)
    progress.add_row("average", _("Average progress (steps)"))
    for skill in SKILLS:
        measured = f"progress.{skill}.measured"
        progress.cells[("measured", skill)] = builder.tallied(measured)
        for row in STEPS:
            progress.cells[(row, skill)] = builder.tallied(f"progress.{skill}.{row}")
        builder.equation(measured, [f"progress.{skill}.{row}" for row in STEPS])
        count = tally[measured]
        progress.cells[("average", skill)] = Derived(
            total_steps[skill] / count if count else None, Unit.DECIMAL, group=(measured,)
        )
    return builder.finish(
        kind=KIND, title=TITLE, selection=population.selection, as_of=population.as_of
    )
