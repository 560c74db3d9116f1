"""Celery tasks of the dossier app."""

from __future__ import annotations

from celery import shared_task

from spil.dossier import services


@shared_task(name="spil.dossier.send_appointment_reminders")
def send_appointment_reminders_task() -> int:
    """Reminders for tomorrow's planned appointments (once per appointment); run daily."""
    return services.send_appointment_reminders()
