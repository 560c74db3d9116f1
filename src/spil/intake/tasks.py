"""Celery tasks of the broad intake."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from spil.duo import services as duo_services
from spil.intake import services


@shared_task(bind=True, name="spil.intake.send_taalles_knm_hours", max_retries=None)
def send_taalles_knm_hours_task(self: Any, person_id: int, hours: int) -> str:
    """The hours of Dutch and KNM lessons during the broad intake, to DUO; retried with
    back-off while DUO cannot be reached (or answers outside its contract)."""
    outcome = services.send_taalles_knm_hours(person_id, hours)
    return duo_services.retry_send_while_unavailable(self, outcome)
