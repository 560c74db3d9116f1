"""Every ZGW exchange against the official YAMLs, both ways: Spil's requests and the
sandbox's answers, the sandbox's checks of what it receives, and Spil's webhook."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from django.test import Client

from spil.zaken.client import ZgwClient, ZgwConfig
from spil.zaken.contract import ContractViolation, check_request, check_response
from spil_dev.testing.zgw import NOTIFICATION_TOKEN
from spil_dev.zgw_sandbox import SANDBOX_CLIENT_ID, SANDBOX_SECRET, ZgwSandboxApp


def _config(app: ZgwSandboxApp, secret: str = SANDBOX_SECRET) -> ZgwConfig:
    return ZgwConfig(
        app.api_url("zaken"),
        app.api_url("catalogi"),
        app.api_url("documenten"),
        app.api_url("notificaties"),
        SANDBOX_CLIENT_ID,
        secret,
    )


def _zaak(app: ZgwSandboxApp) -> dict[str, Any]:
    return {
        "zaaktype": app.zaaktype_url,
        "bronorganisatie": "002220647",
        "verantwoordelijkeOrganisatie": "002220647",
        "startdatum": "2026-11-23",
    }


def test_spil_request_that_breaks_the_yaml_never_leaves() -> None:
    app = ZgwSandboxApp("http://zgw.test")
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    with (
        ZgwClient(_config(app), transport=httpx.MockTransport(record)) as client,
        pytest.raises(ContractViolation) as raised,
    ):
        client.create_zaak({"zaaktype": app.zaaktype_url, "startdatum": "23-11-2026"})
    assert sent == []
    assert "bronorganisatie" in str(raised.value) and raised.value.direction == "request"


def test_an_answer_that_breaks_the_yaml_is_refused() -> None:
    app = ZgwSandboxApp("http://zgw.test")

    def incomplete_zaak(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json={"url": "http://zgw.test/zaken/api/v1/zaken/x"})

    with (
        ZgwClient(_config(app), transport=httpx.MockTransport(incomplete_zaak)) as client,
        pytest.raises(ContractViolation) as raised,
    ):
        client.create_zaak(_zaak(app))
    assert raised.value.direction == "response" and "uuid" in str(raised.value)


def test_every_exchange_spil_uses_passes_both_checks() -> None:
    app = ZgwSandboxApp("http://zgw.test")
    with ZgwClient(_config(app), transport=httpx.WSGITransport(app=app)) as client:
        statustypen = client.statustypen(app.zaaktype_url)
        zaak = client.create_zaak(_zaak(app))
        status = client.create_status(
            {
                "zaak": zaak["url"],
                "statustype": statustypen[0]["url"],
                "datumStatusGezet": "2026-11-23T10:00:00+01:00",
            }
        )
        assert client.get_zaak(zaak["url"])["status"] == status["url"]
        assert client.get_status(status["url"])["statustype"] == statustypen[0]["url"]
        document = client.create_document(
            {
                "bronorganisatie": "002220647",
                "creatiedatum": "2026-11-23",
                "titel": "PIP",
                "auteur": "Spil",
                "taal": "nld",
                "informatieobjecttype": app.informatieobjecttype_url("pip"),
                "inhoud": "JVBERi0=",
            }
        )
        link = client.create_zaakinformatieobject(
            {"zaak": zaak["url"], "informatieobject": document["url"]}
        )
        assert link["informatieobject"] == document["url"]
    assert app.refused == []


def test_the_sandbox_refuses_a_request_against_the_yaml_with_the_specs_400() -> None:
    app = ZgwSandboxApp("http://zgw.test")
    with ZgwClient(_config(app), transport=httpx.WSGITransport(app=app)) as client:
        headers = client._headers(body=True, crs=True)
    with httpx.Client(transport=httpx.WSGITransport(app=app)) as http:
        response = http.post(
            app.api_url("zaken") + "/zaken", json={"startdatum": "2026-11-23"}, headers=headers
        )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert (
        check_response("zaken-api", "POST", "/zaken", 400, response.headers, response.content) == []
    )
    assert "bronorganisatie" in app.refused[0]


def test_the_sandbox_checks_the_jwt() -> None:
    app = ZgwSandboxApp("http://zgw.test")
    with (
        ZgwClient(
            _config(app, secret="not-the-secret-of-the-sandbox-at-all-32"),
            transport=httpx.WSGITransport(app=app),
        ) as c,
        pytest.raises(Exception, match="401"),
    ):
        c.create_zaak(_zaak(app))


@pytest.mark.django_db
def test_the_events_the_sandbox_delivers_conform_and_spil_accepts_them(zgw: ZgwSandboxApp) -> None:
    zgw.state.subscriptions["5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4f01"] = {
        "sink": "http://testserver/api/zgw/notificaties",
        "domain": "nl.vng.zaken",
        "sinkCredential": {"accessToken": NOTIFICATION_TOKEN},
    }
    with ZgwClient(_config(zgw), transport=httpx.WSGITransport(app=zgw)) as client:
        client.create_zaak(_zaak(zgw))
    delivery = zgw.pending[0]
    assert (
        check_request("notificaties-api", "POST", "/events", delivery.headers, None, delivery.event)
        == []
    )
    response = Client().post(
        "/api/zgw/notificaties",
        data=delivery.event,
        content_type="application/json",
        headers={"Authorization": f"Bearer {NOTIFICATION_TOKEN}"},
    )
    assert response.status_code == 204


@pytest.mark.django_db
def test_spil_webhook_refuses_wrong_token_and_non_events(zgw: ZgwSandboxApp) -> None:
    client = Client()
    wrong = client.post(
        "/api/zgw/notificaties",
        data={"id": "1"},
        content_type="application/json",
        headers={"Authorization": "Bearer wrong"},
    )
    assert wrong.status_code == 401
    assert (
        check_response(
            "notificaties-api", "POST", "/subscriptions", 401, wrong.headers, wrong.content
        )
        == []
    )
    invalid = client.post(
        "/api/zgw/notificaties",
        data={"id": "1", "specversion": "0.3"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {NOTIFICATION_TOKEN}"},
    )
    assert invalid.status_code == 400
    body = json.loads(invalid.content)
    assert "specversion" in body["detail"] and "source" in body["detail"]
    assert (
        check_response(
            "notificaties-api", "POST", "/subscriptions", 400, invalid.headers, invalid.content
        )
        == []
    )


def test_subscription_request_conforms(zgw: ZgwSandboxApp) -> None:
    from spil.zaken import services

    url = services.subscribe()
    subscription = zgw.state.subscriptions[url.rsplit("/", 1)[-1]]
    assert subscription["sink"] == "http://testserver/api/zgw/notificaties"
    assert subscription["sinkCredential"]["accessToken"] == NOTIFICATION_TOKEN
