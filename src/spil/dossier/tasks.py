"""Celery tasks of the dossier app."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from spil.dossier import contactpersoon, services

#: Back-off of the retries while DUO is unreachable: 1 min, 2, 4 ... capped at an hour.
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600


@shared_task(name="spil.dossier.send_appointment_reminders")
def send_appointment_reminders_task() -> int:
    """Reminders for tomorrow's planned appointments (once per appointment); run daily."""
    return services.send_appointment_reminders()


@shared_task(bind=True, name="spil.dossier.send_contactpersoon", max_retries=None)
def send_contactpersoon_task(self: Any, person_id: int) -> str:
    """The person's client manager as DUO's contactpersoon; retried with back-off while DUO
    cannot be reached (or answers outside its contract)."""
    outcome = contactpersoon.send(person_id)
    if outcome == "unavailable" and not self.request.is_eager:
        delay = min(RETRY_BASE_SECONDS * 2**self.request.retries, RETRY_MAX_SECONDS)
        raise self.retry(countdown=delay)
    return outcome
