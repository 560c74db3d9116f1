"""Celery tasks of the MAP e-learning."""

from __future__ import annotations

from celery import shared_task

from spil.elearning import services


@shared_task(name="spil.elearning.check_schedules")
def check_schedules_task() -> dict[str, int]:
    """Behind-schedule signals and the end-of-window reminders; run nightly."""
    return services.check_schedules()
