"""Celery tasks of the zaaksysteem link: draining the outbox of ZGW calls.

Queued after each commit that recorded a call, and every minute by beat
(``zaken-drain-outbox``), which picks up the retries that are due.
"""

from __future__ import annotations

from celery import shared_task

from spil.zaken import services


@shared_task(name="spil.zaken.drain_outbox")
def drain_outbox_task() -> int:
    return services.drain().done
