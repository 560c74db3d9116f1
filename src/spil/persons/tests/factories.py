"""Dossier data for tests, written straight to the models (the services that normally
write trajectories and deadlines belong to the DUO exchange and the rules engine)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.dossier.models import Signal, SignalSeverity, Task, TimelineEntry, TimelineKind
from spil.persons.models import HouseholdMember, Person
from spil.testing import next_test_bsn
from spil.trajectories.models import (
    Deadline,
    DeadlineKind,
    Leerroute,
    Niveau,
    TermExtension,
    Trajectory,
    TrajectoryStatus,
)


def make_person(
    municipality: Organisation,
    family_name: str,
    *,
    given_names: str = "Test",
    regisseur: User | None = None,
    **fields: Any,
) -> Person:
    return Person.objects.create(
        bsn=next_test_bsn(),
        given_names=given_names,
        family_name=family_name,
        municipality=municipality,
        regisseur=regisseur,
        **fields,
    )


def make_trajectory(
    person: Person,
    *,
    status: str = TrajectoryStatus.RUNNING,
    leerroute: str = Leerroute.B1,
    niveau: str = Niveau.B1,
    next_deadline: date | None = None,
    kind: str = DeadlineKind.TERMIJN_END,
    estimate: bool = True,
) -> Trajectory:
    trajectory = Trajectory.objects.create(
        person=person,
        municipality=person.municipality,
        status=status,
        leerroute=leerroute,
        niveau=niveau,
        plicht_start=date(2025, 1, 6),
        termijn_start=date(2025, 3, 2),
        termijn_end=date(2028, 3, 2),
        termijn_is_estimate=estimate,
        next_deadline=next_deadline,
        next_deadline_kind=kind if next_deadline else "",
    )
    if next_deadline:
        make_deadline(trajectory, kind=kind, due=next_deadline, estimate=estimate)
    return trajectory


def make_deadline(
    trajectory: Trajectory, *, kind: str, due: date, estimate: bool = False
) -> Deadline:
    return Deadline.objects.create(
        trajectory=trajectory,
        kind=kind,
        due=due,
        is_estimate=estimate,
        rule_key=f"{kind}_rule",
        rule_valid_from=date(2022, 1, 1),
        rule_source=f"Wet inburgering 2021 (source for {kind})",
        rule_checked_on=date(2026, 11, 23),
    )


def make_extension(trajectory: Trajectory, new_end: date) -> TermExtension:
    return TermExtension.objects.create(
        trajectory=trajectory,
        gebeurtenis_id="SS103",
        previous_end=trajectory.termijn_end,
        new_end=new_end,
        ground_code="MEDISCH",
        ground_description="Medische omstandigheden",
    )


def make_signal(person: Person, code: str, severity: str = SignalSeverity.WARNING) -> Signal:
    return Signal.objects.create(
        person=person, code=code, severity=severity, raised_at=timezone.now()
    )


def make_task(person: Person, code: str = "set_leerroute", **fields: Any) -> Task:
    fields.setdefault("assignee", person.regisseur)
    return Task.objects.create(person=person, code=code, **fields)


def make_history(person: Person, count: int, *, start: datetime | None = None) -> None:
    start = start or timezone.now() - timedelta(days=count + 1)
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            person=person,
            kind=TimelineKind.DUO_EVENT,
            code="SS101" if i % 2 else "SS102",
            params={"n": i},
            occurred_at=start + timedelta(hours=i),
        )
        for i in range(count)
    )


def add_child(person: Person, born: date, name: str = "Kind") -> HouseholdMember:
    return HouseholdMember.objects.create(
        person=person, relation=HouseholdMember.Relation.CHILD, name=name, date_of_birth=born
    )
