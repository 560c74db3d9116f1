"""The funnel and outcomes report over a cohort with known answers: every count, every
cell as the reader sees it, and the suppression."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spil.reports import facts, funnel
from spil.reports.selection import Basis, Granularity
from spil.reports.suppression import exposed_keys
from spil.reports.tables import HIDDEN_MARK, NA_MARK, Report
from spil.reports.tests.support import (
    DORDRECHT,
    TAALSNELWEG,
    Out,
    Spec,
    assert_protected,
    column,
    make_person,
    selection_of,
    shown_column,
)
from spil.testing import World

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 23)
G1 = date(2024, 1, 8)  # a Monday: programme start of the first group
G2 = date(2025, 4, 7)
G3 = date(2026, 12, 7)  # not started yet on AS_OF


def known_cohort(world: World) -> None:
    """18 started in two groups, 3 enrolled for a later start (see the expectations)."""
    a = world.gemeente_a
    completed: dict[str, Any] = {"enrolment_status": "completed", "enrolment_end": date(2025, 1, 6)}
    people = [
        Spec(
            start=G1,
            **completed,
            outcomes=[
                Out("paid_job", date(2024, 6, 3), hours=38, benefit=False),
                Out("certificate", date(2024, 3, 1)),
            ],
        ),
        Spec(
            start=G1,
            **completed,
            outcomes=[Out("paid_job", date(2024, 9, 2), hours=20, benefit=True)],
        ),
        Spec(
            start=G1,
            **completed,
            outcomes=[
                Out("internship", date(2024, 2, 5), date(2024, 8, 30)),
                Out("paid_job", date(2025, 1, 6)),
            ],
        ),
        Spec(start=G1, **completed, outcomes=[Out("education", date(2024, 5, 1))]),
        Spec(
            start=G1,
            enrolment_status="stopped",
            enrolment_end=date(2024, 5, 6),
            outcomes=[Out("volunteering", date(2024, 2, 1), date(2024, 4, 30))],
        ),
        Spec(start=G1, status="moved", end_reason="moved", ended_on=date(2024, 9, 1)),
        Spec(
            start=G1,
            status="completed",
            end_reason="exam_passed",
            ended_on=date(2025, 10, 1),
            outcomes=[
                Out("certificate", date(2024, 12, 1)),
                Out("participation", date(2024, 3, 1), date(2025, 3, 1)),
            ],
        ),
        Spec(start=G1, outcomes=[Out("internship", date(2024, 6, 1))]),
        Spec(start=G1),
        Spec(start=G1),
        Spec(start=G2, status="exempt", end_reason="exemption", ended_on=date(2025, 6, 1)),
        Spec(start=G2, outcomes=[Out("paid_job", date(2025, 8, 4), hours=36, benefit=False)]),
        Spec(start=G2, outcomes=[Out("internship", date(2025, 6, 2), date(2026, 1, 30))]),
        Spec(start=G2, outcomes=[Out("volunteering", date(2025, 5, 5))]),
        Spec(start=G2, outcomes=[Out("certificate", date(2026, 2, 2))]),
        Spec(start=G2),
        Spec(start=G2),
        Spec(start=G2),
        Spec(start=G3),
        Spec(start=G3),
        Spec(start=G3),
    ]
    for spec in people:
        make_person(a, spec)
    # Not in the selection: another programme, another gemeente, nobody started.
    make_person(a, Spec(start=G1, template=TAALSNELWEG, outcomes=[Out("paid_job", G1)]))
    make_person(world.gemeente_b, Spec(start=G1, outcomes=[Out("paid_job", G1)]))
    make_person(a, Spec())


def report_for(world: World, **kwargs: Any) -> Report:
    selection = selection_of(world.gemeente_a, [world.gemeente_a], template=DORDRECHT, **kwargs)
    return funnel.build(facts.population(selection, AS_OF))


def test_every_count_of_the_funnel_and_the_cohorts(world: World) -> None:
    known_cohort(world)
    report = report_for(world)
    assert column(report, "funnel", "persons") == {
        "total": 21,
        "not_started": 3,
        "started": 18,
        "active": 10,
        "ended": 8,
        "ended_met": 1,
        "ended_completed": 4,
        "ended_exempt": 1,
        "ended_moved": 1,
        "ended_stopped": 1,
    }
    cohorts = {c: column(report, "cohorts", c) for c in funnel.COHORT_COLUMNS}
    assert cohorts == {
        "total": {"2024-Q1": 10, "2025-Q2": 8, "2026-Q4": 3, "all": 21},
        "not_started": {"2024-Q1": 0, "2025-Q2": 0, "2026-Q4": 3, "all": 3},
        "started": {"2024-Q1": 10, "2025-Q2": 8, "2026-Q4": 0, "all": 18},
        "active": {"2024-Q1": 3, "2025-Q2": 7, "2026-Q4": 0, "all": 10},
        "ended": {"2024-Q1": 7, "2025-Q2": 1, "2026-Q4": 0, "all": 8},
    }


def test_every_count_of_the_outcomes_at_each_moment(world: World) -> None:
    known_cohort(world)
    report = report_for(world)
    zero = dict.fromkeys([key for key, _label, _level in funnel.outcome_rows()], 0)
    assert column(report, "outcomes", "6") == {
        **zero,
        "reached": 18, "active": 16, "ended_exempt": 1, "ended_stopped": 1,
        "with_outcome": 8, "without_outcome": 10,
        "paid": 2, "full_time": 2, "without_benefit": 2,
        "internship": 3, "education": 1, "participation": 2, "certificate": 1,
        "outcomes": 9,
    }  # fmt: skip
    assert column(report, "outcomes", "12") == {
        **zero,
        "reached": 18, "active": 11, "ended_completed": 4, "ended_exempt": 1,
        "ended_moved": 1, "ended_stopped": 1,
        "with_outcome": 9, "without_outcome": 9,
        "paid": 4, "full_time": 2, "part_time": 1, "hours_unknown": 1,
        "with_benefit": 1, "without_benefit": 2, "benefit_unknown": 1,
        "internship": 1, "education": 1, "participation": 2, "certificate": 3,
        "outcomes": 11,
    }  # fmt: skip
    assert column(report, "outcomes", "18") == {
        **zero,
        "reached": 18, "active": 11, "ended_completed": 4, "ended_exempt": 1,
        "ended_moved": 1, "ended_stopped": 1,
        "with_outcome": 9, "without_outcome": 9,
        "paid": 4, "full_time": 2, "part_time": 1, "hours_unknown": 1,
        "with_benefit": 1, "without_benefit": 2, "benefit_unknown": 1,
        "internship": 1, "education": 1, "participation": 1, "certificate": 3,
        "outcomes": 10,
    }  # fmt: skip
    assert column(report, "outcomes", "36") == zero
    at_end = {key: value for key, value in zero.items() if key != "active"}
    assert column(report, "outcomes", "end") == {
        **at_end,
        "reached": 8, "ended_met": 1, "ended_completed": 4, "ended_exempt": 1,
        "ended_moved": 1, "ended_stopped": 1,
        "with_outcome": 5, "without_outcome": 3,
        "paid": 3, "full_time": 1, "part_time": 1, "hours_unknown": 1,
        "with_benefit": 1, "without_benefit": 1, "benefit_unknown": 1,
        "education": 1, "certificate": 2,
        "outcomes": 6,
    }  # fmt: skip


def test_what_the_reader_sees_hides_every_small_count_and_its_complements(world: World) -> None:
    known_cohort(world)
    report = report_for(world)
    assert_protected(report)
    assert exposed_keys(report.values, report.equations, report.state) == []
    # Below five: "< 5", whatever the neighbours.
    funnel_cells = shown_column(report, "funnel", "persons")
    for key in ("not_started", "ended_met", "ended_completed", "ended_exempt", "ended_moved"):
        assert funnel_cells[key] == "< 5"
    assert funnel_cells["total"] == "21"
    # 21 in the selection, 3 of them not started: "started" (18) cannot stay visible, or
    # 21 - 18 gives the 3 away; and started = active + ended must not give it back.
    assert funnel_cells["started"] == HIDDEN_MARK
    assert HIDDEN_MARK in (funnel_cells["active"], funnel_cells["ended"])
    outcomes_12 = shown_column(report, "outcomes", "12")
    assert outcomes_12["reached"] == "18"
    assert outcomes_12["with_outcome"] == "9" and outcomes_12["without_outcome"] == "9"
    assert outcomes_12["paid"] == "< 5" and outcomes_12["full_time"] == "< 5"
    assert outcomes_12["active"] in {"11", HIDDEN_MARK}
    assert shown_column(report, "outcomes", "end")["active"] == NA_MARK
    # Outcome rows are no sum of each other (one person can have several): nothing else
    # is hidden for them.
    assert shown_column(report, "outcomes", "6")["without_outcome"] == "10"


def test_regio_counts_every_member_gemeente_and_other_programmes_only_without_a_filter(
    world: World,
) -> None:
    known_cohort(world)
    regio = world.regio
    everyone = funnel.build(
        facts.population(selection_of(regio, [world.gemeente_a, world.gemeente_b]), AS_OF)
    )
    # 21 + another programme + gemeente B + one not enrolled at all
    assert column(everyone, "funnel", "persons")["total"] == 24
    assert column(everyone, "funnel", "persons")["started"] == 20
    # Without a programme, a completed or stopped programme does not end the obligation.
    assert column(everyone, "funnel", "persons")["ended"] == 3


def test_cohorts_by_month_of_the_duo_notification_within_a_period(world: World) -> None:
    a = world.gemeente_a
    for day in (date(2025, 1, 6), date(2025, 1, 20), date(2025, 2, 3)):
        make_person(a, Spec(notified=day, start=date(2025, 3, 3)))
    make_person(a, Spec(notified=date(2025, 2, 10)))
    make_person(a, Spec(notified=date(2024, 12, 31), start=date(2025, 3, 3)))
    selection = selection_of(
        a,
        [a],
        basis=Basis.NOTIFICATION,
        granularity=Granularity.MONTH,
        period_from=date(2025, 1, 1),
        period_to=date(2025, 3, 31),
    )
    report = funnel.build(facts.population(selection, AS_OF))
    assert column(report, "cohorts", "total") == {"2025-01": 2, "2025-02": 2, "all": 4}
    assert column(report, "cohorts", "not_started") == {"2025-01": 0, "2025-02": 1, "all": 1}


def test_narrowing_by_learning_route_target_group_and_pip_cohort(world: World) -> None:
    a = world.gemeente_a
    make_person(a, Spec(start=G1, leerroute="z", pip=date(2024, 1, 2)))
    make_person(a, Spec(start=G1, leerroute="b1", pip=date(2024, 1, 2), doelgroep="gezin_overig"))
    make_person(a, Spec(start=G1, leerroute="b1", pip=date(2024, 4, 2)))
    make_person(a, Spec(start=G1, leerroute="b1"))
    by_route = funnel.build(facts.population(selection_of(a, [a], leerroute="z"), AS_OF))
    assert column(by_route, "funnel", "persons")["total"] == 1
    by_group = funnel.build(facts.population(selection_of(a, [a], doelgroep="asiel"), AS_OF))
    assert column(by_group, "funnel", "persons")["total"] == 3
    by_pip = funnel.build(
        facts.population(
            selection_of(
                a, [a], basis=Basis.PIP, period_from=date(2024, 1, 1), period_to=date(2024, 3, 31)
            ),
            AS_OF,
        )
    )
    assert column(by_pip, "funnel", "persons")["total"] == 2
    assert column(by_pip, "cohorts", "total") == {"2024-Q1": 2, "all": 2}


def test_queries_do_not_grow_with_the_number_of_persons(world: World) -> None:
    a = world.gemeente_a
    selection = selection_of(a, [a], template=DORDRECHT)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            funnel.build(facts.population(selection, AS_OF))
        return len(captured)

    make_person(a, Spec(start=G1, outcomes=[Out("paid_job", G1)]))
    few = queries()
    for _ in range(12):
        make_person(a, Spec(start=G2, outcomes=[Out("internship", G2), Out("certificate", G2)]))
    assert queries() == few == 3
