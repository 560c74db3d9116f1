"""Celery tasks of the programmes app."""

from __future__ import annotations

from celery import shared_task

from spil.programmes import services


@shared_task(name="spil.programmes.send_reminders")
def send_reminders_task() -> int:
    """E-mail reminders for tomorrow's sessions (once per person and session); run daily."""
    return services.send_reminders()
