"""The Notificatie API exactly as DUO's openapi.yml: requests built and validated by the
contract layer, every response validated against the YAML."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from spil.accounts.models import Organisation
from spil.duo.contract import check_response, notificatie_api_version
from spil.duo.models import DuoNotification, NotificationStatus
from spil.duo.tests.support import URL, DuoEnv, make_env
from spil.duo_inbound import services
from spil.testing import World, next_test_bsn
from spil_dev.duo_sandbox import SANDBOX_DUO_OIN
from spil_dev.duo_sandbox.notify import build_notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def duo(world: World, monkeypatch: pytest.MonkeyPatch) -> DuoEnv:
    return make_env(world, monkeypatch)


def conforms(response: Any) -> list[str]:
    """Errors of the response against the YAML, every status and body included."""
    _, errors = check_response(
        "Notificatie",
        "POST",
        "/notificaties",
        response.status_code,
        list(response.headers.items()),
        response.content or None,
    )
    return [str(e) for e in errors]


def test_created_with_api_version_and_stored(duo: DuoEnv) -> None:
    bsn = duo.person()
    built = build_notification(SANDBOX_DUO_OIN, duo.a, "SS139", bsn=bsn)  # validated request
    response = Client(enforce_csrf_checks=True).post(
        URL, data=built.raw, content_type="application/json", headers=built.headers
    )
    assert response.status_code == 201
    assert response["API-Version"] == notificatie_api_version()
    assert not response.content
    assert conforms(response) == []
    stored = DuoNotification.objects.get(bericht_id=built.headers["berichtId"])
    assert stored.gebeurtenis_id == "SS139" and stored.bsn == bsn
    assert stored.municipality == duo.world.gemeente_a
    assert "sessionid" not in response.cookies


def test_a_repeated_bericht_id_is_accepted_and_changes_nothing(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person()
    message = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        first = duo.post("SS139", bsn, bericht_id=message)
    notification = DuoNotification.objects.get()
    assert notification.status == NotificationStatus.PROCESSED
    snapshot = (notification.processed_at, notification.attempts)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = duo.post("SS139", bsn, bericht_id=message)
    assert (first.status_code, second.status_code) == (201, 201)
    assert conforms(second) == []
    assert callbacks == []  # nothing queued for the repeat
    notification.refresh_from_db()
    assert DuoNotification.objects.count() == 1
    assert (notification.processed_at, notification.attempts) == snapshot
    assert notification.person is not None
    assert notification.person.timeline.filter(kind="duo_event").count() == 1


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("missing_bron", "bron"),
        ("short_doel", "doel"),
        ("missing_bericht_id", "berichtId"),
        ("bad_bsn", "bsn"),
        ("missing_event", "gebeurtenisId"),
        ("lowercase_event", "gebeurtenisId"),
        ("missing_moment", "registratieDatumTijd"),
        ("not_json", "body"),
        ("v_nummer_too_big", "vNummer"),
        ("bericht_id_not_uuid", "berichtId"),
    ],
)
def test_invalid_requests_get_400_without_a_body_and_the_field_is_logged(
    duo: DuoEnv, case: str, field: str, caplog: pytest.LogCaptureFixture
) -> None:
    bsn = "999990019"
    headers: dict[str, str] = {
        "bron": SANDBOX_DUO_OIN,
        "doel": duo.a,
        "berichtId": str(uuid.uuid4()),
    }
    body: Any = {
        "registratieDatumTijd": "2025-06-16T10:00:00+02:00",
        "gebeurtenisId": "SS101",
        "bsn": bsn,
    }
    if case == "missing_bron":
        del headers["bron"]
    elif case == "short_doel":
        headers["doel"] = "123"
    elif case == "missing_bericht_id":
        del headers["berichtId"]
    elif case == "bericht_id_not_uuid":
        headers["berichtId"] = "not-a-uuid-at-all"
    elif case == "bad_bsn":
        body["bsn"] = "99999001X"
    elif case == "missing_event":
        del body["gebeurtenisId"]
    elif case == "lowercase_event":
        body["gebeurtenisId"] = "ss101"
    elif case == "missing_moment":
        del body["registratieDatumTijd"]
    elif case == "v_nummer_too_big":
        body["vNummer"] = 99999999999
    raw = b"{not json" if case == "not_json" else json.dumps(body).encode()
    with caplog.at_level("INFO", logger="spil.duo.api"):
        response = Client().post(URL, data=raw, content_type="application/json", headers=headers)
    assert response.status_code == 400, case
    assert response["API-Version"] == notificatie_api_version()
    assert conforms(response) == []
    assert not response.content  # the YAML declares no body for 400
    assert field in caplog.text
    assert bsn not in caplog.text
    assert DuoNotification.objects.count() == 0


def test_a_sender_other_than_duo_gets_401(duo: DuoEnv) -> None:
    response = duo.post("SS101", next_test_bsn(), bron="00000001009999999000")
    assert response.status_code == 401
    assert response["API-Version"] == notificatie_api_version()
    assert conforms(response) == []
    assert DuoNotification.objects.count() == 0


def test_the_gateway_header_must_carry_duos_oin(duo: DuoEnv, settings: Any) -> None:
    settings.SPIL_DUO_GATEWAY_OIN_HEADER = "X-Client-Cert-OIN"
    missing = duo.post("SS101", next_test_bsn())
    other = duo.post("SS101", next_test_bsn(), extra_headers={"X-Client-Cert-OIN": "0" * 20})
    good = duo.post("SS101", duo.person(), extra_headers={"X-Client-Cert-OIN": SANDBOX_DUO_OIN})
    assert (missing.status_code, other.status_code, good.status_code) == (401, 401, 201)
    for response in (missing, other, good):
        assert response["API-Version"] == notificatie_api_version()
        assert conforms(response) == []


@pytest.mark.parametrize("case", ["unknown", "inactive", "not_a_gemeente"])
def test_a_doel_that_is_no_active_gemeente_gets_403(duo: DuoEnv, case: str) -> None:
    doel = "00000001004444444000"
    if case == "inactive":
        Organisation.objects.filter(pk=duo.world.gemeente_b.pk).update(is_active=False)
        services.clear_municipality_cache()
        doel = duo.b
    elif case == "not_a_gemeente":
        duo.world.regio.oin = "00000001005555555000"
        duo.world.regio.save()
        doel = duo.world.regio.oin
    response = duo.post("SS101", next_test_bsn(), doel=doel)
    assert response.status_code == 403
    assert response["API-Version"] == notificatie_api_version()
    assert conforms(response) == []
    assert DuoNotification.objects.count() == 0


def test_other_methods_get_405_with_api_version(duo: DuoEnv) -> None:
    response = Client().get(URL)
    assert response.status_code == 405
    assert response["API-Version"] == notificatie_api_version()


def test_the_fast_path_never_accepts_what_the_contract_refuses() -> None:
    """The API checks plainly valid requests with precompiled validators; every request it
    lets through that way must also pass the contract layer."""
    import random

    from django.test import RequestFactory

    from spil.duo.contract import check_request
    from spil.duo_inbound.api import _plainly_valid

    rng = random.Random(7)
    # (mostly valid values, invalid or odd values); None: leave the field out
    fields: dict[str, tuple[list[Any], list[Any]]] = {
        "registratieDatumTijd": (
            ["2025-06-16T10:00:00+02:00", "2025-06-16T10:00:00Z", "2025-06-16T10:00:00.123+00:00"],
            ["2025-13-16T10:00:00Z", "2025-06-16 10:00:00Z", "2025-06-16", 20250616, None],
        ),
        "gebeurtenisId": (["SS101", "S", "SS1011"], ["SS10111", "ss101", "", 101, None]),
        "bsn": (["999990019", None], ["99999001", "9999900190", "99999001x", 999990019]),
        "vNummer": ([0, 9999999999, None], [10000000000, -1, "12", True, 1.5]),
        "bron": ([SANDBOX_DUO_OIN], ["0" * 19, "0" * 21, None]),
        "berichtId": (
            [str(uuid.uuid4()), "3FA85F64-5717-4562-B3FC-2C963F66AFA6"],
            ["nope", "3fa85f6457174562b3fc2c963f66afa6", None],
        ),
    }
    factory = RequestFactory()
    accepted = 0
    for _ in range(600):
        picked = {
            k: rng.choice(ok if rng.random() < 0.8 else bad) for k, (ok, bad) in fields.items()
        }
        body = {k: v for k, v in picked.items() if v is not None and k not in ("bron", "berichtId")}
        head = {k: str(picked[k]) for k in ("bron", "berichtId") if picked[k] is not None}
        head["doel"] = "00000001000000000001"
        raw = json.dumps(body).encode()
        request = factory.post(URL, data=raw, content_type="application/json", headers=head)
        if _plainly_valid(request, raw):
            accepted += 1
            pairs = [*head.items(), ("Content-Type", "application/json")]
            _, errors = check_request("Notificatie", "POST", "/notificaties", pairs, None, raw)
            assert errors == [], (head, body, errors)
    assert accepted > 50


def test_the_wsgi_fast_path_answers_like_the_view(duo: DuoEnv) -> None:
    """spil.wsgi routes notifications past the browser middleware; same contract."""
    import httpx
    from django.core import signals
    from django.db import close_old_connections

    from spil.wsgi import application

    bsn = duo.person()
    built = build_notification(SANDBOX_DUO_OIN, duo.a, "SS101", bsn=bsn)
    # as Django's test client does: keep the test's database connection open
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with httpx.Client(transport=httpx.WSGITransport(app=application)) as client:
            ok = client.post(f"http://127.0.0.1{URL}", content=built.raw, headers=built.headers)
            bad_host = client.post(
                f"http://evil.example{URL}", content=built.raw, headers=built.headers
            )
            other = client.post("http://127.0.0.1/healthz", content=b"")
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert ok.status_code == 201 and ok.headers["API-Version"] == notificatie_api_version()
    assert bad_host.status_code == 400 and bad_host.headers["API-Version"]
    assert not bad_host.content
    assert other.status_code != 201  # everything else still goes through Django's stack
    assert DuoNotification.objects.filter(bericht_id=built.headers["berichtId"]).exists()
