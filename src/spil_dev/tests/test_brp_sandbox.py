"""The sandbox over HTTP (httpx in-process via WSGITransport), its store and its server."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import httpx
import pytest

from spil.brp.client import BrpClient
from spil.brp.contract import (
    JSON_CONTENT_TYPE,
    PROBLEM_CONTENT_TYPE,
    ContractViolation,
    check_response,
)
from spil_dev.brp_sandbox import SandboxStore, build_datum, build_server, make_app, seed_demo
from spil_dev.testing.brp import BSN_MAIN, BSN_PARTNER, BSN_SINGLE, BSN_UNKNOWN, PERSONEN_URL

RAADPLEEG = "RaadpleegMetBurgerservicenummer"


def _post(http: httpx.Client, body: Any, **kwargs: Any) -> httpx.Response:
    return http.post(PERSONEN_URL, json=body, **kwargs)


def _raadpleeg(*bsns: str, fields: list[str], **extra: Any) -> dict[str, Any]:
    return {"type": RAADPLEEG, "burgerservicenummer": list(bsns), "fields": fields, **extra}


def _assert_conforms(response: httpx.Response) -> None:
    ct = response.headers["content-type"]
    assert check_response(response.status_code, response.content, ct) == []


def _bad_params(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    _assert_conforms(response)
    body = response.json()
    assert body["title"] == "Een of meerdere parameters zijn niet correct."
    assert body["code"] == "paramsValidation"
    return [(p["name"], p["code"]) for p in body["invalidParams"]]


# --------------------------------------------------------------------------- found / not found


def test_found_with_only_the_requested_fields(http: httpx.Client) -> None:
    response = _post(
        http, _raadpleeg(BSN_MAIN, fields=["naam.geslachtsnaam", "geboorte.datum", "leeftijd"])
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON_CONTENT_TYPE
    _assert_conforms(response)
    assert response.json() == {
        "type": RAADPLEEG,
        "personen": [
            {
                "naam": {"geslachtsnaam": "Haddad"},
                "geboorte": {
                    "datum": {
                        "type": "Datum",
                        "datum": "1988-03-14",
                        "langFormaat": "14 maart 1988",
                    }
                },
                "leeftijd": 37,  # on TODAY (2025-06-16)
            }
        ],
    }


def test_unknown_bsn_gives_an_empty_list(http: httpx.Client) -> None:
    response = _post(http, _raadpleeg(BSN_UNKNOWN, fields=["burgerservicenummer"]))
    assert response.status_code == 200
    assert response.json() == {"type": RAADPLEEG, "personen": []}


def test_several_bsns_known_ones_only(http: httpx.Client) -> None:
    body = _raadpleeg(BSN_UNKNOWN, BSN_SINGLE, BSN_MAIN, BSN_MAIN, fields=["burgerservicenummer"])
    personen = _post(http, body).json()["personen"]
    assert [p["burgerservicenummer"] for p in personen] == [BSN_SINGLE, BSN_MAIN]
    # geheimhouding is delivered automatically, without being asked for
    assert personen[0]["geheimhoudingPersoonsgegevens"] is True
    assert "geheimhoudingPersoonsgegevens" not in personen[1]


def test_gemeente_van_inschrijving_filters(http: httpx.Client) -> None:
    body = _raadpleeg(
        BSN_MAIN, BSN_PARTNER, fields=["burgerservicenummer"], gemeenteVanInschrijving="0363"
    )
    assert _post(http, body).json()["personen"] == [{"burgerservicenummer": BSN_PARTNER}]


def test_incomplete_dates_and_stateless(http: httpx.Client) -> None:
    body = _raadpleeg(BSN_SINGLE, fields=["geboorte.datum", "nationaliteiten", "leeftijd"])
    persoon = _post(http, body).json()["personen"][0]
    assert persoon["geboorte"]["datum"] == {
        "type": "JaarDatum",
        "jaar": 1995,
        "langFormaat": "1995",
    }
    assert persoon["nationaliteiten"] == [{"type": "Staatloos"}]
    assert "leeftijd" not in persoon  # not derivable from a year alone


# --------------------------------------------------------------------------- 400s


def test_malformed_bsn(http: httpx.Client) -> None:
    response = _post(http, _raadpleeg("12345678", BSN_MAIN, "x", fields=["naam"]))
    assert _bad_params(response) == [
        ("burgerservicenummer.0", "pattern"),
        ("burgerservicenummer.2", "pattern"),
    ]
    assert "12345678" not in response.text


def test_missing_and_empty_parameters(http: httpx.Client) -> None:
    assert _bad_params(_post(http, {"type": RAADPLEEG, "burgerservicenummer": [BSN_MAIN]})) == [
        ("fields", "required")
    ]
    assert _bad_params(_post(http, _raadpleeg(BSN_MAIN, fields=[]))) == [("fields", "minItems")]
    body = {"type": RAADPLEEG, "burgerservicenummer": BSN_MAIN, "fields": ["naam"]}
    assert _bad_params(_post(http, body)) == [("burgerservicenummer", "array")]


def test_field_paths_that_do_not_exist_or_are_not_allowed(http: httpx.Client) -> None:
    body = _raadpleeg(BSN_MAIN, fields=["naam", "anummer", "naam.inOnderzoek", "a*b"])
    assert sorted(_bad_params(_post(http, body))) == [
        ("fields.1", "fields"),
        ("fields.2", "fields"),
        ("fields.3", "pattern"),
    ]


def test_parameters_the_query_type_does_not_declare(http: httpx.Client) -> None:
    body = _raadpleeg(BSN_MAIN, fields=["naam"], voornamen="Pietje")
    assert _bad_params(_post(http, body)) == [("voornamen", "unknownParam")]


def test_unknown_and_unsupported_query_types(http: httpx.Client) -> None:
    body = {"type": "Bestaat", "fields": ["naam"]}
    assert _bad_params(_post(http, body)) == [("type", "value")]
    search = {
        "type": "ZoekMetPostcodeEnHuisnummer",
        "fields": ["naam"],
        "postcode": "3511AB",
        "huisnummer": 12,
    }
    assert _bad_params(_post(http, search)) == [("type", "notSupported")]


def test_invalid_json(http: httpx.Client) -> None:
    response = http.post(
        PERSONEN_URL, content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert _bad_params(response) == [("body", "json")]


# --------------------------------------------------------------------------- other statuses


def test_wrong_media_type_method_path_and_accept(http: httpx.Client) -> None:
    r = http.post(PERSONEN_URL, content=b"{}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    _assert_conforms(r)
    r = http.get(PERSONEN_URL)
    assert (r.status_code, r.headers["allow"]) == (405, "POST")
    _assert_conforms(r)
    r = http.post(PERSONEN_URL.replace("/personen", "/ingeschrevenpersonen"), json={})
    assert r.status_code == 404
    assert r.json()["code"] == "notFound"
    r = _post(http, _raadpleeg(BSN_MAIN, fields=["naam"]), headers={"Accept": "text/html"})
    assert r.status_code == 406
    _assert_conforms(r)


def test_api_key_is_checked_when_configured(store: SandboxStore) -> None:
    app = make_app(store, api_key="sleutel")
    with httpx.Client(transport=httpx.WSGITransport(app=app)) as http:
        body = _raadpleeg(BSN_MAIN, fields=["naam"])
        r = _post(http, body)
        assert r.status_code == 401
        _assert_conforms(r)
        assert _post(http, body, headers={"X-API-KEY": "sleutel"}).status_code == 200


def test_a_response_that_would_violate_the_spec_becomes_a_500(http: httpx.Client) -> None:
    # A document that bypassed the store's validation (a sandbox bug) is not served.
    app_store: SandboxStore = http._transport.app.store  # type: ignore[attr-defined]
    with app_store._lock:
        app_store._persons[BSN_MAIN]["naam"]["voornamen"] = "<script>"
    r = _post(http, _raadpleeg(BSN_MAIN, fields=["naam"]))
    assert r.status_code == 500
    assert r.json()["code"] == "serverError"
    _assert_conforms(r)


# --------------------------------------------------------------------------- store


def test_store_validates_seeded_persons() -> None:
    store = SandboxStore()
    with pytest.raises(ContractViolation):
        store.add_person(bsn=BSN_MAIN, geslachtsnaam="Haddad", postcode="99999")
    with pytest.raises(ContractViolation):
        store.add_person(bsn="12", geslachtsnaam="Haddad")
    assert len(store) == 0


def test_store_is_thread_safe() -> None:
    store = SandboxStore()
    bsns = [f"{999_000_000 + i:09d}" for i in range(40)]

    def add(chunk: list[str]) -> None:
        for bsn in chunk:
            store.add_person(bsn=bsn, geslachtsnaam="Test")

    threads = [threading.Thread(target=add, args=(bsns[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.bsns() == sorted(bsns)
    assert store.remove(bsns[0]) and bsns[0] not in store
    store.clear()
    assert len(store) == 0


def test_store_returns_copies(store: SandboxStore) -> None:
    doc = store.get(BSN_MAIN)
    assert doc is not None
    doc["naam"]["geslachtsnaam"] = "Anders"
    assert store.get(BSN_MAIN)["naam"]["geslachtsnaam"] == "Haddad"  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(1988, 3, 1), {"type": "Datum", "datum": "1988-03-01", "langFormaat": "1 maart 1988"}),
        (
            "19880300",
            {"type": "JaarMaandDatum", "jaar": 1988, "maand": 3, "langFormaat": "maart 1988"},
        ),
        ("1988", {"type": "JaarDatum", "jaar": 1988, "langFormaat": "1988"}),
        ("00000000", {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}),
    ],
)
def test_build_datum(value: date | str, expected: dict[str, Any]) -> None:
    assert build_datum(value) == expected


def test_build_datum_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="not a date"):
        build_datum("14-03-1988")


# --------------------------------------------------------------------------- real server


def test_threaded_server_with_demo_data() -> None:
    server, app = build_server("127.0.0.1", 0, demo=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/haalcentraal/api/brp"
        with BrpClient(base, timeout=5) as client:
            person = client.get_person("999990019")
        assert person is not None and person.family_name == "Haddad"
        assert len(app.store) == 3
        seed_demo(app.store)  # idempotent
        assert len(app.store) == 3
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
