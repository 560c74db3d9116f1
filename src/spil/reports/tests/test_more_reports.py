"""Language, time to milestones, MAP and PVT, and placements: cohorts with known
answers, every count asserted, and what the reader sees protected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from spil.intake.models import Intake, IntakeStatus
from spil.persons.models import Person
from spil.placements.models import Outcome, Placement, PlacementOffer
from spil.programmes.models import (
    Attendance,
    DuoResult,
    Enrolment,
    Group,
    GroupMember,
    HoursEntry,
    LanguageResult,
    PlanItem,
    ProgrammeTemplate,
    Session,
)
from spil.reports import facts, language, milestones, modules, placements
from spil.reports.tables import HIDDEN_MARK, NA_MARK, Derived, Report
from spil.reports.tests.support import (
    DORDRECHT,
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
TZ = ZoneInfo("Europe/Amsterdam")


def run(builder: Callable[[facts.Population], Report], world: World) -> Report:
    a = world.gemeente_a
    report: Report = builder(facts.population(selection_of(a, [a]), AS_OF))
    assert_protected(report)
    return report


def intake(person: Person, *, completed: date | None = None, **levels: str) -> None:
    Intake.objects.create(
        person=person,
        status=IntakeStatus.COMPLETED if completed else IntakeStatus.IN_PROGRESS,
        completed_at=datetime.combine(completed, time(10), tzinfo=TZ) if completed else None,
        answers={"taal": levels},
    )


def result(person: Person, skill: str, level: str, on: date) -> None:
    LanguageResult.objects.create(person=person, skill=skill, level=level, on=on)


def derived(report: Report, table: str, row: str, col: str) -> float | None:
    cell = next(t for t in report.tables if t.key == table).cell(row, col)
    assert isinstance(cell, Derived)
    return cell.value


# --------------------------------------------------------------------------- language


def test_cefr_per_skill_at_intake_now_and_the_progress(world: World) -> None:
    a = world.gemeente_a
    people = [make_person(a, Spec()) for _ in range(10)]
    p1, p2, p3, p4, p5 = people[:5]
    intake(
        p1, completed=date(2025, 1, 20), listening="A1", speaking="A1", reading="0", writing="A0"
    )
    result(p1, "reading", "A1", date(2025, 3, 3))
    result(p1, "reading", "A2", date(2025, 9, 1))
    result(p1, "speaking", "A2", date(2025, 9, 1))
    intake(p2, completed=date(2025, 1, 20), listening="A2")
    result(p2, "listening", "B1", date(2025, 9, 1))
    result(p3, "writing", "A1", date(2025, 1, 6))
    result(p3, "writing", "A2", date(2025, 6, 2))
    result(p4, "reading", "A2", date(2025, 6, 2))
    intake(p5, completed=date(2025, 1, 20), listening="B1")
    result(p5, "listening", "A2", date(2025, 9, 1))
    report = run(language.build, world)
    levels = ("A0", "A1", "A2", "B1", "B2", "C1", "C2", "unknown")
    zero = dict.fromkeys(levels, 0)
    intake_cols = {s.value: column(report, "intake", s) for s in language.SKILLS}
    assert intake_cols["listening"] == {
        **zero,
        "A1": 1,
        "A2": 1,
        "B1": 1,
        "unknown": 7,
        "persons": 10,
    }
    assert intake_cols["speaking"] == {**zero, "A1": 1, "unknown": 9, "persons": 10}
    assert intake_cols["reading"] == {**zero, "A0": 1, "A2": 1, "unknown": 8, "persons": 10}
    assert intake_cols["writing"] == {**zero, "A0": 1, "A1": 1, "unknown": 8, "persons": 10}
    latest = {s.value: column(report, "latest", s) for s in language.SKILLS}
    assert latest["listening"] == {**zero, "A1": 1, "A2": 1, "B1": 1, "unknown": 7, "persons": 10}
    assert latest["speaking"] == {**zero, "A2": 1, "unknown": 9, "persons": 10}
    assert latest["reading"] == {**zero, "A2": 2, "unknown": 8, "persons": 10}
    assert latest["writing"] == {**zero, "A0": 1, "A2": 1, "unknown": 8, "persons": 10}
    steps = dict.fromkeys(language.STEPS, 0)
    progress = {s.value: column(report, "progress", s) for s in language.SKILLS}
    assert progress["listening"] == {**steps, "measured": 2, "lower": 1, "one": 1}
    assert progress["speaking"] == {**steps, "measured": 1, "one": 1}
    assert progress["reading"] == {**steps, "measured": 1, "two": 1}
    assert progress["writing"] == {**steps, "measured": 1, "one": 1}
    assert derived(report, "progress", "average", "listening") == 0.0
    assert derived(report, "progress", "average", "reading") == 2.0
    # Measured by fewer than five: the average would tell about one or two persons.
    assert shown_column(report, "progress", "reading")["average"] == HIDDEN_MARK
    assert shown_column(report, "intake", "listening")["persons"] == "10"


# --------------------------------------------------------------------------- milestones


def milestone_person(
    world: World,
    *,
    notified: date,
    intake_on: date | None = None,
    pip: date | None = None,
    start: date | None = None,
    placement: date | None = None,
    paid: date | None = None,
) -> Person:
    person = make_person(world.gemeente_a, Spec(notified=notified, pip=pip, start=start))
    if intake_on:
        intake(person, completed=intake_on)
    if placement:
        Placement.objects.create(
            person=person, offer=an_offer(world), status="started", started_on=placement
        )
    if paid:
        Outcome.objects.create(person=person, kind="paid_job", started_on=paid)
    return person


def an_offer(world: World) -> PlacementOffer:
    from spil.placements.tests.support import employer_of, offer

    return offer(employer_of(world))


def test_time_to_milestones_against_the_targets(world: World) -> None:
    jan = date(2025, 1, 6)
    for _ in range(7):
        milestone_person(
            world,
            notified=jan,
            intake_on=date(2025, 2, 3),  # 28 days
            pip=date(2025, 3, 10),  # 63 days: within 10 weeks
            start=date(2025, 8, 4),  # 147 days: within 6 months of the PIP
            placement=date(2025, 9, 1),  # 28 days
            paid=date(2026, 1, 5),  # 126 days; 364 from the notification
        )
    milestone_person(
        world,
        notified=jan,
        intake_on=date(2025, 3, 3),  # 56
        pip=date(2025, 4, 7),  # 91: later than 10 weeks
        start=date(2025, 12, 1),  # 238: later than 6 months
    )
    milestone_person(world, notified=date(2025, 6, 2))  # no PIP, 10 weeks long past
    milestone_person(world, notified=date(2026, 11, 2))  # no PIP, still within 10 weeks
    milestone_person(world, notified=jan, pip=date(2025, 3, 3))  # 56; no start, 6 months past
    report = run(milestones.build, world)
    took = column(report, "milestones", "took")
    assert took == {"intake": 8, "pip": 9, "dual": 8, "placement": 7, "paid": 7, "overall": 7}
    assert column(report, "milestones", "within") == {"pip": 8, "dual": 7}
    assert column(report, "milestones", "beyond") == {"pip": 1, "dual": 1}
    assert column(report, "milestones", "waiting") == {"pip": 1, "dual": 1}
    medians = {
        step.key: derived(report, "milestones", step.key, "median") for step in milestones.STEPS
    }
    assert medians == {
        "intake": 28, "pip": 63, "dual": 147, "placement": 28, "paid": 126, "overall": 364
    }  # fmt: skip
    assert derived(report, "milestones", "pip", "share") == pytest.approx(800 / 9)
    shown = {
        step.key: shown_column(report, "milestones", c)
        for c in milestones.COLUMNS
        for step in milestones.STEPS[:1]
    }
    assert shown  # the grid renders
    row = {c: shown_column(report, "milestones", c) for c in milestones.COLUMNS}
    assert row["median"]["intake"] == "28" and row["took"]["placement"] == "7"
    assert row["beyond"]["pip"] == "< 5" and HIDDEN_MARK in (
        row["took"]["pip"],
        row["within"]["pip"],
    )
    assert row["share"]["pip"] == HIDDEN_MARK  # it would give the hidden count away
    assert row["within"]["intake"] == NA_MARK  # no target for the intake


# --------------------------------------------------------------------------- MAP and PVT


def group(world: World, code: str, kind: str, *, elearning: bool = False) -> Group:
    return Group.objects.create(
        code=code,
        name=code,
        kind=kind,
        municipality=world.gemeente_a,
        location="Bibliotheek",
        weekday="tue",
        moment="morning",
        start_time=time(9),
        end_time=time(12),
        start_date=date(2025, 1, 7),
        elearning=elearning,
    )


def session(group: Group, number: int, hours: str) -> Session:
    start = datetime(2025, 1, 7, 9, tzinfo=TZ) + timedelta(weeks=number)
    return Session.objects.create(
        group=group,
        number=number,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        hours=Decimal(hours),
    )


def test_map_and_pvt_completion_hours_and_attendance(world: World) -> None:
    a = world.gemeente_a
    classroom, online, pvt = (
        group(world, "map-1", "map"),
        group(world, "map-e", "map", elearning=True),
        group(world, "pvt-1", "pvt"),
    )
    sessions = [session(classroom, n, "3") for n in (1, 2)]
    pvt_session = session(pvt, 1, "4")
    now = datetime(2025, 6, 1, tzinfo=TZ)
    mapped = [make_person(a, Spec()) for _ in range(6)]
    for number, person in enumerate(mapped):
        GroupMember.objects.create(group=classroom, person=person)
        for s in sessions:
            present = number < 5
            Attendance.objects.create(
                session=s,
                person=person,
                status="present" if present else "absent",
                hours=Decimal("3" if present else "0"),
            )
    HoursEntry.objects.create(
        person=mapped[0], component="map", on=date(2025, 3, 1), hours=Decimal(36), source_key="x1"
    )
    for person in mapped[:2]:
        DuoResult.objects.create(person=person, kind="map", on=date(2025, 5, 1), sent_at=now)
    enrolment = Enrolment.objects.create(
        person=mapped[0],
        template=ProgrammeTemplate.objects.get(code=DORDRECHT),
        start_date=date(2025, 1, 6),
    )
    PlanItem.objects.create(
        enrolment=enrolment,
        phase_order=1,
        phase_name="Fase 1",
        starts_on=date(2025, 1, 6),
        ends_on=date(2025, 3, 16),
        kind="map",
        hours_per_week=Decimal(4),
    )  # 10 weeks of 4 hours
    learners = [make_person(a, Spec()) for _ in range(2)]
    for person in learners:
        GroupMember.objects.create(group=online, person=person)
    DuoResult.objects.create(person=learners[0], kind="map", on=date(2025, 5, 1), sent_at=now)
    for _ in range(5):
        person = make_person(a, Spec())
        GroupMember.objects.create(group=pvt, person=person)
        Attendance.objects.create(
            session=pvt_session, person=person, status="late", hours=Decimal(4)
        )
        DuoResult.objects.create(person=person, kind="pvt", on=date(2025, 5, 1), sent_at=now)
    make_person(a, Spec())  # neither
    report = run(modules.build, world)
    assert column(report, "modules", "map") == {
        "persons": 8, "completed": 3, "open": 5, "elearning": 2, "elearning_completed": 1,
        "elearning_open": 1, "required": 1,
    }  # fmt: skip
    assert column(report, "modules", "pvt") == {
        "persons": 5, "completed": 5, "open": 0, "elearning": 0, "elearning_completed": 0,
        "elearning_open": 0, "required": 0,
    }  # fmt: skip
    assert derived(report, "modules", "hours", "map") == 66.0
    assert derived(report, "modules", "planned", "map") == 40.0
    assert derived(report, "modules", "delivered_share", "map") == pytest.approx(165.0)
    assert derived(report, "modules", "attendance", "map") == pytest.approx(1000 / 12)
    assert derived(report, "modules", "attendance", "pvt") == 100.0
    assert derived(report, "modules", "delivered_share", "pvt") is None  # nothing planned
    pvt_shown = shown_column(report, "modules", "pvt")
    # 5 persons, 5 completed: "not completed" is 0, so the total is hidden (5 or more, the
    # reader knows); the hours of a group of five are still shown.
    assert pvt_shown["open"] == "< 5" and pvt_shown["persons"] == HIDDEN_MARK
    assert pvt_shown["hours"] == "20,0"
    assert pvt_shown["attendance"] == "100,0 %" and pvt_shown["delivered_share"] == NA_MARK


# --------------------------------------------------------------------------- placements


def test_placements_converted_and_still_working_after_aftercare(world: World) -> None:
    a = world.gemeente_a
    work = an_offer(world)

    def placement(person: Person, status: str, started: date | None, **dates: date) -> None:
        Placement.objects.create(
            person=person, offer=work, status=status, started_on=started, **dates
        )

    still = make_person(a, Spec())
    placement(still, "converted", date(2025, 3, 3), job_started_on=date(2025, 6, 2))
    Outcome.objects.create(person=still, kind="paid_job", started_on=date(2025, 6, 2))
    left = make_person(a, Spec())
    placement(left, "converted", date(2025, 2, 3), job_started_on=date(2025, 4, 7))
    Outcome.objects.create(
        person=left, kind="paid_job", started_on=date(2025, 4, 7), ended_on=date(2025, 8, 29)
    )
    recent = make_person(a, Spec())
    placement(recent, "converted", date(2026, 6, 1), job_started_on=date(2026, 10, 5))
    placement(make_person(a, Spec()), "started", date(2026, 9, 7))
    placement(make_person(a, Spec()), "ended", date(2025, 3, 3), ended_on=date(2025, 9, 1))
    placement(make_person(a, Spec()), "proposed", None)
    twice = make_person(a, Spec())
    placement(twice, "ended", date(2025, 1, 6), ended_on=date(2025, 4, 4))
    placement(twice, "evaluated", date(2025, 5, 5))
    report = run(placements.build, world)
    assert column(report, "placements", "placements") == {
        "started": 7, "running": 2, "converted": 3, "ended": 2,
    }  # fmt: skip
    assert derived(report, "placements", "conversion", "placements") == pytest.approx(300 / 7)
    assert column(report, "aftercare", "persons") == {"reached": 2, "working": 1, "not_working": 1}
    assert shown_column(report, "aftercare", "persons")["working"] == "< 5"
