"""Celery tasks of the dossier app."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from spil.dossier import contactpersoon, services
from spil.duo import services as duo_services


@shared_task(name="spil.dossier.send_appointment_reminders")
def send_appointment_reminders_task() -> int:
    """Reminders for tomorrow's planned appointments (once per appointment); run daily."""
    return services.send_appointment_reminders()


@shared_task(bind=True, name="spil.dossier.send_contactpersoon", max_retries=None)
def send_contactpersoon_task(self: Any, person_id: int) -> str:
    """The person's client manager as DUO's contactpersoon; retried with back-off while DUO
    cannot be reached (or answers outside its contract)."""
    return duo_services.retry_send_while_unavailable(self, contactpersoon.send(person_id))
