"""Celery tasks of the programmes app."""

from __future__ import annotations

from celery import shared_task

from spil.programmes.services import reminders


@shared_task(name="spil.programmes.send_reminders")
def send_reminders_task() -> int:
    """E-mail reminders for tomorrow's sessions (once per person and session); run daily."""
    return reminders.send_reminders()
