"""Notifications DUO -> municipality, and the sandbox as a real threaded HTTP server."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from spil.duo.client import DuoClient
from spil.duo.contract import ContractViolation, check_request, notificatie_api_version
from spil_dev.duo_sandbox import (
    SANDBOX_DUO_OIN,
    SandboxStore,
    build_notification,
    build_server,
    send_notification,
)
from spil_dev.duo_sandbox.server import DEMO_GEMEENTE_OIN, seed_demo
from spil_dev.testing.duo import GEM_A

URL = "http://gemeente.test/api/duo/v1/notificaties"


class Municipality:
    """A minimal municipality Notificatie endpoint, validating with the contract layer."""

    def __init__(self, status: int = 201, version: str | None = None) -> None:
        self.received: list[tuple[dict[str, str], Any]] = []
        self.status = status
        self.version = version or notificatie_api_version()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        headers = {k[5:].lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        headers["content-type"] = environ.get("CONTENT_TYPE", "")
        _, errors = check_request(
            "Notificatie", "POST", environ["PATH_INFO"].split("/v1")[-1], headers, None, body
        )
        status = 400 if errors else self.status
        self.received.append((headers, json.loads(body)))
        start_response(f"{status} X", [("API-Version", self.version)])
        return []


def test_notification_is_spec_valid_and_delivered() -> None:
    gemeente = Municipality()
    result = send_notification(
        URL,
        SANDBOX_DUO_OIN,
        GEM_A,
        "999100002",
        "SS102",
        v_nummer=1234567890,
        transport=httpx.WSGITransport(app=gemeente),
    )
    assert result.accepted and result.status_code == 201 and result.response_errors == []
    headers, body = gemeente.received[0]
    assert headers["bron"] == SANDBOX_DUO_OIN and headers["doel"] == GEM_A
    assert str(uuid.UUID(headers["berichtid"])) == headers["berichtid"] == result.bericht_id
    assert body["gebeurtenisId"] == "SS102" and body["bsn"] == "999100002"
    assert body["vNummer"] == 1234567890
    sent = datetime.fromisoformat(body["registratieDatumTijd"])
    assert abs(datetime.now(UTC) - sent) < timedelta(minutes=1)


def test_every_notification_gets_a_fresh_bericht_id() -> None:
    ids = {
        build_notification(SANDBOX_DUO_OIN, GEM_A, "SS101", bsn="999100002").headers["berichtId"]
        for _ in range(5)
    }
    assert len(ids) == 5


def test_notification_without_bsn_and_with_local_time() -> None:
    moment = datetime(2025, 6, 16, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    built = build_notification(SANDBOX_DUO_OIN, GEM_A, "SS141", registratie_datum_tijd=moment)
    assert built.body == {
        "registratieDatumTijd": "2025-06-16T09:30:00+02:00",
        "gebeurtenisId": "SS141",
    }


def test_invalid_notifications_are_not_built() -> None:
    with pytest.raises(ValueError, match="unknown gebeurtenisId"):
        build_notification(SANDBOX_DUO_OIN, GEM_A, "SS999")
    with pytest.raises(ContractViolation) as exc:
        build_notification(SANDBOX_DUO_OIN, GEM_A, "ss101", allow_unknown_event=True)
    assert exc.value.messages == ["body.gebeurtenisId: does not match ^[0-9A-Z]{1,6}$"]
    with pytest.raises(ContractViolation) as exc2:
        build_notification(SANDBOX_DUO_OIN, "123", "SS101", bsn="12345678")
    assert {e.field for e in exc2.value.errors} == {"doel", "bsn"}
    assert "12345678" not in str(exc2.value)
    with pytest.raises(ValueError, match="timezone"):
        build_notification(
            SANDBOX_DUO_OIN, GEM_A, "SS101", registratie_datum_tijd=datetime(2025, 1, 1)
        )


def test_off_contract_municipality_answer_is_reported() -> None:
    gemeente = Municipality(status=200, version="v1")
    result = send_notification(
        URL, SANDBOX_DUO_OIN, GEM_A, None, "SS199", transport=httpx.WSGITransport(app=gemeente)
    )
    assert not result.accepted
    assert {str(e) for e in result.response_errors} >= {
        "status: status code is not declared for this operation"
    }


# ---- real HTTP server ---------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    state = tmp_path / "state.json"
    srv, _app = build_server("127.0.0.1", 0, state, demo=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", state
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def test_served_over_http_with_threads(server: tuple[str, Path]) -> None:
    url, state = server
    results: list[bool] = []

    def worker() -> None:
        with DuoClient(url, DEMO_GEMEENTE_OIN, SANDBOX_DUO_OIN) as client:
            results.append(
                client.get_inburgeringsplicht("999990019")["indicatorInburgeringsplicht"]
            )

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results == [True] * 8

    with DuoClient(url, DEMO_GEMEENTE_OIN, SANDBOX_DUO_OIN) as client:
        client.post_pip(
            "999990019", {"dagtekeningPip": datetime.now(UTC).date().isoformat(), "leerroute": "B"}
        )
        assert client.get_examennummer("999990019") == {"examennummer": "LBT000123456"}
    assert SandboxStore(state).person("999990019").actuele_pip is not None


def test_seed_demo_is_idempotent(tmp_path: Path) -> None:
    store = SandboxStore(tmp_path / "s.json")
    seed_demo(store)
    seed_demo(store)
    assert store.has_person("999990019") and store.has_person("999990020")


def test_sandbox_notifies_the_gemeente_of_the_person(tmp_path: Path) -> None:
    from spil_dev.duo_sandbox import make_app
    from spil_dev.testing.duo import seed_store

    store = SandboxStore()
    seed_store(store)
    store.add_gemeente(GEM_A, "0363", "Gemeente A", notificatie_url=URL)
    store.add_person("999100002", gemeente_oin=GEM_A, plicht_begindatum=None, v_nummer=77)
    gemeente = Municipality()
    result = make_app(store).notify(
        "999100002", "SS101", transport=httpx.WSGITransport(app=gemeente)
    )
    assert result.accepted
    headers, body = gemeente.received[0]
    assert headers["doel"] == GEM_A and body["vNummer"] == 77 and body["gebeurtenisId"] == "SS101"


def test_cli_notify(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from spil_dev.duo_sandbox import __main__ as cli

    gemeente = Municipality()
    from spil_dev.duo_sandbox.notify import send_notification as real

    def via_wsgi(*args: Any, **kwargs: Any) -> Any:
        return real(*args, transport=httpx.WSGITransport(app=gemeente), **kwargs)

    monkeypatch.setattr(cli, "send_notification", via_wsgi)
    code = cli.main(["notify", "--url", URL, "--doel", GEM_A, "--gebeurtenis", "SS102"])
    assert code == 0 and "status=201" in capsys.readouterr().out
    assert gemeente.received[0][1]["gebeurtenisId"] == "SS102"
