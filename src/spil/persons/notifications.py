"""Short messages to a newcomer (reminders): e-mail today; an SMS provider can implement
the same protocol later without touching the apps that send."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.persons.models import Person


class Notifier(Protocol):
    """Sends a short message to a person."""

    channel: str

    def can_reach(self, person: Person) -> bool: ...

    def send(self, person: Person, subject: str, body: str) -> None: ...


class EmailNotifier:
    channel = "email"

    def can_reach(self, person: Person) -> bool:
        return bool(person.email)

    def send(self, person: Person, subject: str, body: str) -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


def notify(notifier: Notifier, person: Person, subject: str, body: str, *, about: str) -> None:
    """Send the message and record the processing of the person's contact details.

    ``about`` names what the message is for in the processing log (never its text)."""
    notifier.send(person, subject, body)
    record_processing(
        actor=None,
        person_ids=[person.pk],
        categories=[DataCategory.CONTACT],
        action=ProcessingAction.VIEW,
        purpose=Purpose.REGIE,
        action_name=f"{about} ({notifier.channel})",
    )
