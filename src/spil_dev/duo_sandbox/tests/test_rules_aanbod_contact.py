"""README §Inburgeringsaanbod and §Contactpersoon."""

from __future__ import annotations

from datetime import date

import pytest

from spil.duo.client import DuoNotFound, DuoRefused
from spil_dev.duo_sandbox import Fout
from spil_dev.testing.duo import GEM_A, GEM_B, INST_BOW, INST_NONE, INST_TST, INST_UNKNOWN, Env

NVT = {"indicatorAlfabetiseringsonderwijs": "NVT"}


def person_with_pip(env: Env, leerroute: str = "B", doelgroep: str = "asiel") -> str:
    bsn = env.person(doelgroep=doelgroep)
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": leerroute})  # type: ignore[typeddict-item]
    return bsn


def aanbod(**dates: str) -> dict[str, str]:
    return {**NVT, **dates}


# ---- Inburgeringsaanbod ------------------------------------------------------------------


def test_aanbod_only_for_asielmigrant(env: Env) -> None:
    gezin = person_with_pip(env, doelgroep="gezin")
    with pytest.raises(DuoRefused) as exc:
        env.a.post_inburgeringsaanbod(gezin, INST_BOW, NVT)  # type: ignore[arg-type]
    assert exc.value.status == 403
    assert exc.value.foutmeldingen == [Fout.AANBOD_GEEN_ASIELMIGRANT.tekst()]
    asiel = person_with_pip(env, doelgroep="asiel")
    env.a.post_inburgeringsaanbod(asiel, INST_BOW, NVT)  # type: ignore[arg-type]


def test_aanbod_requires_a_pip(env: Env) -> None:
    bsn = env.person()
    with pytest.raises(DuoRefused) as exc:
        env.a.post_inburgeringsaanbod(bsn, INST_BOW, NVT)  # type: ignore[arg-type]
    assert exc.value.foutmeldingen == [Fout.AANBOD_GEEN_PIP.tekst()]
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, NVT)  # type: ignore[arg-type]


def test_aanbod_instelling_must_be_known(env: Env) -> None:
    bsn = person_with_pip(env)
    with pytest.raises(DuoRefused) as exc:
        env.a.post_inburgeringsaanbod(bsn, INST_UNKNOWN, NVT)  # type: ignore[arg-type]
    assert exc.value.foutmeldingen == [Fout.AANBOD_INSTELLING_ONBEKEND.tekst()]


def test_aanbod_instelling_needs_bow_keurmerk(env: Env) -> None:
    bsn = person_with_pip(env, leerroute="B")
    for instelling in (INST_NONE, INST_TST):  # TST counts only for the onderwijsroute
        with pytest.raises(DuoRefused) as exc:
            env.a.post_inburgeringsaanbod(bsn, instelling, NVT)  # type: ignore[arg-type]
        assert exc.value.foutmeldingen == [Fout.AANBOD_GEEN_KEURMERK.tekst()]
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, NVT)  # type: ignore[arg-type]


def test_aanbod_tst_instelling_accepted_for_onderwijsroute(env: Env) -> None:
    bsn = person_with_pip(env, leerroute="O")
    env.a.post_inburgeringsaanbod(bsn, INST_TST, NVT)  # type: ignore[arg-type]
    with pytest.raises(DuoRefused) as exc:
        env.a.post_inburgeringsaanbod(bsn, INST_NONE, NVT)  # type: ignore[arg-type]
    assert exc.value.foutmeldingen == [Fout.AANBOD_GEEN_KEURMERK.tekst()]


@pytest.mark.parametrize(
    "field",
    ["datumInburgeringsaanbod", "verwachteStartdatumOpleiding", "verwachteEinddatumOpleiding"],
)
def test_aanbod_dates_not_before_dagtekening_actuele_pip(env: Env, field: str) -> None:
    bsn = person_with_pip(env)  # dagtekening 2024-03-01
    with pytest.raises(DuoRefused) as exc:
        env.a.post_inburgeringsaanbod(bsn, INST_BOW, aanbod(**{field: "2024-02-29"}))  # type: ignore[arg-type]
    assert exc.value.foutmeldingen == [Fout.AANBOD_VOOR_DAGTEKENING_PIP.tekst()]
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, aanbod(**{field: "2024-03-01"}))  # type: ignore[arg-type]


def test_aanbod_start_not_before_datum_inburgeringsaanbod(env: Env) -> None:
    bsn = person_with_pip(env)
    bad = aanbod(datumInburgeringsaanbod="2024-04-02", verwachteStartdatumOpleiding="2024-04-01")
    with pytest.raises(DuoRefused) as exc:
        env.a.post_inburgeringsaanbod(bsn, INST_BOW, bad)  # type: ignore[arg-type]
    assert exc.value.foutmeldingen == [Fout.AANBOD_START_VOOR_AANBOD.tekst()]
    good = aanbod(datumInburgeringsaanbod="2024-04-01", verwachteStartdatumOpleiding="2024-04-01")
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, good)  # type: ignore[arg-type]


def test_aanbod_einde_not_before_start(env: Env) -> None:
    bsn = person_with_pip(env)
    bad = aanbod(
        verwachteStartdatumOpleiding="2024-09-01", verwachteEinddatumOpleiding="2024-08-31"
    )
    with pytest.raises(DuoRefused) as exc:
        env.a.post_inburgeringsaanbod(bsn, INST_BOW, bad)  # type: ignore[arg-type]
    assert exc.value.foutmeldingen == [Fout.AANBOD_EINDE_VOOR_START.tekst()]


def test_aanbod_within_inburgeringstermijn(env: Env) -> None:
    bsn = person_with_pip(env)
    env.store.set_termijn(bsn, date(2024, 3, 1), date(2027, 3, 1))  # einddatum exclusive
    inside = aanbod(
        verwachteStartdatumOpleiding="2024-03-01", verwachteEinddatumOpleiding="2027-03-01"
    )
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, inside)  # type: ignore[arg-type]
    for bad in (
        aanbod(verwachteStartdatumOpleiding="2027-03-01"),  # starts on the exclusive end
        aanbod(verwachteStartdatumOpleiding="2024-06-01", verwachteEinddatumOpleiding="2027-03-02"),
    ):
        with pytest.raises(DuoRefused) as exc:
            env.a.post_inburgeringsaanbod(bsn, INST_BOW, bad)  # type: ignore[arg-type]
        assert exc.value.foutmeldingen == [Fout.AANBOD_BUITEN_TERMIJN.tekst()]


def test_aanbod_is_overwritten_per_instelling(env: Env) -> None:
    bsn = person_with_pip(env, leerroute="O")
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, aanbod(datumInburgeringsaanbod="2024-04-01"))  # type: ignore[arg-type]
    env.a.post_inburgeringsaanbod(bsn, INST_TST, aanbod(datumInburgeringsaanbod="2024-05-01"))  # type: ignore[arg-type]
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, aanbod(datumInburgeringsaanbod="2024-06-01"))  # type: ignore[arg-type]
    stored = env.store.person(bsn).aanbiedingen
    assert set(stored) == {INST_BOW, INST_TST}
    assert stored[INST_BOW].aanbod["datumInburgeringsaanbod"] == "2024-06-01"
    assert stored[INST_TST].aanbod["datumInburgeringsaanbod"] == "2024-05-01"


def test_delete_aanbod(env: Env) -> None:
    bsn = person_with_pip(env)
    with pytest.raises(DuoNotFound):
        env.a.delete_inburgeringsaanbod(bsn, INST_BOW)
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, NVT)  # type: ignore[arg-type]
    env.store.move(bsn, GEM_B, date(2025, 1, 1))
    with pytest.raises(DuoRefused) as exc:
        env.b.delete_inburgeringsaanbod(bsn, INST_BOW)
    assert exc.value.foutmeldingen == [Fout.AANBOD_NIET_VAN_GEMEENTE.tekst()]
    env.a.delete_inburgeringsaanbod(bsn, INST_BOW)  # A's PIP is still actueel: relevant


# ---- Contactpersoon ----------------------------------------------------------------------

GEGEVENS = {"naam": "Mila van den Berg", "email": "m.vdberg@a.nl", "telefoonnummer": "0301234567"}


def test_koppelen_overwrites_existing_koppeling(env: Env) -> None:
    bsn = env.person()
    first = env.a.create_contactpersoon(GEGEVENS)  # type: ignore[arg-type]
    second = env.a.create_contactpersoon({**GEGEVENS, "naam": "Sem Bakker"})  # type: ignore[typeddict-item]
    assert first["id"] != second["id"]
    env.a.koppel_contactpersoon(first["id"], bsn)
    env.a.koppel_contactpersoon(second["id"], bsn)
    assert env.store.person(bsn).contactpersoon_id == second["id"]
    with pytest.raises(DuoNotFound):  # the first koppeling is gone
        env.a.ontkoppel_contactpersoon(first["id"], bsn)


def test_deleting_contactpersoon_removes_koppelingen(env: Env) -> None:
    bsn1, bsn2 = env.person(), env.person()
    c = env.a.create_contactpersoon(GEGEVENS)  # type: ignore[arg-type]
    env.a.koppel_contactpersoon(c["id"], bsn1)
    env.a.koppel_contactpersoon(c["id"], bsn2)
    env.a.delete_contactpersoon(c["id"])
    assert env.store.person(bsn1).contactpersoon_id is None
    assert env.store.person(bsn2).contactpersoon_id is None
    with pytest.raises(DuoNotFound):
        env.a.update_contactpersoon(c["id"], GEGEVENS)  # type: ignore[arg-type]


def test_contactpersoon_of_other_gemeente_is_not_found(env: Env) -> None:
    c = env.a.create_contactpersoon(GEGEVENS)  # type: ignore[arg-type]
    bsn_b = env.person(gemeente=GEM_B)
    with pytest.raises(DuoNotFound):
        env.b.update_contactpersoon(c["id"], GEGEVENS)  # type: ignore[arg-type]
    with pytest.raises(DuoNotFound):
        env.b.koppel_contactpersoon(c["id"], bsn_b)
    with pytest.raises(DuoNotFound):
        env.b.delete_contactpersoon(c["id"])
    stored = env.store.contactpersoon(c["id"])
    assert stored is not None and stored.gemeente_oin == GEM_A


def test_koppelen_unrelated_person_is_forbidden(env: Env) -> None:
    c = env.b.create_contactpersoon(GEGEVENS)  # type: ignore[arg-type]
    bsn_a = env.person(gemeente=GEM_A)
    with pytest.raises(DuoRefused) as exc:
        env.b.koppel_contactpersoon(c["id"], bsn_a)
    assert exc.value.status == 403
    assert exc.value.foutmeldingen == []  # this 403 has no body in the spec


def test_ss127_applies_only_while_an_asielstatushouder_has_no_aanbod() -> None:
    from datetime import date as day

    from spil_dev.duo_sandbox import SandboxStore, sandbox_tools
    from spil_dev.duo_sandbox.store import AanbodRecord

    store = SandboxStore()
    store.add_gemeente("00000001001111111000", "0001", "Aadorp")
    asiel = "999990019"
    gezin = "999990020"
    sandbox_tools.ensure_person(
        store, asiel, "00000001001111111000", plicht_begindatum=day(2026, 1, 5)
    )
    sandbox_tools.ensure_person(
        store, gezin, "00000001001111111000", plicht_begindatum=day(2026, 1, 5), doelgroep="gezin"
    )
    assert sandbox_tools.aanbod_missing(store, asiel)
    assert not sandbox_tools.aanbod_missing(store, gezin)
    with store.transaction() as state:
        state.persons[asiel].aanbiedingen["1234567890"] = AanbodRecord(
            "00000001001111111000", {"indicatorAlfabetiseringsonderwijs": "NVT"}, day(2026, 3, 2)
        )
    assert not sandbox_tools.aanbod_missing(store, asiel)
