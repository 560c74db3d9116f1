"""The ZGW sandbox on its own: authorisation, subscriptions' filters, its zaaksysteem page
(a status set there notifies the subscribers) and its state surviving a restart."""

from __future__ import annotations

from pathlib import Path

import httpx

from spil.zaken.client import ZgwClient, ZgwConfig
from spil_dev.zgw_sandbox import (
    SANDBOX_CLIENT_ID,
    SANDBOX_SECRET,
    ZAAKSYSTEEM_CLIENT_ID,
    ZAAKSYSTEEM_SECRET,
    ZgwSandboxApp,
)


def _client(app: ZgwSandboxApp, client_id: str = SANDBOX_CLIENT_ID) -> ZgwClient:
    secret = SANDBOX_SECRET if client_id == SANDBOX_CLIENT_ID else ZAAKSYSTEEM_SECRET
    config = ZgwConfig(
        app.api_url("zaken"),
        app.api_url("catalogi"),
        app.api_url("documenten"),
        app.api_url("notificaties"),
        client_id,
        secret,
    )
    return ZgwClient(config, transport=httpx.WSGITransport(app=app))


def _new_zaak(app: ZgwSandboxApp) -> dict[str, object]:
    with _client(app) as client:
        return client.create_zaak(
            {
                "zaaktype": app.zaaktype_url,
                "bronorganisatie": "002220647",
                "verantwoordelijkeOrganisatie": "002220647",
                "startdatum": "2026-11-23",
            }
        )


def test_a_request_without_a_token_gets_401() -> None:
    app = ZgwSandboxApp("http://zgw.test")
    with httpx.Client(transport=httpx.WSGITransport(app=app)) as http:
        response = http.get(app.api_url("catalogi") + "/statustypen")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_subscribers_get_only_the_types_they_asked_for() -> None:
    app = ZgwSandboxApp("http://zgw.test")
    with _client(app) as client:
        client.create_subscription(
            {
                "protocol": "HTTP",
                "sink": "http://spil.test/hook",
                "domain": "nl.vng.zaken",
                "types": ["nl.vng.zaken.status_gecreeerd"],
            }
        )
    zaak = _new_zaak(app)
    assert app.pending == []  # zaak_aangemaakt was not asked for
    app.set_status_elsewhere(str(zaak["uuid"]), "In uitvoering")
    [delivery] = app.pending
    assert delivery.event["type"] == "nl.vng.zaken.status_gecreeerd"
    assert delivery.event["data"]["zaak"] == zaak["url"]
    assert "Authorization" not in delivery.headers  # the subscription gave no credential


def test_the_zaaksysteem_page_shows_the_zaak_and_sets_a_status() -> None:
    app = ZgwSandboxApp("http://zgw.test")
    zaak = _new_zaak(app)
    page_url = f"http://zgw.test/zaaksysteem/zaken/{zaak['uuid']}"
    with httpx.Client(transport=httpx.WSGITransport(app=app)) as http:
        page = http.get(page_url)
        assert page.status_code == 200 and str(zaak["identificatie"]) in page.text
        http.post(page_url, data={"status": "Afgerond"})
        assert "Afgerond" in http.get(page_url).text
        assert http.get("http://zgw.test/zaaksysteem/zaken/unknown").status_code == 404
    with _client(app, ZAAKSYSTEEM_CLIENT_ID) as colleague:
        assert colleague.get_zaak(str(zaak["url"]))["einddatum"] is not None


def test_the_state_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "zgw.json"
    first = ZgwSandboxApp("http://zgw.test", state_file=state)
    zaak = _new_zaak(first)
    second = ZgwSandboxApp("http://zgw.test", state_file=state)
    with _client(second) as client:
        assert client.get_zaak(str(zaak["url"]))["identificatie"] == zaak["identificatie"]
