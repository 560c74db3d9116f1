"""Planning and cancelling appointments from the dossier page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.audit.models import ProcessingRecord
from spil.dossier.models import Appointment, AppointmentStatus
from spil.persons.models import Person
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world: World) -> Person:
    person = world.person_a
    assert person is not None
    person.languages = ["tir", "ara"]
    person.preferred_language = "tir"
    person.interpreter_needed = True
    person.save()
    return person


@pytest.fixture
def client_a(world: World) -> Client:
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    return client


def _plan_data(**changes: str) -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=4)
    data = {
        "ap-kind": "home_visit",
        "ap-date": day.isoformat(),
        "ap-time": "14:15",
        "ap-duration_minutes": "90",
        "ap-location": "Home visit",
        "ap-interpreter_language": "tir",
    }
    data.update({f"ap-{key}": value for key, value in changes.items()})
    return data


def test_the_form_offers_the_persons_language_for_the_interpreter(
    client_a: Client, person: Person
) -> None:
    appointments = reverse("persons:appointment_plan", args=[person.public_id])
    page = client_a.get(appointments).content.decode()
    assert "Plan an appointment" in page
    assert "No appointments planned." in page
    assert '<option value="tir" selected>' in page
    assert 'for="id_ap-date"' in page and "<legend" in page


def test_a_planned_appointment_shows_on_the_dossier_and_can_be_cancelled(
    client_a: Client, person: Person
) -> None:
    response = client_a.post(
        reverse("persons:appointment_plan", args=[person.public_id]), _plan_data()
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("persons:appointment_plan", args=[person.public_id])
    appointment = Appointment.objects.get(person=person)
    local = timezone.localtime(appointment.starts_at)
    assert (local.hour, local.minute) == (14, 15)
    assert appointment.duration_minutes == 90 and appointment.interpreter_language == "tir"
    page = client_a.get(response["Location"]).content.decode()
    assert "The appointment was planned." in page
    assert "Home visit" in page and "Tigrinya" in page
    assert "14:15" in page or "2:15" in page
    assert "Cancel this appointment" in page
    record = ProcessingRecord.objects.order_by("-tijdstip_registratie").first()
    assert record is not None and "contact_moments" in record.data_categories  # the view
    timeline = reverse("persons:timeline", args=[person.public_id])
    assert "Appointment planned: Home visit on " in client_a.get(timeline).content.decode()
    summary = client_a.get(reverse("persons:detail", args=[person.public_id])).content.decode()
    assert "Next appointment" in summary and "Home visit" in summary

    cancel = reverse("persons:appointment_cancel", args=[person.public_id, appointment.pk])
    empty = client_a.post(cancel, {f"cancel-{appointment.pk}-reason": ""})
    assert empty.status_code == 200
    assert "The appointment was not cancelled:" in empty.content.decode()
    assert "Give the reason for cancelling." in empty.content.decode()
    done = client_a.post(cancel, {f"cancel-{appointment.pk}-reason": "Ziek gemeld"})
    assert done.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    page = client_a.get(done["Location"]).content.decode()
    assert "The appointment was cancelled." in page
    assert "No appointments planned." in page
    assert "Ziek gemeld" in client_a.get(timeline).content.decode()  # the reason


def test_an_appointment_in_the_past_is_refused_with_an_error_summary(
    client_a: Client, person: Person
) -> None:
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_a.post(
        reverse("persons:appointment_plan", args=[person.public_id]),
        _plan_data(date=yesterday, duration_minutes="0"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The appointment was not planned. Check these fields:" in page
    assert 'href="#id_ap-date"' in page and "cannot start in the past" in page
    assert 'href="#id_ap-duration_minutes"' in page
    assert not Appointment.objects.exists()


def test_another_municipality_cannot_plan_or_cancel(world: World, person: Person) -> None:
    from spil.dossier.services import plan_appointment

    appointment = plan_appointment(
        person,
        actor=world.user("klantmanager_a"),
        kind="intake",
        starts_at=timezone.now() + timedelta(days=2),
    )
    other = sign_in(Client(), world.user("klantmanager_b"))
    plan = reverse("persons:appointment_plan", args=[person.public_id])
    assert other.post(plan, _plan_data()).status_code == 404
    cancel = reverse("persons:appointment_cancel", args=[person.public_id, appointment.pk])
    assert other.post(cancel, {f"cancel-{appointment.pk}-reason": "x"}).status_code == 404
    assert Appointment.objects.get().status == AppointmentStatus.PLANNED


def test_an_appointment_years_ahead_is_refused_on_the_form(
    client_a: Client, person: Person
) -> None:
    client_a.cookies["django_language"] = "en"
    response = client_a.post(
        reverse("persons:appointment_plan", args=[person.public_id]),
        _plan_data(date="9999-12-31", time="23:59"),
    )
    assert response.status_code == 200
    assert "at most two years ahead" in response.content.decode()
    assert not Appointment.objects.exists()
