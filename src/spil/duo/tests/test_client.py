"""DuoClient: retries with exponential back-off, error mapping, validation both ways."""

from __future__ import annotations

import socket
from collections.abc import Iterable
from typing import Any

import httpx
import pytest
from django.utils import translation

from spil.duo.client import (
    NON_IDEMPOTENT_OPERATIONS,
    ContractViolation,
    DuoClient,
    DuoRefused,
    DuoUnavailable,
)
from spil_dev.duo_sandbox import SANDBOX_DUO_OIN
from spil_dev.testing.duo import GEM_A, Env, make_client


def test_base_url_with_or_without_v1() -> None:
    assert DuoClient("https://duo.example:1234", GEM_A, SANDBOX_DUO_OIN).base_url == (
        "https://duo.example:1234/v1"
    )
    assert DuoClient("https://duo.example/v1/", GEM_A, SANDBOX_DUO_OIN).base_url == (
        "https://duo.example/v1"
    )


def test_get_is_retried_with_exponential_backoff(env: Env) -> None:
    bsn = env.person()
    env.store.inject_fault(503, times=2)
    assert env.a.get_inburgeringsplicht(bsn)["indicatorInburgeringsplicht"] is True
    assert env.sleeps == [0.5, 1.0]


def test_retries_exhausted_raise_unavailable(env: Env) -> None:
    bsn = env.person()
    env.store.inject_fault(500, times=5)
    with pytest.raises(DuoUnavailable) as exc:
        env.a.get_inburgeringsplicht(bsn)
    assert exc.value.attempts == 3 and exc.value.status == 500
    assert env.sleeps == [0.5, 1.0]
    assert bsn not in str(exc.value)
    with translation.override("en"):
        assert exc.value.message == "DUO cannot be reached right now. Please try again later."
    with translation.override("nl"):
        assert exc.value.message.startswith("DUO is tijdelijk niet bereikbaar")


def test_put_is_retried(env: Env) -> None:
    bsn = env.person()
    env.store.inject_fault(502, times=1, operation_id="updateUrenTaallesEnKnmByBSN")
    env.a.update_uren_taalles_knm(bsn, 12)
    assert env.store.person(bsn).uren[GEM_A].taalles_en_knm_brede_intake == 12
    assert env.sleeps == [0.5]


def test_post_pip_is_not_retried_on_5xx(env: Env) -> None:
    assert "postPipByBsn" in NON_IDEMPOTENT_OPERATIONS
    bsn = env.person()
    env.store.inject_fault(503, times=1, operation_id="postPipByBsn")
    with pytest.raises(DuoUnavailable) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    assert exc.value.attempts == 1 and env.sleeps == []
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})  # fault used up
    assert len(env.store.person(bsn).pips) == 1


def test_koppelen_overwrites_so_it_is_retried(env: Env) -> None:
    bsn = env.person()
    c = env.a.create_contactpersoon(
        {"naam": "Jan", "email": "jan@a.nl", "telefoonnummer": "0301234567"}
    )
    env.store.inject_fault(503, times=1, operation_id="postContactpersoonByBsn")
    env.a.koppel_contactpersoon(c["id"], bsn)
    assert env.sleeps == [0.5]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_network_error_is_retried_then_unavailable() -> None:
    sleeps: list[float] = []
    client = DuoClient(
        f"http://127.0.0.1:{_closed_port()}",
        GEM_A,
        SANDBOX_DUO_OIN,
        retries=3,
        backoff=0.1,
        sleep=sleeps.append,
        timeout=2,
    )
    with pytest.raises(DuoUnavailable) as exc:
        client.get_verlengingsgronden()
    assert exc.value.attempts == 4 and exc.value.status is None
    assert sleeps == pytest.approx([0.1, 0.2, 0.4])
    # a connection failure means DUO never got the request: even POST PIP is retried
    sleeps.clear()
    with pytest.raises(DuoUnavailable):
        client.post_pip("999100002", {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    assert len(sleeps) == 3


class _Counting:
    """WSGI middleware counting requests that reach the sandbox."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.count = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.count += 1
        return self.app(environ, start_response)  # type: ignore[no-any-return]


def test_invalid_request_is_never_sent(env: Env) -> None:
    counting = _Counting(env.app)
    client = make_client(counting, GEM_A)
    with pytest.raises(ContractViolation) as exc:
        client.get_inburgeringsplicht("12345")
    assert exc.value.direction == "request"
    assert [e.field for e in exc.value.errors] == ["bsn", "bsn"]
    with pytest.raises(ContractViolation):
        client.post_pip("999100002", {"dagtekeningPip": "gisteren", "leerroute": "B"})
    with pytest.raises(ContractViolation):
        client.update_uren_taalles_knm("999100002", -1)
    assert counting.count == 0
    bad_bron = make_client(counting, "123")
    with pytest.raises(ContractViolation):
        bad_bron.get_verlengingsgronden()
    assert counting.count == 0


def _off_contract_duo(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """A DUO that answers a declared status with a wrong body."""
    start_response("200 OK", [("Content-Type", "application/json"), ("API-Version", "1.0.0")])
    return [b'{"indicatorInburgeringsplicht": "ja"}']


def _no_api_version_duo(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Something in front of DUO (a proxy) answering without DUO's API-Version header."""
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{"indicatorInburgeringsplicht": true}']


def test_off_contract_response_is_rejected() -> None:
    client = make_client(_off_contract_duo, GEM_A)
    with pytest.raises(ContractViolation) as exc:
        client.get_inburgeringsplicht("999100002")
    assert exc.value.direction == "response"
    assert set(exc.value.messages) == {
        "body.indicatorInburgeringsplicht: must be of type boolean",
    }


def test_an_answer_without_api_version_is_transient() -> None:
    client = make_client(_no_api_version_duo, GEM_A)
    with pytest.raises(DuoUnavailable) as exc:
        client.get_inburgeringsplicht("999100002")
    assert exc.value.reason == "HTTP 200 without API-Version"
    assert exc.value.attempts == 3  # retried with back-off like a 5xx


@pytest.mark.parametrize("status", [401, 429, 502])
def test_a_status_the_yaml_does_not_declare_is_retried_then_transient(
    env: Env, status: int
) -> None:
    bsn = env.person()
    env.store.inject_fault(status, times=1, operation_id="getInburgeringsplichtByBsn")
    assert env.a.get_inburgeringsplicht(bsn)["indicatorInburgeringsplicht"] is True
    env.store.inject_fault(status, times=5, operation_id="getInburgeringsplichtByBsn")
    with pytest.raises(DuoUnavailable) as exc:
        env.a.get_inburgeringsplicht(bsn)
    assert exc.value.status == status and exc.value.attempts == 3


def test_refusal_keeps_duo_messages_for_display(env: Env) -> None:
    bsn = env.person()
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "Z", "niveau": "B1"})
    assert exc.value.status == 403
    assert exc.value.message == "Niveau B1 mag niet in combinatie met de Z-route."
    assert bsn not in str(exc.value)


def test_refusal_without_body_has_a_generic_message_in_the_users_language(env: Env) -> None:
    bsn = env.person()
    with pytest.raises(DuoRefused) as exc:
        env.c.get_doelgroep(bsn)
    assert exc.value.foutmeldingen == []
    with translation.override("en"):
        assert exc.value.message == "DUO refused the request (403)."
    with translation.override("nl"):
        assert exc.value.message == "DUO heeft het verzoek geweigerd (403)."
    with translation.override("ar"):
        assert "DUO" in exc.value.message and "403" in exc.value.message
        assert exc.value.message != "DUO refused the request (403)."


def test_client_sends_fresh_bericht_id_and_oins(env: Env) -> None:
    seen: list[dict[str, str]] = []

    def spy(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        seen.append({k: v for k, v in environ.items() if k.startswith("HTTP_")})
        return env.app(environ, start_response)

    client = make_client(spy, GEM_A)
    client.get_verlengingsgronden()
    client.get_verlengingsgronden()
    assert [s["HTTP_BRON"] for s in seen] == [GEM_A, GEM_A]
    assert {s["HTTP_DOEL"] for s in seen} == {SANDBOX_DUO_OIN}
    assert seen[0]["HTTP_BERICHTID"] != seen[1]["HTTP_BERICHTID"]


def test_context_manager_closes(env: Env) -> None:
    with make_client(env.app, GEM_A) as client:
        client.get_instellingen()
    with pytest.raises(RuntimeError):
        client.get_instellingen()


def test_httpx_transport_errors_other_than_connect_not_retried_for_post(env: Env) -> None:
    class Exploding(httpx.BaseTransport):
        calls = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            Exploding.calls += 1
            raise httpx.ReadTimeout("slow", request=request)

    sleeps: list[float] = []
    client = DuoClient(
        "http://duo.test", GEM_A, SANDBOX_DUO_OIN, transport=Exploding(), sleep=sleeps.append
    )
    with pytest.raises(DuoUnavailable):
        client.create_contactpersoon(
            {"naam": "Jan", "email": "jan@a.nl", "telefoonnummer": "0301234567"}
        )
    assert Exploding.calls == 1
    with pytest.raises(DuoUnavailable):
        client.get_instellingen()
    assert Exploding.calls == 4 and sleeps == [0.5, 1.0]
