"""The sandbox at HTTP level: 400 for invalid requests, routing, authorisation, scope,
strict response validation, persistence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from spil.duo.client import DuoNotFound, DuoRefused
from spil.duo.contract import api_version, check_response
from spil_dev.duo_sandbox import Fout, SandboxContractError, SandboxStore, make_app
from spil_dev.duo_sandbox import app as sandbox_app
from spil_dev.duo_sandbox.app import DIAGNOSTIC_HEADER
from spil_dev.testing.duo import GEM_A, GEM_B, TODAY, UNKNOWN_OIN, Env, seed_store


def test_bad_bsn_gets_400_with_the_spec_body(env: Env) -> None:
    r = env.raw.get("/v1/personen/12345678X/inburgeringsplicht", headers=env.headers())
    assert r.status_code == 400
    assert r.content == b""  # the YAML declares no body for 400
    assert r.headers["API-Version"] == api_version("Inburgeringsplicht")
    assert "path.bsn" in r.headers[DIAGNOSTIC_HEADER]
    _, errors = check_response(
        "Inburgeringsplicht",
        "GET",
        "/personen/123456789/inburgeringsplicht",
        400,
        list(r.headers.multi_items()),
        None,
    )
    assert errors == []


@pytest.mark.parametrize("missing", ["bron", "doel", "berichtId"])
def test_missing_header_gets_400(env: Env, missing: str) -> None:
    bsn = env.person()
    headers = {k: v for k, v in env.headers().items() if k != missing}
    r = env.raw.get(f"/v1/personen/{bsn}/PIP", headers=headers)
    assert r.status_code == 400
    assert f"header.{missing}: is required" in r.headers[DIAGNOSTIC_HEADER]


def test_invalid_body_gets_400_and_changes_nothing(env: Env) -> None:
    bsn = env.person()
    r = env.raw.post(
        f"/v1/personen/{bsn}/PIP",
        headers=env.headers(),
        json={"dagtekeningPip": "01-03-2024", "leerroute": "B"},
    )
    assert r.status_code == 400
    assert "body.dagtekeningPip" in r.headers[DIAGNOSTIC_HEADER]
    assert env.store.person(bsn).pips == []


def test_diagnostics_never_contain_the_bsn(env: Env) -> None:
    r = env.raw.get("/v1/personen/99910000/PIP", headers=env.headers())  # 8 digits
    assert r.status_code == 400
    assert "99910000" not in r.headers[DIAGNOSTIC_HEADER]


def test_routing(env: Env) -> None:
    bsn = env.person()
    assert env.raw.get(f"/personen/{bsn}/PIP", headers=env.headers()).status_code == 404
    assert env.raw.get(f"/v2/personen/{bsn}/PIP", headers=env.headers()).status_code == 404
    assert env.raw.get("/v1/nergens", headers=env.headers()).status_code == 404
    r = env.raw.put(f"/v1/personen/{bsn}/PIP", headers=env.headers())
    assert r.status_code == 405
    assert r.headers["Allow"] == "DELETE, GET, POST"
    # path is case-sensitive as in the YAML (/PIP, /Inburgeringsaanbod)
    assert env.raw.get(f"/v1/personen/{bsn}/pip", headers=env.headers()).status_code == 404
    # Notificatie is served by the municipality, not by DUO
    assert env.raw.post("/v1/notificaties", headers=env.headers()).status_code == 404


def test_wrong_doel_is_forbidden(env: Env) -> None:
    bsn = env.person()
    headers = env.headers(doel="00000001000000000000")
    r = env.raw.post(
        f"/v1/personen/{bsn}/PIP",
        headers=headers,
        json={"dagtekeningPip": "2024-03-01", "leerroute": "B"},
    )
    assert r.status_code == 403
    assert r.json() == [{"fouttekst": Fout.DOEL_ONJUIST.tekst()}]


def test_unknown_bron_is_forbidden(env: Env) -> None:
    bsn = env.person()
    r = env.raw.get(f"/v1/personen/{bsn}/inburgeringsplicht", headers=env.headers(UNKNOWN_OIN))
    assert r.status_code == 403
    assert r.content == b""  # 403 of this operation has no body in the YAML
    r = env.raw.post(
        "/v1/contactpersonen",
        headers=env.headers(UNKNOWN_OIN),
        json={"naam": "X", "email": "x@x.nl", "telefoonnummer": "0301234567"},
    )
    assert r.status_code == 403
    assert r.json() == [{"fouttekst": Fout.BRON_ONBEKEND.tekst()}]


def test_unknown_person_is_404(env: Env) -> None:
    with pytest.raises(DuoNotFound):
        env.a.get_inburgeringsplicht("999999990")


# ---- scope (README "Voorwaarden gegevensuitwisseling") -------------------------------------


def test_unrelated_gemeente_is_forbidden(env: Env) -> None:
    bsn = env.person(gemeente=GEM_A)
    with pytest.raises(DuoRefused) as exc:
        env.c.get_inburgeringsplicht(bsn)
    assert exc.value.status == 403
    with pytest.raises(DuoRefused) as exc2:
        env.c.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    assert exc2.value.foutmeldingen == [Fout.NIET_RELEVANT.tekst()]


def test_coa_linked_gemeente_has_access(env: Env) -> None:
    bsn = env.person(gemeente=GEM_B, in_coa=True)
    assert env.b.get_inburgeringsplicht(bsn)["indicatorInburgeringsplicht"] is True


def test_gemeente_of_actuele_pip_keeps_access_after_a_move(env: Env) -> None:
    bsn = env.person(gemeente=GEM_A)
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    env.store.move(bsn, GEM_B, date(2025, 1, 1))
    assert env.a.get_pip(bsn)["pip"]["dagtekeningPip"] == "2024-03-01"
    assert env.b.get_pip(bsn)["gemeentecode"] == "0363"  # B sees A's PIP (README)


def test_previous_gemeente_access_for_one_month_after_new_pip(env: Env) -> None:
    bsn = env.person(gemeente=GEM_A)
    env.store.seed_pip(
        bsn, GEM_A, {"dagtekeningPip": "2024-03-01", "leerroute": "B"}, date(2024, 3, 1)
    )
    env.store.move(bsn, GEM_B, date(2025, 5, 1))
    # B's PIP registered 2025-05-17: younger than a month on 2025-06-16 -> A still relevant
    env.store.seed_pip(
        bsn, GEM_B, {"dagtekeningPip": "2025-05-17", "leerroute": "B"}, date(2025, 5, 17)
    )
    assert env.a.get_inburgeringsplicht(bsn)["indicatorInburgeringsplicht"] is True

    other = env.person(gemeente=GEM_A)
    env.store.seed_pip(
        other, GEM_A, {"dagtekeningPip": "2024-03-01", "leerroute": "B"}, date(2024, 3, 1)
    )
    env.store.move(other, GEM_B, date(2025, 5, 1))
    # registered 2025-05-16: exactly one month before today -> no longer relevant
    env.store.seed_pip(
        other, GEM_B, {"dagtekeningPip": "2025-05-16", "leerroute": "B"}, date(2025, 5, 16)
    )
    with pytest.raises(DuoRefused) as exc:
        env.a.get_inburgeringsplicht(other)
    assert exc.value.status == 403


# ---- look-ups return stored state --------------------------------------------------------


def test_lookups_follow_the_store(env: Env) -> None:
    bsn = env.person()
    with pytest.raises(DuoNotFound):
        env.a.get_inburgeringstermijn(bsn)
    assert env.a.get_vrijstellingen(bsn) == []
    assert env.a.get_ontheffingen(bsn) == []
    assert env.a.get_examenresultaten(bsn) == []
    assert env.a.get_lbt_resultaten(bsn) == []
    env.store.set_termijn(bsn, date(2024, 3, 1), date(2027, 3, 1))
    env.store.add_vrijstelling(
        bsn, {"GeheleVrijstelling": {"oordeel": "Afwijzing", "reden": "DIP"}}
    )
    env.store.add_ontheffing(
        bsn,
        {
            "GeheleOntheffing": {
                "oordeel": "Toekenning",
                "datumOordeel": "2025-01-10",
                "grond": "BIO",
            }
        },
    )
    env.store.set_inburgeringsplicht(
        bsn,
        indicator=False,
        begindatum=date(2024, 1, 15),
        einddatum=date(2025, 1, 10),
        reden="Volledige ontheffing",
    )
    assert env.a.get_inburgeringstermijn(bsn)["einddatum"] == "2027-03-01"
    assert env.a.get_vrijstellingen(bsn)[0]["GeheleVrijstelling"]["reden"] == "DIP"
    assert env.a.get_ontheffingen(bsn)[0]["GeheleOntheffing"]["grond"] == "BIO"
    plicht = env.a.get_inburgeringsplicht(bsn)
    assert plicht["indicatorInburgeringsplicht"] is False
    assert plicht["redenGeenInburgeringsplicht"] == "Volledige ontheffing"


def test_gevolgde_uren_per_gemeente(env: Env) -> None:
    bsn = env.person()
    env.a.update_uren_taalles_knm(bsn, 40)
    env.a.update_uren_participatieactiviteiten(bsn, 16)
    env.store.move(bsn, GEM_B, date(2025, 3, 1))
    env.b.update_uren_participatie_als_taalles(bsn, 200)
    env.b.update_uren_participatie_als_taalles(bsn, 210)  # a total: replaces
    assert env.b.get_gevolgde_uren(bsn) == [
        {
            "gemeentecode": "0363",
            "bekendTot": TODAY.isoformat(),
            "TaallesEnKnmBredeIntake": {"uren": 40},
            "ParticipatieactiviteitenBredeIntake": {"uren": 16},
        },
        {
            "gemeentecode": "0599",
            "bekendTot": TODAY.isoformat(),
            "ParticipatieAlsTaalles": {"uren": 210},
        },
    ]
    r = env.raw.put(
        f"/v1/personen/{bsn}/uren/participatietaalles",
        headers=env.headers(GEM_B),
        json={"uren": 10000},
    )
    assert r.status_code == 400 and "body.uren: must be <= 9999" in r.headers[DIAGNOSTIC_HEADER]


# ---- strict response validation ------------------------------------------------------------


def test_sandbox_fails_loudly_on_its_own_contract_violation(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    bsn = env.person()

    def broken(app: object, ctx: object, state: object) -> sandbox_app.Reply:
        return sandbox_app.Reply(200, {"examennummer": 42})  # must be a string

    monkeypatch.setitem(sandbox_app._HANDLERS, "getExamennummerByBsn", broken)
    with pytest.raises(SandboxContractError) as exc:
        env.raw.get(f"/v1/personen/{bsn}/lbt/examennummer", headers=env.headers())
    assert exc.value.messages == ["body.examennummer: must be of type string"]


# ---- persistence ----------------------------------------------------------------------------


def test_state_file_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "duo.json"
    store = SandboxStore(path)
    seed_store(store)
    app = make_app(store, clock=lambda: TODAY)
    store.add_person(
        "999100002",
        gemeente_oin=GEM_A,
        plicht_begindatum=date(2024, 1, 15),
        vestigingsdatum=date(2024, 1, 15),
        v_nummer=42,
    )
    store.set_termijn("999100002", date(2024, 3, 1), date(2027, 3, 1))
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://duo.test") as c:
        r = c.post(
            "/v1/personen/999100002/PIP",
            headers={
                "bron": GEM_A,
                "doel": app.duo_oin,
                "berichtId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            },
            json={"dagtekeningPip": "2024-03-01", "leerroute": "O"},
        )
        assert r.status_code == 201
    assert json.loads(path.read_text(encoding="utf-8"))["persons"]["999100002"]["v_nummer"] == 42

    reloaded = SandboxStore(path).person("999100002")
    assert reloaded.termijn is not None and reloaded.termijn.einddatum == date(2027, 3, 1)
    assert reloaded.actuele_pip is not None
    assert reloaded.actuele_pip.pip == {
        "dagtekeningPip": "2024-03-01",
        "leerroute": "O",
        "niveau": "B1",
    }
    assert reloaded.actuele_pip.registered_on == TODAY
    assert reloaded.vestigingen == {GEM_A: date(2024, 1, 15)}
    assert SandboxStore(path).gemeente(GEM_B) is not None


def test_person_repr_masks_bsn(env: Env) -> None:
    bsn = env.person()
    assert bsn not in repr(env.store.person(bsn))
    assert bsn[-4:] in repr(env.store.person(bsn))
