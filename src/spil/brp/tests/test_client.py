"""BrpClient against the sandbox in-process (httpx.WSGITransport); failures come from real
WSGI wrappers around the sandbox, not from mocks."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import httpx
import pytest

from spil.brp.client import (
    BrpClient,
    BrpDate,
    BrpInvalidRequest,
    BrpInvalidResponse,
    BrpRefused,
    BrpUnavailable,
    CodeValue,
    mask_bsn,
)
from spil_dev.brp_sandbox import BrpSandboxApp
from spil_dev.testing.brp import BASE_URL, BSN_MAIN, BSN_PARTNER, BSN_SINGLE, BSN_UNKNOWN

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class FailFirst:
    """WSGI wrapper: answers ``status`` (a spec-conformant problem) ``times`` times, then
    passes requests on to the sandbox. Counts the calls."""

    def __init__(
        self,
        app: WSGIApp,
        times: int,
        status: int = 503,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        self.app, self.times, self.status, self.headers = app, times, status, headers or []
        self.calls = 0

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        self.calls += 1
        if self.calls <= self.times:
            body = json.dumps(
                {
                    "title": "Bronservice BRP is tijdelijk niet beschikbaar.",
                    "status": self.status,
                    "code": "notAvailable",
                }
            ).encode()
            start_response(
                f"{self.status} Unavailable",
                [("Content-Type", "application/problem+json"), *self.headers],
            )
            return [body]
        return self.app(environ, start_response)


class Rewrite:
    """WSGI wrapper: passes the request on and rewrites the JSON response body."""

    def __init__(
        self, app: WSGIApp, change: Callable[[Any], Any], status: str | None = None
    ) -> None:
        self.app, self.change, self.status = app, change, status

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            captured["status"], captured["headers"] = status, headers

        body = json.loads(b"".join(self.app(environ, capture)))
        data = json.dumps(self.change(body)).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        if self.status:
            headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
            headers.append(("Content-Type", "application/problem+json"))
        start_response(self.status or captured["status"], headers)
        return [data]


def _client(app: WSGIApp, sleeps: list[float] | None = None, **kwargs: Any) -> BrpClient:
    sink = sleeps if sleeps is not None else []
    return BrpClient(BASE_URL, transport=httpx.WSGITransport(app=app), sleep=sink.append, **kwargs)


# --------------------------------------------------------------------------- found / not found


def test_found_person_is_fully_typed(client: BrpClient) -> None:
    person = client.get_person(BSN_MAIN)
    assert person is not None
    assert person.bsn == BSN_MAIN
    assert (person.given_names, person.prefix, person.family_name) == (
        "Yusuf Ahmad",
        None,
        "Haddad",
    )
    assert person.full_name == "Yusuf Ahmad Haddad"
    assert person.date_of_birth == BrpDate("Datum", date(1988, 3, 14), 1988, 3, "14 maart 1988")
    assert person.gender == CodeValue("M", "man")
    assert person.place_of_birth == CodeValue(None, "Aleppo")
    assert person.country_of_birth == CodeValue("5016", "Syrië")
    assert person.nationality == CodeValue("0095", "Syrische")
    assert not person.is_stateless
    assert (person.street, person.house_number, person.street_and_number) == (
        "Stationsstraat",
        12,
        "Stationsstraat 12B",
    )
    assert (person.postcode, person.city) == ("3511AB", "Utrecht")
    assert person.address is not None and person.address.kind == "Adres"
    assert (person.municipality_code, person.municipality_name) == ("0344", "Utrecht")
    assert person.settled_in_netherlands_on == BrpDate(
        "Datum", date(2023, 11, 20), 2023, 11, "20 november 2023"
    )
    assert not person.confidential

    (partner,) = person.partners
    assert (partner.bsn, partner.full_name) == (BSN_PARTNER, "Amina Haddad")
    assert partner.date_of_birth is not None and partner.date_of_birth.value == date(1990, 7, 2)
    assert partner.kind_of_union == CodeValue("H", "huwelijk")

    lina, omar = person.children
    assert (lina.given_names, lina.date_of_birth and lina.date_of_birth.value) == (
        "Lina",
        date(2015, 9, 10),
    )
    assert omar.date_of_birth == BrpDate("JaarMaandDatum", None, 2019, 1, "januari 2019")
    assert str(omar.date_of_birth) == "2019-01"


def test_incomplete_birth_date_stateless_and_confidential(client: BrpClient) -> None:
    person = client.get_person(BSN_SINGLE)
    assert person is not None
    assert person.date_of_birth is not None and not person.date_of_birth.is_complete
    assert (person.date_of_birth.kind, person.date_of_birth.year) == ("JaarDatum", 1995)
    assert person.is_stateless and person.nationality is None
    assert person.prefix == "de"
    assert person.street_and_number == "Lange Nieuwstraat 4-bis"
    assert person.confidential is True
    assert person.partners == () and person.children == ()


def test_not_found_is_none(client: BrpClient) -> None:
    assert client.get_person(BSN_UNKNOWN) is None


def test_fields_are_honoured(app: BrpSandboxApp) -> None:
    with _client(app, fields=("naam.geslachtsnaam", "verblijfplaats.verblijfadres.postcode")) as c:
        body = c.raadpleeg([BSN_MAIN])
        assert body["personen"] == [
            {
                "naam": {"geslachtsnaam": "Haddad"},
                "verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "3511AB"}},
            }
        ]
        person = c.get_person(BSN_MAIN)
    assert person is not None
    assert (person.family_name, person.postcode) == ("Haddad", "3511AB")
    assert person.bsn is None and person.given_names is None and person.street is None
    assert person.date_of_birth is None and person.partners == ()


def test_get_persons_batches_by_twenty(app: BrpSandboxApp) -> None:
    counter = FailFirst(app, times=0)
    with _client(counter) as c:
        bsns = [BSN_UNKNOWN] * 3 + [f"{999_100_000 + i:09d}" for i in range(25)] + [BSN_MAIN]
        persons = c.get_persons(bsns)
    assert [p.bsn for p in persons] == [BSN_MAIN]
    assert counter.calls == 2  # 27 distinct BSNs -> 20 + 7


# --------------------------------------------------------------------------- contract both ways


def test_request_violating_the_spec_is_not_sent(app: BrpSandboxApp) -> None:
    counter = FailFirst(app, times=0)
    with _client(counter) as c, pytest.raises(BrpInvalidRequest) as info:
        c.get_person("99999001")
    assert counter.calls == 0
    assert "99999001" not in str(info.value)
    assert isinstance(info.value, ValueError)


def test_spec_valid_but_refused_request_gets_400_with_problem_details(app: BrpSandboxApp) -> None:
    with _client(app, fields=("naam", "bestaatNiet")) as c, pytest.raises(BrpRefused) as info:
        c.get_person(BSN_MAIN)
    err = info.value
    assert err.status == 400
    assert err.title == "Een of meerdere parameters zijn niet correct."
    assert err.detail == "De foutieve parameter(s) zijn fields.1."
    assert err.code == "paramsValidation"
    assert err.invalid_params == ("fields.1",)


def test_response_violating_the_spec_is_rejected(app: BrpSandboxApp) -> None:
    def break_bsn(body: Any) -> Any:
        body["personen"][0]["burgerservicenummer"] = "12"
        return body

    with _client(Rewrite(app, break_bsn)) as c, pytest.raises(BrpInvalidResponse) as info:
        c.get_person(BSN_MAIN)
    assert "personen.0.burgerservicenummer" in str(info.value)

    untyped = Rewrite(app, lambda b: {"personen": b["personen"]})
    with _client(untyped) as c, pytest.raises(BrpInvalidResponse, match=r"body\.type: is required"):
        c.get_person(BSN_MAIN)


def test_response_about_another_person_is_rejected(app: BrpSandboxApp) -> None:
    def swap(body: Any) -> Any:
        body["personen"][0]["burgerservicenummer"] = BSN_PARTNER
        return body

    with _client(Rewrite(app, swap)) as c, pytest.raises(BrpInvalidResponse) as info:
        c.get_person(BSN_MAIN)
    assert BSN_MAIN not in str(info.value) and "*****0019" in str(info.value)


# --------------------------------------------------------------------------- retries


def test_retries_503_with_backoff_then_succeeds(app: BrpSandboxApp) -> None:
    flaky = FailFirst(app, times=2)
    sleeps: list[float] = []
    with _client(flaky, sleeps, retries=2, backoff=0.5) as c:
        person = c.get_person(BSN_MAIN)
    assert person is not None and person.family_name == "Haddad"
    assert flaky.calls == 3
    assert sleeps == [0.5, 1.0]


def test_gives_up_after_the_retries(app: BrpSandboxApp, caplog: pytest.LogCaptureFixture) -> None:
    down = FailFirst(app, times=99)
    sleeps: list[float] = []
    caplog.set_level(logging.DEBUG, logger="spil.brp")
    client = _client(down, sleeps, retries=3, backoff=1.0, max_backoff=3.0)
    with client as c, pytest.raises(BrpUnavailable) as info:
        c.get_person(BSN_MAIN)
    err = info.value
    assert (err.attempts, err.status, down.calls) == (4, 503, 4)
    assert sleeps == [1.0, 2.0, 3.0]  # capped at max_backoff
    assert BSN_MAIN not in str(err) and "*****0019" in str(err)
    assert caplog.records and all(BSN_MAIN not in r.getMessage() for r in caplog.records)


def test_retry_after_is_honoured_for_429(app: BrpSandboxApp) -> None:
    throttled = FailFirst(app, times=1, status=429, headers=[("Retry-After", "2")])
    sleeps: list[float] = []
    with _client(throttled, sleeps) as c:
        assert c.get_person(BSN_MAIN) is not None
    assert sleeps == [2.0]


def test_no_retries_when_disabled(app: BrpSandboxApp) -> None:
    down = FailFirst(app, times=1, status=500)
    with _client(down, retries=0) as c, pytest.raises(BrpUnavailable) as info:
        c.get_person(BSN_MAIN)
    assert (info.value.attempts, info.value.status, down.calls) == (1, 500, 1)


def test_network_errors_are_retried_then_unavailable() -> None:
    sleeps: list[float] = []
    with socket.socket() as sock:  # a port that was free a moment ago: a real connect error
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (
        BrpClient(
            f"http://127.0.0.1:{port}/haalcentraal/api/brp",
            timeout=2,
            retries=1,
            sleep=sleeps.append,
        ) as c,
        pytest.raises(BrpUnavailable) as info,
    ):
        c.get_person(BSN_MAIN)
    assert info.value.status is None
    assert info.value.reason == "ConnectError"
    assert sleeps == [0.5]


def test_4xx_is_not_retried(store: Any) -> None:
    from spil_dev.brp_sandbox import make_app

    app = make_app(store, api_key="goed")
    counter = FailFirst(app, times=0)
    with _client(counter, api_key="fout") as c, pytest.raises(BrpRefused) as info:
        c.get_person(BSN_MAIN)
    assert (info.value.status, info.value.title, counter.calls) == (
        401,
        "Niet correct geauthenticeerd.",
        1,
    )
    with _client(app, api_key="goed") as c:
        assert c.get_person(BSN_MAIN) is not None


# --------------------------------------------------------------------------- BSN masking


def test_bsn_is_masked_in_errors_reprs_and_server_texts(app: BrpSandboxApp) -> None:
    def leak(body: Any) -> Any:
        return {
            "title": "Geweigerd.",
            "status": 403,
            "detail": f"Persoon {BSN_MAIN} is afgeschermd.",
            "code": "autorisation",
        }

    with (
        _client(Rewrite(app, leak, status="403 Forbidden")) as c,
        pytest.raises(BrpRefused) as info,
    ):
        c.get_person(BSN_MAIN)
    err = info.value
    assert err.status == 403
    assert err.detail == "Persoon *****0019 is afgeschermd."
    assert BSN_MAIN not in str(err) and "*****0019" in str(err)
    assert err.masked_bsn == "*****0019"


def test_person_repr_hides_the_bsn(client: BrpClient) -> None:
    person = client.get_person(BSN_MAIN)
    assert person is not None
    assert BSN_MAIN not in repr(person) and BSN_PARTNER not in repr(person)
    assert person.masked_bsn == "*****0019"


def test_mask_bsn() -> None:
    assert mask_bsn("999990019") == "*****0019"
    assert mask_bsn("") == "*****"
    assert mask_bsn("123") == "***"
