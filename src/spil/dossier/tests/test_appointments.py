"""Appointments: planning (never in the past, only by who may change the person),
cancelling, held when the contact moment is recorded, timeline and processing log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spil.audit.models import ProcessingRecord
from spil.dossier import queries, services, texts
from spil.dossier.models import Appointment, AppointmentStatus, TimelineEntry, TimelineKind
from spil.persons.models import Person
from spil.testing import World, logged_person_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world: World) -> Person:
    assert world.person_a is not None
    return world.person_a


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _plan(world: World, person: Person, starts_at: datetime, kind: str = "progress") -> Appointment:
    return services.plan_appointment(
        person,
        actor=world.user("klantmanager_a"),
        kind=kind,
        starts_at=starts_at,
        duration_minutes=45,
        location="Gemeentehuis Gorinchem, spreekkamer 2",
        interpreter_language="tir",
    )


def _latest_record() -> ProcessingRecord:
    record = ProcessingRecord.objects.order_by("-tijdstip_registratie").first()
    assert record is not None
    return record


def test_plan_writes_the_appointment_a_timeline_entry_and_a_processing_record(
    world: World, person: Person
) -> None:
    starts_at = _at(timezone.localdate() + timedelta(days=3), 10, 30)
    before = ProcessingRecord.objects.count()
    appointment = _plan(world, person, starts_at)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
    assert appointment.starts_at == starts_at
    assert appointment.duration_minutes == 45
    assert appointment.interpreter_language == "tir"
    assert appointment.planned_by == world.user("klantmanager_a")
    entry = TimelineEntry.objects.get(person=person, kind=TimelineKind.APPOINTMENT_PLANNED)
    assert entry.params["appointment"] == appointment.pk
    assert entry.actor == world.user("klantmanager_a")
    assert texts.timeline_text(entry.kind, entry.code, entry.params).startswith(
        "Appointment planned: Progress meeting on "
    )
    assert ProcessingRecord.objects.count() == before + 1
    record = _latest_record()
    assert record.data_categories == ["contact_moments"]
    assert record.purpose_code == "regie_inburgering"
    assert record.actie_naam == "Plan appointment"
    assert logged_person_ids(record) == {person.pk}


def test_a_start_in_the_past_is_refused(world: World, person: Person) -> None:
    with pytest.raises(ValidationError) as caught:
        _plan(world, person, timezone.now() - timedelta(minutes=1))
    assert "starts_at" in caught.value.message_dict
    assert not Appointment.objects.exists()
    assert not TimelineEntry.objects.filter(kind=TimelineKind.APPOINTMENT_PLANNED).exists()


def test_an_appointment_ends_on_the_day_it_starts(world: World, person: Person) -> None:
    late = _at(timezone.localdate() + timedelta(days=2), 23, 30)
    with pytest.raises(ValidationError) as caught:
        _plan(world, person, late)  # 45 minutes: past midnight
    assert "duration_minutes" in caught.value.message_dict


def test_another_municipalitys_klantmanager_may_not_plan(world: World, person: Person) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_appointment(
            person,
            actor=world.user("klantmanager_b"),
            kind="intake",
            starts_at=timezone.now() + timedelta(days=1),
        )
    assert not Appointment.objects.exists()


def test_cancel_keeps_the_reason_in_the_timeline(world: World, person: Person) -> None:
    appointment = _plan(world, person, _at(timezone.localdate() + timedelta(days=5), 9))
    with pytest.raises(PermissionDenied):
        services.cancel_appointment(appointment, actor=world.user("klantmanager_b"), reason="x")
    with pytest.raises(ValidationError):
        services.cancel_appointment(appointment, actor=world.user("klantmanager_a"), reason=" ")
    services.cancel_appointment(
        appointment, actor=world.user("klantmanager_a"), reason="Ziek gemeld"
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert appointment.cancelled_reason == "Ziek gemeld"
    entry = TimelineEntry.objects.get(person=person, kind=TimelineKind.APPOINTMENT_CANCELLED)
    assert entry.text == "Ziek gemeld"
    assert texts.timeline_text(entry.kind, entry.code, entry.params).startswith(
        "Appointment cancelled: Progress meeting on "
    )
    record = _latest_record()
    assert record.actie_naam == "Cancel appointment"
    assert record.data_categories == ["contact_moments"]
    assert queries.upcoming_appointments(person.pk, timezone.localdate()) == []
    with pytest.raises(ValidationError):  # once is enough
        services.cancel_appointment(
            appointment, actor=world.user("klantmanager_a"), reason="Nogmaals"
        )


def test_a_contact_moment_on_the_day_marks_the_appointment_held(
    world: World, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = timezone.localdate() + timedelta(days=1)
    progress = _plan(world, person, _at(day, 14))
    intake = _plan(world, person, _at(day, 9), kind="intake")
    other_day = _plan(world, person, _at(day + timedelta(days=1), 14))
    # the meeting took place: recorded the same day (the contact moment cannot lie ahead)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    services.record_contact_moment(
        person, actor=world.user("klantmanager_a"), kind="progress", on=day
    )
    statuses = dict(Appointment.objects.values_list("pk", "status"))
    assert statuses[progress.pk] == AppointmentStatus.HELD
    assert statuses[intake.pk] == AppointmentStatus.PLANNED  # another kind
    assert statuses[other_day.pk] == AppointmentStatus.PLANNED  # another day


def test_upcoming_appointments_are_planned_ones_in_order_within_the_range(
    world: World, person: Person
) -> None:
    today = timezone.localdate()
    later = _plan(world, person, _at(today + timedelta(days=20), 10))
    sooner = _plan(world, person, _at(today + timedelta(days=2), 10))
    cancelled = _plan(world, person, _at(today + timedelta(days=3), 10))
    services.cancel_appointment(cancelled, actor=world.user("klantmanager_a"), reason="Verzet")
    assert queries.upcoming_appointments(person.pk, today) == [sooner, later]
    assert queries.upcoming_appointments(person.pk, today, today + timedelta(days=2)) == [sooner]
    assert queries.upcoming_appointments(person.pk, today + timedelta(days=21)) == []
