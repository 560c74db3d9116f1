"""Whole selections are counted in the database (no drill-down, PostgreSQL): the funnel and
outcomes give the same figures as counted person by person, for every cohort basis and
granularity, over a cohort with every kind of end and outcome."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spil.reports import facts, funnel
from spil.reports.selection import Basis, Granularity
from spil.reports.tests.support import Out, Spec, make_person, selection_of
from spil.reports.tests.test_funnel import AS_OF, known_cohort
from spil.testing import World

pytestmark = pytest.mark.django_db


def more(world: World) -> None:
    """Ends of every kind, outcomes that end, several paid jobs, a month-end start."""
    b = world.gemeente_b
    make_person(
        b,
        Spec(
            start=date(2024, 1, 31),
            pip=date(2023, 12, 1),
            outcomes=[
                Out("paid_job", date(2024, 3, 1), date(2024, 9, 30), 20, True),
                Out("paid_job", date(2024, 5, 1), None, None, None),
            ],
        ),
    )
    make_person(
        b,
        Spec(
            start=date(2024, 8, 31),
            status="exempt",
            end_reason="ontheffing",
            ended_on=date(2025, 3, 1),
        ),
    )
    make_person(
        b,
        Spec(
            start=date(2023, 5, 1),
            status="moved",
            end_reason="moved",
            ended_on=None,
            outcomes=[Out("volunteering", date(2023, 7, 1))],
        ),
    )
    make_person(
        b,
        Spec(
            start=date(2022, 2, 28),
            status="completed",
            end_reason="exam_passed",
            ended_on=date(2025, 2, 28),
            outcomes=[
                Out("education", date(2023, 1, 1), date(2025, 2, 28)),
                Out("participation", date(2024, 1, 1)),
                Out("paid_job", date(2025, 2, 1), None, 40, False),
            ],
        ),
    )
    make_person(b, Spec(start=None, pip=date(2026, 10, 1)))
    make_person(
        b,
        Spec(
            start=date(2027, 1, 4),
            status="withdrawn",
            end_reason="withdrawn",
            ended_on=date(2026, 11, 1),
        ),
    )


@pytest.mark.parametrize("basis", list(Basis))
@pytest.mark.parametrize("granularity", list(Granularity))
def test_the_same_figures_either_way(world: World, basis: Basis, granularity: Granularity) -> None:
    known_cohort(world)
    more(world)
    selection = selection_of(
        world.regio, [world.gemeente_a, world.gemeente_b], basis=basis, granularity=granularity
    )
    population = facts.population(selection, AS_OF)
    assert population.counted_in_sql
    with CaptureQueriesContext(connection) as queries:
        counted = funnel.build(population)
    in_database = any("make_interval" in q["sql"] for q in queries.captured_queries)
    assert in_database == (connection.vendor == "postgresql")
    per_person = funnel.build(facts.population(selection, AS_OF), collect=True)
    assert counted.values == per_person.values
    assert counted.state == per_person.state
    assert [r.key for r in counted.tables[1].rows] == [r.key for r in per_person.tables[1].rows]
