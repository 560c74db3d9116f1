from __future__ import annotations

from celery import shared_task

from spil.partner_api import services


@shared_task(name="spil.partner_api.clear_expired_tokens")
def clear_expired_tokens() -> int:
    return services.clear_expired_tokens()
