"""Celery tasks of the PIP: sending again what DUO could not take, refreshing the plan
signals. Meant for Celery beat (e.g. every 10 minutes and daily)."""

from __future__ import annotations

from celery import shared_task

from spil.plans import services


@shared_task(name="spil.plans.resend_pending")
def resend_pending_task() -> int:
    return services.resend_pending()


@shared_task(name="spil.plans.refresh_signals")
def refresh_signals_task() -> int:
    return services.refresh_all_signals()
