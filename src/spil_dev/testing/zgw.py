"""Test support: the ZGW sandbox in-process, with Spil talking to it (no mocks) and the
sandbox's events delivered to Spil's webhook through Django's test client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.test import Client

from spil.zaken import services
from spil_dev.zgw_sandbox import SANDBOX_CLIENT_ID, SANDBOX_SECRET, Delivery, ZgwSandboxApp

BASE_URL = "http://zgw.test"
NOTIFICATION_TOKEN = "test-notification-token-of-at-least-32-chars"  # noqa: S105


def _deliver_to_spil(delivery: Delivery) -> None:
    path = delivery.sink.removeprefix("http://testserver")
    Client().post(
        path,
        data=delivery.event,
        content_type="application/json",
        headers={"Authorization": delivery.headers.get("Authorization", "")},
    )


@pytest.fixture
def zgw(settings: Any) -> Iterator[ZgwSandboxApp]:
    """ZGW switched on, pointing at a fresh sandbox; its events reach Spil's webhook."""
    app = ZgwSandboxApp(BASE_URL, deliver=_deliver_to_spil)
    settings.SPIL_ZGW_ENABLED = True
    settings.SPIL_ZGW_ZAKEN_URL = app.api_url("zaken")
    settings.SPIL_ZGW_CATALOGI_URL = app.api_url("catalogi")
    settings.SPIL_ZGW_DOCUMENTEN_URL = app.api_url("documenten")
    settings.SPIL_ZGW_NOTIFICATIES_URL = app.api_url("notificaties")
    settings.SPIL_ZGW_CLIENT_ID = SANDBOX_CLIENT_ID
    settings.SPIL_ZGW_SECRET = SANDBOX_SECRET
    settings.SPIL_ZGW_ZAAKTYPE_URL = app.zaaktype_url
    settings.SPIL_ZGW_INFORMATIEOBJECTTYPE_PIP_URL = app.informatieobjecttype_url("pip")
    settings.SPIL_ZGW_INFORMATIEOBJECTTYPE_DOCUMENT_URL = app.informatieobjecttype_url("document")
    settings.SPIL_ZGW_CALLBACK_URL = "http://testserver/api/zgw/notificaties"
    settings.SPIL_ZGW_NOTIFICATION_TOKEN = NOTIFICATION_TOKEN
    settings.SPIL_ZGW_ZAAK_UI_URL = ""
    services.use_transport(httpx.WSGITransport(app=app))
    try:
        yield app
    finally:
        services.use_transport(None)
        assert app.refused == [], app.refused
