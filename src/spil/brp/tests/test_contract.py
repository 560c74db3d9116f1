"""The contract layer: loading, the discriminator work-around, content types, error texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openapi_core import OpenAPI

from spil.brp import contract
from spil.brp.contract import (
    JSON_CONTENT_TYPE,
    PROBLEM_CONTENT_TYPE,
    ContractViolation,
    check_request,
    check_response,
    check_schema,
    normalise_content_type,
    validate_request,
)
from spil_dev.testing.brp import BSN_MAIN

RAADPLEEG = "RaadpleegMetBurgerservicenummer"


def _query(**extra: object) -> dict[str, object]:
    return {"type": RAADPLEEG, "fields": ["naam"], "burgerservicenummer": [BSN_MAIN], **extra}


def test_spec_path_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(contract.SPEC_ENV, str(tmp_path / "x.yaml"))
    assert contract.spec_path() == (tmp_path / "x.yaml").resolve()
    monkeypatch.delenv(contract.SPEC_ENV)
    default = contract.spec_path()
    assert default.parts[-4:] == ("shared", "specs", "haal-centraal-brp", "openapi.yaml")
    assert default.exists()


def test_spec_loads_once_and_names_the_query_types() -> None:
    assert contract.load_openapi() is contract.load_openapi()
    assert contract.api_version() == contract.load_spec()["info"]["version"]
    assert RAADPLEEG in contract.query_types()
    assert len(contract.query_types()) == 7


def test_prepare_spec_leaves_the_published_document_alone() -> None:
    raw = contract.load_spec()["components"]["schemas"]
    prepared = contract.prepared_spec()["components"]["schemas"]
    assert "discriminator" in raw["PersonenQuery"]
    assert "discriminator" not in prepared["PersonenQuery"]
    assert "PersonenQuery__abstract" in prepared
    assert prepared["RaadpleegMetBurgerservicenummer"]["allOf"][0] == {
        "$ref": "#/components/schemas/PersonenQuery__abstract"
    }


def test_published_spec_alone_would_not_check_the_subtypes() -> None:
    """Documents the quirk the work-around exists for: openapi-core ignores a discriminator
    on an abstract parent, so the published spec accepts a malformed BSN."""
    from spil.brp.contract import _personen_request  # the same request glue

    bad = _query(burgerservicenummer=["12"])
    raw_api = OpenAPI.from_dict(contract.load_spec())
    assert list(raw_api.unmarshal_request(_personen_request(JSON_CONTENT_TYPE, bad)).errors) == []
    assert check_request(bad) != []


def test_valid_request_passes() -> None:
    assert check_request(_query()) == []
    validate_request(json.dumps(_query()).encode())


@pytest.mark.parametrize(
    ("body", "path", "keyword"),
    [
        (_query(burgerservicenummer=["12345678"]), ("burgerservicenummer", 0), "pattern"),
        (_query(burgerservicenummer=BSN_MAIN), ("burgerservicenummer",), "type"),
        (_query(burgerservicenummer=[]), ("burgerservicenummer",), "minItems"),
        (_query(burgerservicenummer=[BSN_MAIN] * 21), ("burgerservicenummer",), "maxItems"),
        ({"type": RAADPLEEG, "fields": ["naam"]}, ("burgerservicenummer",), "required"),
        (_query(fields=[]), ("fields",), "minItems"),
        (_query(fields=["a*nummer"]), ("fields", 0), "pattern"),
        (_query(gemeenteVanInschrijving="123"), ("gemeenteVanInschrijving",), "pattern"),
        ({**_query(), "type": "Bestaat"}, ("type",), "enum"),
        ({"fields": ["naam"]}, ("type",), "required"),
        (
            {
                "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
                "fields": ["naam"],
                "geslachtsnaam": "X",
            },
            ("geboortedatum",),
            "required",
        ),
    ],
)
def test_request_violations_are_located(
    body: dict[str, object], path: tuple[object, ...], keyword: str
) -> None:
    errors = check_request(body)
    assert (path, keyword) in [(e.path, e.keyword) for e in errors], errors


def test_violation_texts_never_contain_the_value() -> None:
    with pytest.raises(ContractViolation) as info:
        validate_request(_query(burgerservicenummer=["99999001"]))
    assert "99999001" not in str(info.value)
    assert "burgerservicenummer.0" in str(info.value)
    assert info.value.direction == "request"


def test_request_that_is_not_json_or_empty() -> None:
    assert [e.keyword for e in check_request(b"{nope")] == ["json"]
    assert [e.keyword for e in check_request(b"")] == ["required"]


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"],
)
def test_json_spellings_match_the_declared_media_type(content_type: str) -> None:
    assert normalise_content_type(content_type) == JSON_CONTENT_TYPE
    assert check_request(_query(), content_type) == []


def test_other_media_types_are_refused() -> None:
    errors = check_request(_query(), "text/plain")
    assert [e.location for e in errors] == ["content-type"]
    assert normalise_content_type("application/json; charset=latin-1") != JSON_CONTENT_TYPE


def test_response_validation_reaches_into_persons() -> None:
    ok = {"type": RAADPLEEG, "personen": []}
    assert check_response(200, ok, JSON_CONTENT_TYPE) == []
    bad_bsn = {"type": RAADPLEEG, "personen": [{"burgerservicenummer": "12"}]}
    assert [e.path for e in check_response(200, bad_bsn, JSON_CONTENT_TYPE)] == [
        ("personen", 0, "burgerservicenummer")
    ]
    incomplete_date = {
        "type": RAADPLEEG,
        "personen": [{"geboorte": {"datum": {"type": "Datum", "langFormaat": "1 mei 2000"}}}],
    }
    errors = check_response(200, incomplete_date, JSON_CONTENT_TYPE)
    assert [(e.path, e.keyword) for e in errors] == [
        (("personen", 0, "geboorte", "datum", "datum"), "required")
    ]
    unknown_kind = {"type": RAADPLEEG, "personen": [{"verblijfplaats": {"type": "Woonboot"}}]}
    assert [e.keyword for e in check_response(200, unknown_kind, JSON_CONTENT_TYPE)] == ["enum"]
    assert check_response(200, {"personen": []}, JSON_CONTENT_TYPE)[0].path == ("type",)


def test_problem_json_error_bodies_are_parsed_and_checked() -> None:
    good = {"title": "Interne server fout.", "status": 500, "code": "serverError"}
    assert check_response(500, good, PROBLEM_CONTENT_TYPE) == []
    colon = {"title": "Fout: iets", "status": 400}
    assert [e.path for e in check_response(400, colon, PROBLEM_CONTENT_TYPE)] == [("title",)]
    assert check_response(400, b"", PROBLEM_CONTENT_TYPE)[0].keyword == "required"


def test_check_schema_on_a_component() -> None:
    assert check_schema("Persoon", {"burgerservicenummer": BSN_MAIN}) == []
    errors = check_schema("Persoon", {"nationaliteiten": [{"type": "Nationaliteit", "x": 1}, {}]})
    assert [(e.path, e.keyword) for e in errors] == [(("nationaliteiten", 1, "type"), "required")]
    with pytest.raises(KeyError):
        check_schema("BestaatNiet", {})
