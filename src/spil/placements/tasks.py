"""Celery tasks of placements.

``check_momentum_task`` raises the momentum signal for placements that end within the
momentum window without a next step; Celery beat runs it nightly (``CELERY_BEAT_SCHEDULE``
in the settings).
"""

from __future__ import annotations

from celery import shared_task

from spil.placements import services


@shared_task(name="spil.placements.check_momentum")
def check_momentum_task() -> int:
    return services.check_momentum()
