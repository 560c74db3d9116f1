from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core import mail

from spil.persons.models import Person
from spil.programmes.models import Reminder
from spil.programmes.services import reminders
from spil.programmes.tests.support import make_group
from spil.testing import World

pytestmark = pytest.mark.django_db


class FakeSms:
    channel = "sms"

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    def can_reach(self, person: Person) -> bool:
        return bool(person.phone)

    def send(self, person: Person, subject: str, body: str) -> None:
        self.sent.append((person.pk, body))


def test_reminder_the_day_before_in_the_persons_language_once(world: World) -> None:
    assert world.person_a is not None
    world.person_a.email = "amal@example.org"
    world.person_a.preferred_language = "eng"
    world.person_a.save()
    group = make_group(world, weekday="tue", start_date=date(2026, 9, 1), session_count=1)
    session = group.sessions.get()
    day_before = session.starts_at.date().fromordinal(session.starts_at.date().toordinal() - 1)
    assert reminders.send_reminders(day_before) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amal@example.org"]
    assert "Tomorrow at 09:30" in mail.outbox[0].body
    assert reminders.send_reminders(day_before) == 0  # once only
    assert reminders.send_reminders(datetime(2026, 8, 1).date()) == 0


def test_another_notifier_plugs_in(world: World) -> None:
    assert world.person_a is not None
    world.person_a.phone = "0612345678"
    world.person_a.save()
    make_group(world, weekday="tue", start_date=date(2026, 9, 1), session_count=1)
    sms = FakeSms()
    assert reminders.send_reminders(date(2026, 8, 31), notifier=sms) == 1
    assert sms.sent and sms.sent[0][0] == world.person_a.pk


def test_reminder_in_a_newcomer_language_the_staff_screens_do_not_have(world: World) -> None:
    assert world.person_a is not None
    world.person_a.email = "olena@example.org"
    world.person_a.preferred_language = "ukr"
    world.person_a.save()
    make_group(world, weekday="tue", start_date=date(2026, 9, 1), session_count=1)
    assert reminders.send_reminders(date(2026, 8, 31)) == 1
    message = mail.outbox[-1]
    assert message.subject.startswith("Нагадування: завтра ")
    assert message.body.startswith("Завтра о 09:30 у вас ")  # noqa: RUF001 - Ukrainian


class OverlappingRun:
    """Sends like FakeSms, and while sending its first message a second run of the reminders
    starts (another worker of an overlapping schedule)."""

    channel = "sms"

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
            self.second_run = reminders.send_reminders(self.day, notifier=self)


class FailingFirst(FakeSms):
    """The first message fails (the provider is down), later ones go out."""

    def __init__(self) -> None:
        super().__init__()
        self.failures = 1

    def can_reach(self, person: Person) -> bool:
        return True

    def send(self, person: Person, subject: str, body: str) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("SMS provider down")
        super().send(person, subject, body)


def test_two_overlapping_runs_send_one_message(world: World) -> None:
    assert world.person_a is not None
    make_group(world, weekday="tue", start_date=date(2026, 9, 1), session_count=1)
    notifier = OverlappingRun(date(2026, 8, 31))
    assert reminders.send_reminders(date(2026, 8, 31), notifier=notifier) == 1
    assert notifier.second_run == 0  # it saw the first run's claim
    assert notifier.sent == [world.person_a.pk]
    assert Reminder.objects.count() == 1


def test_a_failed_send_is_tried_again_on_the_next_run(world: World) -> None:
    assert world.person_a is not None
    make_group(world, weekday="tue", start_date=date(2026, 9, 1), session_count=1)
    notifier = FailingFirst()
    with pytest.raises(ConnectionError):
        reminders.send_reminders(date(2026, 8, 31), notifier=notifier)
    assert not Reminder.objects.exists()  # the claim was released
    assert notifier.sent == []
    assert reminders.send_reminders(date(2026, 8, 31), notifier=notifier) == 1
    assert [pk for pk, _body in notifier.sent] == [world.person_a.pk]
    assert reminders.send_reminders(date(2026, 8, 31), notifier=notifier) == 0
