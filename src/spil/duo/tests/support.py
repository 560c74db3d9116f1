"""Django-side test support: Spil talking to the DUO sandbox in-process (no mocks of DUO)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from django.test import Client

from spil.duo import services
from spil.duo.models import DuoNotification
from spil.duo_inbound import brp_adapter
from spil.duo_inbound import services as inbound
from spil.testing import World, next_test_bsn
from spil_dev.duo_sandbox import SANDBOX_DUO_OIN, SandboxApp, SandboxStore, make_app, sandbox_tools

BASE_URL = "http://duo.test/v1"
URL = "/api/duo/v1/notificaties"


@dataclass
class DuoEnv:
    world: World
    store: SandboxStore
    app: SandboxApp
    client: Client = field(default_factory=Client)

    @property
    def a(self) -> str:
        return self.world.gemeente_a.oin

    @property
    def b(self) -> str:
        return self.world.gemeente_b.oin

    def person(
        self, gemeente: str | None = None, *, start: date = date(2025, 1, 15), **kw: Any
    ) -> str:
        bsn = next_test_bsn()
        sandbox_tools.ensure_person(
            self.store, bsn, gemeente or self.a, plicht_begindatum=start, **kw
        )
        return bsn

    def post(
        self,
        event: str,
        bsn: str | None,
        *,
        doel: str | None = None,
        bron: str = SANDBOX_DUO_OIN,
        at: datetime | None = None,
        bericht_id: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Any:
        body: dict[str, Any] = {
            "registratieDatumTijd": (at or datetime.now(UTC)).isoformat(timespec="seconds"),
            "gebeurtenisId": event,
        }
        if bsn is not None:
            body["bsn"] = bsn
        headers = {
            "bron": bron,
            "doel": doel or self.a,
            "berichtId": bericht_id or str(uuid.uuid4()),
            **(extra_headers or {}),
        }
        return self.client.post(
            URL, data=json.dumps(body), content_type="application/json", headers=headers
        )

    def notification(self, response: Any = None) -> DuoNotification:
        return DuoNotification.objects.order_by("-pk").first()  # type: ignore[return-value]


def make_env(world: World, monkeypatch: pytest.MonkeyPatch) -> DuoEnv:
    inbound.clear_municipality_cache()
    store = SandboxStore()
    store.add_gemeente(world.gemeente_a.oin, "0001", "Gemeente Aadorp")
    store.add_gemeente(world.gemeente_b.oin, "0002", "Gemeente Bedorp")
    app = make_app(store)

    def factory(bron: str) -> services.RecordingDuoClient:
        return services.RecordingDuoClient(
            BASE_URL,
            bron,
            SANDBOX_DUO_OIN,
            transport=httpx.WSGITransport(app=app),
            retries=2,
            sleep=lambda _s: None,
        )

    monkeypatch.setattr(services, "client_factory", factory)
    monkeypatch.setattr(brp_adapter, "client_factory", lambda: None)
    return DuoEnv(world=world, store=store, app=app)
