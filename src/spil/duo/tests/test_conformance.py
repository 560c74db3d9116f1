"""Every operation of every DUO YAML, through DuoClient -> sandbox, validated both ways.

The client validates each request before sending and each response after receiving; the
sandbox validates each request it gets and (strict mode) each response it produces. A
violation anywhere raises, so a passing scenario means both directions conform.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from spil.duo.client import OPERATION_METHODS, DuoNotFound
from spil.duo.contract import DUO_SERVED_APIS, DuoApi, iter_operations
from spil_dev.testing.duo import GEM_A, GEM_A_CODE, INST_BOW, Env

SERVED_OPERATIONS = {op.operation_id for api in DUO_SERVED_APIS for op in iter_operations(api)}


def _with_pip(env: Env, **kwargs: object) -> str:
    bsn = env.person(**kwargs)  # type: ignore[arg-type]
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    return bsn


def s_get_doelgroep(env: Env) -> None:
    bsn = env.person(doelgroep="gezin")
    assert env.a.get_doelgroep(bsn) == {
        "indeling": "Gezinsmigrant en overige migrant",
        "gedetailleerdeDoelgroep": "Gezinsvormer",
        "begindatum": "2024-01-15",
    }


def s_get_doelgroephistorie(env: Env) -> None:
    bsn = env.person(doelgroep="gezin")
    env.store.set_doelgroep(bsn, "asiel", date(2024, 6, 1))
    assert env.a.get_doelgroep_historie(bsn) == [
        {
            "indeling": "Gezinsmigrant en overige migrant",
            "begindatum": "2024-01-15",
            "einddatum": "2024-06-01",
        },
        {"indeling": "Asielstatushouder", "begindatum": "2024-06-01"},
    ]


def s_get_plicht(env: Env) -> None:
    bsn = env.person(datum_kennisgeving=date(2024, 1, 20))
    assert env.a.get_inburgeringsplicht(bsn) == {
        "indicatorInburgeringsplicht": True,
        "begindatum": "2024-01-15",
        "datumKennisgevingInburgeringsplicht": "2024-01-20",
        "wijzigingsdatum": "2024-01-15",
    }


def s_get_plichthistorie(env: Env) -> None:
    bsn = env.person()
    env.store.set_inburgeringsplicht(
        bsn,
        indicator=False,
        begindatum=date(2024, 1, 15),
        einddatum=date(2025, 1, 1),
        reden="Overlijden",
        wijzigingsdatum=date(2025, 1, 2),
    )
    historie = env.a.get_inburgeringsplicht_historie(bsn)
    assert historie[0]["indicatorInburgeringsplicht"] is True
    assert historie[-1] == {
        "indicatorInburgeringsplicht": False,
        "begindatum": "2024-01-15",
        "einddatum": "2025-01-01",
        "wijzigingsdatum": "2025-01-02",
    }
    assert env.a.get_inburgeringsplicht(bsn)["redenGeenInburgeringsplicht"] == "Overlijden"


def s_get_examennummer(env: Env) -> None:
    bsn = env.person()
    env.store.set_examennummer(bsn, "LBT000000042")
    assert env.a.get_examennummer(bsn) == {"examennummer": "LBT000000042"}


def s_delete_examennummer(env: Env) -> None:
    bsn = env.person()
    env.store.set_examennummer(bsn, "LBT000000043")
    env.a.delete_examennummer(bsn)
    assert env.store.person(bsn).examennummer is None
    with pytest.raises(DuoNotFound):
        env.a.get_examennummer(bsn)


def s_get_lbt(env: Env) -> None:
    bsn = env.person()
    resultaat = {
        "behaaldeScore": "61,50",
        "benodigdeScore": "55,00",
        "datumAfname": "2024-02-20",
        "resultaat": "B1-route haalbaar",
    }
    env.store.add_lbt_resultaat(bsn, resultaat)  # type: ignore[arg-type]
    assert env.a.get_lbt_resultaten(bsn) == [resultaat]


def s_get_termijn(env: Env) -> None:
    bsn = env.person()
    env.store.set_termijn(bsn, date(2024, 3, 1), date(2027, 3, 1))
    assert env.a.get_inburgeringstermijn(bsn) == {
        "startdatum": "2024-03-01",
        "einddatum": "2027-03-01",
        "wijzigingsdatum": "2024-03-01",
    }


def s_get_termijnhistorie(env: Env) -> None:
    bsn = env.person()
    env.store.set_termijn(bsn, date(2024, 3, 1), date(2027, 3, 1))
    env.store.set_termijn(
        bsn,
        date(2024, 3, 1),
        date(2027, 9, 1),
        verlengingsgrondcode="2",
        verlengingsgrondomschrijving="Verlenging op verzoek",
        wijzigingsdatum=date(2025, 5, 1),
    )
    assert env.a.get_inburgeringstermijn_historie(bsn) == [
        {"einddatum": "2027-03-01", "wijzigingsdatum": "2024-03-01"},
        {
            "einddatum": "2027-09-01",
            "verlengingsgrondcode": "2",
            "verlengingsgrondomschrijving": "Verlenging op verzoek",
            "wijzigingsdatum": "2025-05-01",
        },
    ]


def s_get_verlengingsgronden(env: Env) -> None:
    gronden = env.a.get_verlengingsgronden()
    assert gronden and all({"code", "omschrijving"} <= set(g) for g in gronden)


def s_get_vrijstellingen(env: Env) -> None:
    bsn = env.person()
    v = {
        "TijdelijkeVrijstelling": {
            "oordeel": "Toekenning",
            "reden": "OPL",
            "startdatum": "2024-09-01",
            "einddatum": "2025-08-31",
        }
    }
    env.store.add_vrijstelling(bsn, v)  # type: ignore[arg-type]
    assert env.a.get_vrijstellingen(bsn) == [v]


def s_get_ontheffingen(env: Env) -> None:
    bsn = env.person()
    o = {
        "GedeeltelijkeOntheffing": {
            "oordeel": "Toekenning",
            "datumOordeel": "2024-10-01",
            "grond": "MED",
            "examenonderdeel": "SP",
            "urenBelastbaarheidParticipatieactiviteit": 0,
        }
    }
    env.store.add_ontheffing(bsn, o)  # type: ignore[arg-type]
    assert env.a.get_ontheffingen(bsn) == [o]


def s_get_pip(env: Env) -> None:
    bsn = _with_pip(env)
    assert env.a.get_pip(bsn) == {
        "gemeentecode": GEM_A_CODE,
        "pip": {"dagtekeningPip": "2024-03-01", "leerroute": "B", "niveau": "B1"},
    }


def s_post_pip(env: Env) -> None:
    bsn = env.person()
    pip = {
        "dagtekeningPip": "2024-03-01",
        "leerroute": "B",
        "niveau": "B1",
        "geschatteIntensiteitB1Route": 600,
        "indicatorAlfabetiseringsonderwijs": "NVT",
        "indicatorMagOpleidingAfmaken": False,
    }
    env.a.post_pip(bsn, pip)  # type: ignore[arg-type]
    stored = env.store.person(bsn).actuele_pip
    assert stored is not None and stored.pip == pip and stored.gemeente_oin == GEM_A


def s_delete_pip(env: Env) -> None:
    bsn = _with_pip(env)
    env.a.delete_pip(bsn)
    assert env.store.person(bsn).pips == []


def s_create_contactpersoon(env: Env) -> None:
    gegevens = {
        "naam": "Anouk de Vries-Öztürk",
        "email": "a.devries@gemeente-a.nl",
        "telefoonnummer": "+31 30 123 4567",
    }
    created = env.a.create_contactpersoon(gegevens)  # type: ignore[arg-type]
    assert created["contactpersoongegevens"] == gegevens
    stored = env.store.contactpersoon(created["id"])
    assert stored is not None and stored.gemeente_oin == GEM_A


def s_update_contactpersoon(env: Env) -> None:
    c = env.a.create_contactpersoon(
        {"naam": "Jan Jansen", "email": "jan@a.nl", "telefoonnummer": "0301234567"}
    )
    env.a.update_contactpersoon(
        c["id"], {"naam": "Jan Jansen", "email": "j.jansen@a.nl", "telefoonnummer": "0307654321"}
    )
    stored = env.store.contactpersoon(c["id"])
    assert stored is not None and stored.email == "j.jansen@a.nl"


def s_delete_contactpersoon(env: Env) -> None:
    c = env.a.create_contactpersoon(
        {"naam": "Piet Peters", "email": "piet@a.nl", "telefoonnummer": "0301234567"}
    )
    env.a.delete_contactpersoon(c["id"])
    assert env.store.contactpersoon(c["id"]) is None


def s_koppel_contactpersoon(env: Env) -> None:
    bsn = env.person()
    c = env.a.create_contactpersoon(
        {"naam": "Els Eppink", "email": "els@a.nl", "telefoonnummer": "0301234567"}
    )
    env.a.koppel_contactpersoon(c["id"], bsn)
    assert env.store.person(bsn).contactpersoon_id == c["id"]


def s_ontkoppel_contactpersoon(env: Env) -> None:
    bsn = env.person()
    c = env.a.create_contactpersoon(
        {"naam": "Els Eppink", "email": "els@a.nl", "telefoonnummer": "0301234567"}
    )
    env.a.koppel_contactpersoon(c["id"], bsn)
    env.a.ontkoppel_contactpersoon(c["id"], bsn)
    assert env.store.person(bsn).contactpersoon_id is None


def s_get_instellingen(env: Env) -> None:
    nummers = {i["instellingsnummer"] for i in env.a.get_instellingen()}
    assert INST_BOW in nummers and len(nummers) == 3


def s_post_aanbod(env: Env) -> None:
    bsn = _with_pip(env)
    aanbod = {
        "datumInburgeringsaanbod": "2024-03-10",
        "verwachteStartdatumOpleiding": "2024-04-01",
        "verwachteEinddatumOpleiding": "2025-04-01",
        "indicatorAlfabetiseringsonderwijs": "NVT",
    }
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, aanbod)  # type: ignore[arg-type]
    assert env.store.person(bsn).aanbiedingen[INST_BOW].aanbod == aanbod


def s_delete_aanbod(env: Env) -> None:
    bsn = _with_pip(env)
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, {"indicatorAlfabetiseringsonderwijs": "A"})
    env.a.delete_inburgeringsaanbod(bsn, INST_BOW)
    assert env.store.person(bsn).aanbiedingen == {}


def s_get_map(env: Env) -> None:
    bsn = _with_pip(env)
    env.a.update_map(bsn, {"datumEindgesprekMap": "2025-05-01"})
    assert env.a.get_map(bsn) == {"datumEindgesprekMap": "2025-05-01"}


def s_update_map(env: Env) -> None:
    bsn = _with_pip(env)
    env.a.update_map(bsn, {"datumEindgesprekMap": "2025-05-02"})
    stored = env.store.person(bsn).map
    assert stored is not None and stored.datum == date(2025, 5, 2)


def s_get_pvt(env: Env) -> None:
    bsn = _with_pip(env)
    env.a.update_pvt(bsn, {"datumOndertekeningPvt": "2025-04-01"})
    assert env.a.get_pvt(bsn) == {"datumOndertekeningPvt": "2025-04-01"}


def s_update_pvt(env: Env) -> None:
    bsn = _with_pip(env)
    env.a.update_pvt(bsn, {"datumOndertekeningPvt": "2025-04-02"})
    stored = env.store.person(bsn).pvt
    assert stored is not None and stored.datum == date(2025, 4, 2)


def s_update_zroute(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "Z"})  # on the Z-route
    env.a.update_zroute(bsn, {"datumAfrondingZroute": "2025-06-01"})
    assert env.store.person(bsn).zroute_afgerond == date(2025, 6, 1)
    env.a.update_zroute(bsn, {})  # PUT replaces: withdraws the date
    assert env.store.person(bsn).zroute_afgerond is None


def s_get_uren(env: Env) -> None:
    bsn = env.person()
    env.a.update_uren_participatie_als_taalles(bsn, 120)
    assert env.a.get_gevolgde_uren(bsn) == [
        {
            "gemeentecode": GEM_A_CODE,
            "bekendTot": "2025-06-16",
            "ParticipatieAlsTaalles": {"uren": 120},
        }
    ]


def s_update_uren_taalles_knm(env: Env) -> None:
    bsn = env.person()
    env.a.update_uren_taalles_knm(bsn, 40)
    assert env.store.person(bsn).uren[GEM_A].taalles_en_knm_brede_intake == 40


def s_update_uren_participatieactiviteiten(env: Env) -> None:
    bsn = env.person()
    env.a.update_uren_participatieactiviteiten(bsn, 0)
    assert env.store.person(bsn).uren[GEM_A].participatieactiviteiten_brede_intake == 0


def s_update_uren_participatie_als_taalles(env: Env) -> None:
    bsn = env.person()
    env.a.update_uren_participatie_als_taalles(bsn, 9999)
    assert env.store.person(bsn).uren[GEM_A].participatie_als_taalles == 9999


def s_get_gratis_pogingen(env: Env) -> None:
    bsn = env.person()
    tegoed = [
        {"onderdeel": "LE", "gratisPogingenTegoed": 2},
        {"onderdeel": "KNM", "gratisPogingenTegoed": 3},
    ]
    env.store.set_gratis_pogingen(bsn, tegoed)  # type: ignore[arg-type]
    assert env.a.get_gratis_pogingen(bsn) == tegoed


def s_get_examenresultaten(env: Env) -> None:
    bsn = env.person()
    resultaten = [
        {"examendatum": "2025-02-03", "onderdeel": "LE", "niveau": "B1", "resultaat": "Geslaagd"},
        {
            "examendatum": "2025-02-04",
            "onderdeel": "SP",
            "resultaat": "Geen",
            "redenGeenResultaat": "Absent",
        },
    ]
    for r in resultaten:
        env.store.add_examenresultaat(bsn, r)  # type: ignore[arg-type]
    assert env.a.get_examenresultaten(bsn) == resultaten


SCENARIOS: dict[str, Callable[[Env], None]] = {
    "getDoelgroepByBsn": s_get_doelgroep,
    "getDoelgroephistorieByBsn": s_get_doelgroephistorie,
    "getInburgeringsplichtByBsn": s_get_plicht,
    "getInburgeringsplichthistorieByBsn": s_get_plichthistorie,
    "getExamennummerByBsn": s_get_examennummer,
    "deleteExamennummerByBsn": s_delete_examennummer,
    "getLbtResultatenByBsn": s_get_lbt,
    "getInburgeringstermijnByBsn": s_get_termijn,
    "getInburgeringstermijnhistorieByBsn": s_get_termijnhistorie,
    "getVerlengingsgronden": s_get_verlengingsgronden,
    "getVrijstellingenByBsn": s_get_vrijstellingen,
    "getOntheffingenByBsn": s_get_ontheffingen,
    "getPipByBsn": s_get_pip,
    "postPipByBsn": s_post_pip,
    "deletePipByBsn": s_delete_pip,
    "createContactpersoon": s_create_contactpersoon,
    "updateContactpersoonById": s_update_contactpersoon,
    "deleteContactpersoonById": s_delete_contactpersoon,
    "postContactpersoonByBsn": s_koppel_contactpersoon,
    "deleteContactpersoonByBsn": s_ontkoppel_contactpersoon,
    "getInstellingen": s_get_instellingen,
    "postInburgeringsaanbodByBsnAndInstellingsnummer": s_post_aanbod,
    "deleteInburgeringsaanbodByBsnAndInstellingsnumer": s_delete_aanbod,
    "getMapByBsn": s_get_map,
    "updateMapByBsn": s_update_map,
    "getPvtByBsn": s_get_pvt,
    "updatePvtByBsn": s_update_pvt,
    "updateZrouteByBsn": s_update_zroute,
    "getGevolgdeUrenByBsn": s_get_uren,
    "updateUrenTaallesEnKnmByBSN": s_update_uren_taalles_knm,
    "updateUrenParticipatieactiviteiten": s_update_uren_participatieactiviteiten,
    "updateUrenParticipatieAlsTaallesByBsn": s_update_uren_participatie_als_taalles,
    "getGratisPogingenTegoedByBsn": s_get_gratis_pogingen,
    "getExamenresultatenByBsn": s_get_examenresultaten,
}


def test_every_served_operation_has_a_scenario_and_a_client_method() -> None:
    assert set(SCENARIOS) == SERVED_OPERATIONS
    assert set(OPERATION_METHODS) == SERVED_OPERATIONS
    assert len(SERVED_OPERATIONS) == 34


def test_notificatie_is_the_only_api_not_served() -> None:
    assert set(DuoApi) - set(DUO_SERVED_APIS) == {DuoApi.NOTIFICATIE}


@pytest.mark.parametrize("operation_id", sorted(SCENARIOS))
def test_operation_roundtrip(env: Env, operation_id: str) -> None:
    called: list[str] = []
    original = env.a.call

    def recording_call(op_id: str, body: object = None, **params: Any) -> object:
        called.append(op_id)
        return original(op_id, body, **params)

    env.a.call = recording_call  # type: ignore[method-assign,assignment]
    SCENARIOS[operation_id](env)
    assert operation_id in called, "scenario must exercise its own operation"


def test_client_methods_map_to_their_operation(env: Env) -> None:
    for op_id, name in OPERATION_METHODS.items():
        assert callable(getattr(env.a, name)), op_id


def test_bron_a_is_used_as_header(env: Env) -> None:
    # The sandbox records the bron OIN as the owner of what was registered.
    bsn = _with_pip(env)
    pip = env.store.person(bsn).actuele_pip
    assert pip is not None and pip.gemeente_oin == GEM_A
