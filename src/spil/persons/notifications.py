"""Short messages to a newcomer (reminders): e-mail today; an SMS provider can implement
the same protocol later without touching the apps that send. ``send_once`` makes sure a
message goes out once, however many runs of a reminder job overlap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

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


def send_once(
    claim: Callable[[], bool], send: Callable[[], None], release: Callable[[], None]
) -> bool:
    """Claim a message, then send it: one message however many runs overlap.

    ``claim`` marks the message as taken (a row or a column the next run checks) and says
    whether this run got it; it runs in its own transaction, so that the claim is committed
    before anything goes out and an overlapping run sees it and skips the message. Then
    ``send``. When sending raises, ``release`` undoes the claim (so the next run tries
    again) and the error goes on. Returns whether this run sent the message.

    Call it outside a transaction: inside one, the claim is only seen by other runs when
    the caller commits.
    """
    with transaction.atomic():
        if not claim():
            return False
    try:
        send()
    except BaseException:
        with transaction.atomic():
            release()
        raise
    return True
