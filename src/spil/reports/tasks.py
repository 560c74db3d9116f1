"""Celery tasks of the reports: the monthly e-mailed reports (``CELERY_BEAT_SCHEDULE``
runs them on the first of every month)."""

from __future__ import annotations

from celery import shared_task

from spil.reports import services


@shared_task(name="spil.reports.send_monthly")
def send_monthly_task() -> int:
    return services.send_monthly()
