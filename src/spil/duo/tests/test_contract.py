"""The contract layer: spec loading, request/response validation, error detail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from spil.duo.contract import (
    ContractViolation,
    DuoApi,
    api_version,
    check_request,
    check_response,
    iter_operations,
    notificatie_api_version,
    spec_dir,
    spec_path,
    validate_request,
    validate_response,
)
from spil.duo.contract.specs import SHARED_DIR_ENV, SPEC_DIR_ENV, translate_pattern

BSN = "999100002"
H = {
    "bron": "00000001001111111000",
    "doel": "00000099000000000001",
    "berichtId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
}
REPO_ROOT = Path(__file__).resolve().parents[4]


def fields(errors: list) -> set[str]:  # type: ignore[type-arg]
    return {f"{e.location}.{e.field}" for e in errors}


def test_spec_dir_default_is_sibling_shared_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SPEC_DIR_ENV, raising=False)
    monkeypatch.delenv(SHARED_DIR_ENV, raising=False)
    expected = (REPO_ROOT.parent / "shared" / "specs" / "duo-m2m-inburgering").resolve()
    assert spec_dir() == expected
    assert (spec_dir() / "README.md").is_file()


def test_spec_dir_follows_the_shared_dir_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(SPEC_DIR_ENV, raising=False)
    monkeypatch.setenv(SHARED_DIR_ENV, str(tmp_path))
    assert spec_dir() == (tmp_path / "specs" / "duo-m2m-inburgering").resolve()


def test_spec_dir_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SPEC_DIR_ENV, str(tmp_path))
    assert spec_dir() == tmp_path.resolve()
    assert spec_path("PIP") == tmp_path.resolve() / "API" / "PIP" / "openapi.yml"


@pytest.mark.parametrize("api", list(DuoApi))
def test_every_yaml_loads_and_versions_match(api: DuoApi) -> None:
    with spec_path(api).open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    assert api_version(api) == raw["info"]["version"]
    declared = {
        op["operationId"]
        for item in raw["paths"].values()
        for method, op in item.items()
        if method in ("get", "put", "post", "delete")
    }
    assert {op.operation_id for op in iter_operations(api)} == declared


def test_notificatie_version() -> None:
    assert notificatie_api_version() == "1.8.0"
    assert re.fullmatch(r"\d+\.\d+\.\d+", notificatie_api_version())


def test_valid_request_passes_and_returns_operation() -> None:
    op = validate_request("PIP", "GET", f"/v1/personen/{BSN}/PIP", H)
    assert op.operation_id == "getPipByBsn"
    op = validate_request("PIP", "GET", f"/personen/{BSN}/PIP", H)  # without base path
    assert op.operation_id == "getPipByBsn"


@pytest.mark.parametrize("bad", ["12345678", "1234567890", "12345678a", "abcdefghi"])
def test_bad_bsn_is_reported_on_the_path_field(bad: str) -> None:
    with pytest.raises(ContractViolation) as exc:
        validate_request("Inburgeringsplicht", "GET", f"/v1/personen/{bad}/inburgeringsplicht", H)
    assert {e.field for e in exc.value.errors} == {"bsn"}
    assert all(e.location == "path" for e in exc.value.errors)
    assert bad not in str(exc.value)  # values are never echoed (BSN safety)


@pytest.mark.parametrize("missing", ["bron", "doel", "berichtId"])
def test_missing_header_is_named(missing: str) -> None:
    headers = {k: v for k, v in H.items() if k != missing}
    _, errors = check_request("Examen", "GET", f"/v1/personen/{BSN}/examens/resultaten", headers)
    assert [str(e) for e in errors] == [f"header.{missing}: is required"]


def test_header_names_are_case_insensitive() -> None:
    headers = {"BRON": H["bron"], "Doel": H["doel"], "BERICHTID": H["berichtId"]}
    validate_request("Ontheffing", "GET", f"/v1/personen/{BSN}/ontheffingen", headers)


def test_header_constraints() -> None:
    headers = {**H, "bron": "123", "berichtId": "not-a-uuid"}
    _, errors = check_request("Vrijstelling", "GET", f"/v1/personen/{BSN}/vrijstellingen", headers)
    messages = {str(e) for e in errors}
    assert "header.bron: must be at least 20 characters long" in messages
    assert "header.berichtId: is not a valid uuid" in messages


def test_body_errors_name_each_field() -> None:
    body = {"dagtekeningPip": "2024-02-30", "leerroute": "X", "geschatteIntensiteitB1Route": 0}
    with pytest.raises(ContractViolation) as exc:
        validate_request("PIP", "POST", f"/v1/personen/{BSN}/PIP", H, None, body)
    assert set(exc.value.messages) == {
        "body.dagtekeningPip: is not a valid date",
        "body.leerroute: must be one of B, O, Z",
        "body.geschatteIntensiteitB1Route: must be >= 1",
    }
    assert exc.value.direction == "request" and exc.value.operation == "postPipByBsn"


def test_missing_required_body_property() -> None:
    _, errors = check_request("PIP", "POST", f"/v1/personen/{BSN}/PIP", H, None, {"leerroute": "B"})
    assert [str(e) for e in errors] == ["body.dagtekeningPip: is required"]


def test_nested_body_errors_have_dotted_paths() -> None:
    body = {"naam": "Jan", "email": "j@a.nl", "telefoonnummer": "abc"}
    _, errors = check_request("Contactpersoon", "POST", "/v1/contactpersonen", H, None, body)
    assert fields(errors) == {"body.telefoonnummer"}


def test_missing_and_malformed_body() -> None:
    _, errors = check_request("PIP", "POST", f"/v1/personen/{BSN}/PIP", H, None, None)
    assert [str(e) for e in errors] == ["body: is required"]
    _, errors = check_request("PIP", "POST", f"/v1/personen/{BSN}/PIP", H, None, b"{nope")
    assert [str(e) for e in errors] == ["body: is not valid JSON"]


def test_body_on_operation_without_request_body() -> None:
    _, errors = check_request("PIP", "DELETE", f"/v1/personen/{BSN}/PIP", H, None, {"x": 1})
    assert [str(e) for e in errors] == ["body: this operation takes no request body"]


def test_integer_path_parameter() -> None:
    _, errors = check_request("Contactpersoon", "DELETE", "/v1/contactpersonen/abc", H)
    assert fields(errors) == {"path.id"}
    _, errors = check_request("Contactpersoon", "DELETE", "/v1/contactpersonen/100000", H)
    assert [str(e) for e in errors] == ["path.id: must be <= 99999"]


def test_undeclared_path_or_method() -> None:
    _, errors = check_request("PIP", "PUT", f"/v1/personen/{BSN}/PIP", H)
    assert errors and errors[0].location == "operation"
    with pytest.raises(ContractViolation):
        validate_request("PIP", "GET", "/v1/nergens", H)


def test_unicode_letter_pattern_is_supported() -> None:
    # Contactpersoon.naam uses ECMA \p{L} and \p{Pd}; Python's re needs the translation.
    body = {"naam": "Zoë O'Brien-Çelik", "email": "z@a.nl", "telefoonnummer": "+31 6 12345678"}
    validate_request("Contactpersoon", "POST", "/v1/contactpersonen", H, None, body)
    rx = re.compile(translate_pattern(r"^[\p{L}\p{Pd}]+$"))
    assert rx.match("Zoë\u2013Çelik")  # en dash is Pd
    assert not rx.match("Zoë1")
    assert translate_pattern(r"\d{9}") == r"\d{9}"
    assert re.fullmatch(translate_pattern(r"\p{Lu}"), "É")
    assert not re.fullmatch(translate_pattern(r"\p{Lu}"), "é")


# ---- responses -------------------------------------------------------------------------

V = {"API-Version": "1.2.0"}


def test_valid_response() -> None:
    body = {"gemeentecode": "0363", "pip": {"dagtekeningPip": "2024-03-01", "leerroute": "B"}}
    op = validate_response("PIP", "GET", f"/v1/personen/{BSN}/PIP", 200, V, body)
    assert op.operation_id == "getPipByBsn"


def test_response_body_errors() -> None:
    body = {"gemeentecode": "363", "pip": {"leerroute": "B"}}
    with pytest.raises(ContractViolation) as exc:
        validate_response("PIP", "GET", f"/v1/personen/{BSN}/PIP", 200, V, body)
    assert exc.value.direction == "response"
    assert "body.pip.dagtekeningPip: is required" in exc.value.messages
    assert any(m.startswith("body.gemeentecode:") for m in exc.value.messages)


def test_response_requires_api_version_header() -> None:
    _, errors = check_response("PIP", "DELETE", f"/v1/personen/{BSN}/PIP", 200, {}, None)
    assert [str(e) for e in errors] == ["header.API-Version: is required"]
    _, errors = check_response(
        "PIP", "DELETE", f"/v1/personen/{BSN}/PIP", 200, {"API-Version": "v1"}, None
    )
    assert [e.field for e in errors] == ["API-Version"]


def test_response_status_must_be_declared() -> None:
    _, errors = check_response(
        "Examen", "GET", f"/v1/personen/{BSN}/examens/resultaten", 503, V, None
    )
    assert [str(e) for e in errors] == ["status: status code is not declared for this operation"]


def test_body_on_status_without_content_is_an_error() -> None:
    _, errors = check_response(
        "PIP", "GET", f"/v1/personen/{BSN}/PIP", 404, V, [{"fouttekst": "x"}]
    )
    assert [str(e) for e in errors] == ["body: status 404 declares no response body"]


def test_foutmelding_body_required_where_declared() -> None:
    path = f"/v1/personen/{BSN}/PIP"
    _, errors = check_response("PIP", "POST", path, 403, V, None)
    assert [str(e) for e in errors] == ["body: is required for this status"]
    validate_response("PIP", "POST", path, 403, V, [{"fouttekst": "Niet toegestaan."}])
    _, errors = check_response("PIP", "POST", path, 403, V, [{"fouttekst": "x" * 201}])
    assert [str(e) for e in errors] == ["body[0].fouttekst: must be at most 200 characters long"]


def test_notificatie_request_validation() -> None:
    body = {
        "registratieDatumTijd": "2025-06-16T10:00:00+02:00",
        "gebeurtenisId": "SS101",
        "bsn": BSN,
        "vNummer": 1234567890,
    }
    validate_request("Notificatie", "POST", "/notificaties", H, None, body)
    _, errors = check_request(
        "Notificatie",
        "POST",
        "/notificaties",
        H,
        None,
        {**body, "gebeurtenisId": "ss101", "vNummer": 99999999999},
    )
    assert fields(errors) == {"body.gebeurtenisId", "body.vNummer"}
