"""Celery tasks of the broad intake."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from spil.intake import services

#: Back-off of the retries while DUO is unreachable: 1 min, 2, 4 ... capped at an hour.
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600


@shared_task(bind=True, name="spil.intake.send_taalles_knm_hours", max_retries=None)
def send_taalles_knm_hours_task(self: Any, person_id: int, hours: int) -> str:
    """The hours of Dutch and KNM lessons during the broad intake, to DUO; retried with
    back-off while DUO cannot be reached (or answers outside its contract)."""
    outcome = services.send_taalles_knm_hours(person_id, hours)
    if outcome == "unavailable" and not self.request.is_eager:
        delay = min(RETRY_BASE_SECONDS * 2**self.request.retries, RETRY_MAX_SECONDS)
        raise self.retry(countdown=delay)
    return outcome
