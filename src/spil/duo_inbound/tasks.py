"""Celery tasks of the DUO exchange.

``process_notification_task`` processes one notification; when DUO is unavailable (or
answers outside its contract: an undeclared status, no API-Version) it is retried with
exponential back-off (30 s, 1 min, 2 min ... capped at an hour); after
``services.MAX_PROCESSING_ATTEMPTS`` attempts the task stops and the notification waits,
still "received", for ``requeue_pending_task`` — it is never failed for a transient cause.
``requeue_pending_task`` (Celery beat, every minute) queues what was stored while the
broker was down and what a dead worker left half-way.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from spil.duo.models import NotificationStatus
from spil.duo_inbound import services


@shared_task(bind=True, name="spil.duo.process_notification", max_retries=None, acks_late=True)
def process_notification_task(self: Any, notification_id: int) -> str:
    while True:
        outcome = services.process_notification(notification_id)
        if outcome.status != NotificationStatus.RECEIVED or outcome.retry_in is None:
            return outcome.status
        if not self.request.is_eager:
            raise self.retry(countdown=outcome.retry_in)
        # In-process (dev, tests): no queue to wait on, so the next attempt follows at once.


@shared_task(name="spil.duo.requeue_pending")
def requeue_pending_task() -> int:
    return services.requeue_pending()
