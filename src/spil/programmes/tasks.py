"""Celery tasks of the programmes app."""

from __future__ import annotations

from celery import shared_task

from spil.programmes.services import duo_results, reminders


@shared_task(name="spil.programmes.send_reminders")
def send_reminders_task() -> int:
    """E-mail reminders for tomorrow's sessions (once per person and session); run daily."""
    return reminders.send_reminders()


@shared_task(name="spil.programmes.send_hours")
def send_hours_task() -> dict[str, int]:
    """The gevolgde uren to DUO for every person whose totals changed; run nightly."""
    return duo_results.send_due_hours()
