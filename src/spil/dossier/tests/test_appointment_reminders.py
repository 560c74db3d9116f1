"""Appointment reminders: the day before, in the newcomer's own language, once per
appointment, never for a cancelled one, retried when sending failed; logged as processing
of contact details (never the text)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from spil.audit.models import ProcessingRecord
from spil.dossier import services
from spil.dossier.models import Appointment, ContactKind
from spil.persons.models import Person
from spil.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world: World) -> Person:
    assert world.person_a is not None
    person = world.person_a
    person.email = "amal@example.org"
    person.preferred_language = "eng"
    person.save()
    return person


def _plan(world: World, person: Person, day: date, **kwargs: object) -> Appointment:
    options: dict[str, object] = {
        "kind": "progress",
        "duration_minutes": 45,
        "location": "Gemeentehuis Gorinchem, spreekkamer 2",
        "interpreter_language": "tir",
    }
    options.update(kwargs)
    return services.plan_appointment(
        person,
        actor=world.user("klantmanager_a"),
        starts_at=timezone.make_aware(datetime.combine(day, time(10, 30))),
        **options,  # type: ignore[arg-type]
    )


class FailingNotifier:
    channel = "email"

    def can_reach(self, person: Person) -> bool:
        return True

    def send(self, person: Person, subject: str, body: str) -> None:
        raise ConnectionError("mail server down")


def test_reminder_the_day_before_once(world: World, person: Person) -> None:
    today = timezone.localdate()
    _plan(world, person, today + timedelta(days=2))
    assert services.send_appointment_reminders(today) == 0  # not tomorrow yet
    assert services.send_appointment_reminders(today + timedelta(days=1)) == 1
    message = mail.outbox[-1]
    assert message.to == ["amal@example.org"]
    assert message.subject == "Reminder: appointment tomorrow at 10:30"
    assert message.body.splitlines() == [
        "Tomorrow at 10:30 you have a progress meeting about your plan.",
        "Place: Gemeentehuis Gorinchem, spreekkamer 2",
        "An interpreter will be there.",
        "Can you not come? Please let your client manager know.",
    ]
    assert services.send_appointment_reminders(today + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_in_the_newcomers_language(world: World, person: Person) -> None:
    person.preferred_language = "ara"
    person.save()
    today = timezone.localdate()
    _plan(world, person, today + timedelta(days=1), kind="home_visit")
    assert services.send_appointment_reminders(today) == 1
    body = mail.outbox[-1].body
    assert body.startswith("غدًا في الساعة 10:30 لديك زيارة منزلية")
    assert "Gorinchem" not in body  # a home visit is at home: no place line


def test_cancelled_and_unreachable_people_get_nothing(world: World, person: Person) -> None:
    today = timezone.localdate()
    appointment = _plan(world, person, today + timedelta(days=1))
    services.cancel_appointment(
        appointment, actor=world.user("klantmanager_a"), reason="Ziek gemeld"
    )
    assert services.send_appointment_reminders(today) == 0
    person.email = ""
    person.save()
    _plan(world, person, today + timedelta(days=1), interpreter_language="")
    assert services.send_appointment_reminders(today) == 0
    assert mail.outbox == []


def test_a_failed_send_is_tried_again(world: World, person: Person) -> None:
    today = timezone.localdate()
    appointment = _plan(world, person, today + timedelta(days=1))
    with pytest.raises(ConnectionError):
        services.send_appointment_reminders(today, notifier=FailingNotifier())
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is None
    assert services.send_appointment_reminders(today) == 1
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is not None


class OverlappingRun:
    """E-mails, and while sending its first message a second run of the reminders starts."""

    channel = "email"

    def __init__(self, day: date) -> None:
        self.day = day
        self.sent: list[int] = []
        self.second_run: int | None = None

    def can_reach(self, person: Person) -> bool:
        return True

    def send(self, person: Person, subject: str, body: str) -> None:
        self.sent.append(person.pk)
        if self.second_run is None:
            self.second_run = -1  # running
            self.second_run = services.send_appointment_reminders(self.day, notifier=self)


def test_two_overlapping_runs_send_one_reminder(world: World, person: Person) -> None:
    today = timezone.localdate()
    _plan(world, person, today + timedelta(days=1))
    notifier = OverlappingRun(today)
    assert services.send_appointment_reminders(today, notifier=notifier) == 1
    assert notifier.second_run == 0
    assert notifier.sent == [person.pk]


def test_the_reminder_is_a_processing_record_without_its_text(world: World, person: Person) -> None:
    today = timezone.localdate()
    _plan(world, person, today + timedelta(days=1))
    services.send_appointment_reminders(today)
    record = ProcessingRecord.objects.order_by("-tijdstip_registratie").first()
    assert record is not None
    assert record.actie_naam == "Appointment reminder (email)"
    assert record.data_categories == ["contact"]
    assert record.persons.count() == 1


def test_every_kind_of_appointment_has_a_reminder_text() -> None:
    assert set(services.APPOINTMENT_REMINDER_WHAT) == set(ContactKind)
