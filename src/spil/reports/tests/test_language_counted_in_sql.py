"""The language report counted in the database (whole selections, no drill-down) gives the
same figures as counted person by person (the drill-down's way), cell by cell."""

from __future__ import annotations

from datetime import date

import pytest

from spil.intake.models import Intake, IntakeStatus
from spil.programmes.models import LanguageResult
from spil.reports import facts, language
from spil.reports.tests.support import Spec, make_person, selection_of
from spil.testing import World

pytestmark = pytest.mark.django_db


def test_the_same_figures_either_way(world: World) -> None:
    levels = ["A0", "A1", "0", "A2", "", "B1"]
    for n in range(24):
        person = make_person(world.gemeente_a, Spec(start=date(2025, 1, 6)))
        if n % 4 != 3:  # some have no intake: their first result counts as at intake
            Intake.objects.create(
                person=person,
                status=IntakeStatus.COMPLETED if n % 5 else IntakeStatus.IN_PROGRESS,
                answers={"taal": {"listening": levels[n % 6], "speaking": levels[(n + 1) % 6]}},
            )
        for months, level in ((3, "A1"), (9, "A2"), (15, "B1"))[: n % 4]:
            for skill in ("listening", "reading"):
                LanguageResult.objects.create(
                    person=person, skill=skill, level=level, on=date(2025, months % 12 + 1, 1)
                )
    population = facts.population(
        selection_of(world.gemeente_a, [world.gemeente_a]), date(2026, 11, 23)
    )
    assert population.counted_in_sql
    in_sql = language.build(population)
    per_person = language.build(population, collect=True)
    assert in_sql.values == per_person.values
    assert in_sql.state == per_person.state
    averages = [
        [cell.text for _row, cells in report.grid(report.tables[2]) for cell in cells]
        for report in (in_sql, per_person)
    ]
    assert averages[0] == averages[1]
    assert in_sql.values["persons.listening"] == 24
