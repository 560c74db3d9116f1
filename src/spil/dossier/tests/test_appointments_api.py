"""The appointments REST API: plan under the person, list the caseload's agenda, cancel
with a reason; errors name the field; other municipalities see nothing; every response
is a processing record."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from spil.audit.models import ProcessingRecord
from spil.dossier.models import Appointment, AppointmentStatus, TimelineEntry, TimelineKind
from spil.persons.models import Person
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world: World) -> Client:
    return sign_in(Client(), world.user("klantmanager_a"))


@pytest.fixture
def person(world: World) -> Person:
    assert world.person_a is not None
    return world.person_a


def _local(days: int, hour: int = 10) -> str:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour))).isoformat()


def _plan(api: Client, person: Person, **body: object) -> tuple[int, dict[str, object]]:
    payload: dict[str, object] = {"kind": "progress", "starts_at": _local(3)}
    payload.update(body)
    response = api.post(
        f"/api/v1/persons/{person.public_id}/appointments/",
        payload,
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_plan_an_appointment(api: Client, person: Person) -> None:
    code, body = _plan(
        api, person, duration_minutes=45, location="Stadhuis", interpreter_language="TIR"
    )
    assert code == 201, body
    assert body["status"] == "planned" and body["planned_by"] == "klantmanager_a"
    assert body["interpreter_language"] == "tir"
    starts = datetime.fromisoformat(str(body["starts_at"]))
    assert datetime.fromisoformat(str(body["ends_at"])) - starts == timedelta(minutes=45)
    assert TimelineEntry.objects.filter(
        person=person, kind=TimelineKind.APPOINTMENT_PLANNED
    ).exists()


def test_errors_name_the_field_and_nothing_is_stored(api: Client, person: Person) -> None:
    code, body = _plan(api, person, starts_at=_local(-1))
    assert code == 400 and "starts_at" in body
    code, body = _plan(api, person, duration_minutes=2)
    assert code == 400 and "duration_minutes" in body
    code, body = _plan(api, person, kind="coffee")
    assert code == 400 and "kind" in body
    assert not Appointment.objects.exists()


def test_the_caseload_agenda_lists_planned_appointments_in_a_period(
    api: Client, person: Person
) -> None:
    _plan(api, person, starts_at=_local(2))
    _plan(api, person, starts_at=_local(9))
    listed = api.get("/api/v1/appointments/").json()
    assert [a["person"] for a in listed["results"]] == [str(person.public_id)] * 2
    week = api.get(
        "/api/v1/appointments/",
        {"to": (timezone.localdate() + timedelta(days=7)).isoformat()},
    ).json()
    assert week["count"] == 1
    bad = api.get("/api/v1/appointments/", {"from": "23-11-2026"})
    assert bad.status_code == 400 and "from" in bad.json()


def test_cancel_with_a_reason(api: Client, person: Person) -> None:
    _code, planned = _plan(api, person)
    url = f"/api/v1/appointments/{planned['id']}/cancel/"
    missing = api.post(url, {}, content_type="application/json")
    assert missing.status_code == 400 and "reason" in missing.json()
    done = api.post(url, {"reason": "Ziek gemeld"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    assert Appointment.objects.get().status == AppointmentStatus.CANCELLED
    again = api.post(url, {"reason": "Nog eens"}, content_type="application/json")
    assert again.status_code == 400 and "non_field_errors" in again.json()
    cancelled = api.get("/api/v1/appointments/", {"status": "cancelled"}).json()
    assert cancelled["results"][0]["cancelled_reason"] == "Ziek gemeld"


def test_another_municipality_sees_and_changes_nothing(
    world: World, api: Client, person: Person
) -> None:
    _code, planned = _plan(api, person)
    other = sign_in(Client(), world.user("klantmanager_b"))
    assert other.get("/api/v1/appointments/").json()["count"] == 0
    assert other.get(f"/api/v1/appointments/{planned['id']}/").status_code == 404
    cancel = other.post(
        f"/api/v1/appointments/{planned['id']}/cancel/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert cancel.status_code == 404
    code, _body = _plan(other, person)
    assert code == 404
    assert Appointment.objects.get().status == AppointmentStatus.PLANNED


def test_every_read_is_a_processing_record(api: Client, person: Person) -> None:
    _code, planned = _plan(api, person)
    before = ProcessingRecord.objects.count()
    api.get("/api/v1/appointments/")
    api.get(f"/api/v1/appointments/{planned['id']}/")
    api.get(f"/api/v1/persons/{person.public_id}/appointments/")
    assert ProcessingRecord.objects.count() == before + 3
    records = ProcessingRecord.objects.order_by("-tijdstip_registratie")[:3]
    assert [r.data_categories for r in records] == [["contact_moments"]] * 3
    assert sorted(r.actie_naam for r in records) == [
        "API appointments (GET)",
        "API appointments (GET)",
        "API persons (GET)",
    ]


def test_the_last_minute_of_the_calendar_is_refused_not_a_server_error(
    api: Client, person: Person
) -> None:
    code, body = _plan(api, person, starts_at="9999-12-31T23:59:00+01:00")
    assert code == 400, body
    assert "starts_at" in str(body)
    code, body = _plan(api, person, starts_at="9999-12-31T10:00:00+01:00")
    assert code == 400, body
