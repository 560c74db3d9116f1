"""Celery tasks of the processing log."""

from __future__ import annotations

from celery import shared_task

from spil.audit import services


@shared_task(name="spil.audit.purge_expired")
def purge_expired_task() -> int:
    """Remove processing records past their retention period; run nightly."""
    return services.purge_expired()
