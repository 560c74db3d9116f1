"""README §MAP and §PVT: every condition, incl. each 'Verwijtbaar' rule, for both.

Sandbox "today" is 2025-06-16. The inburgeringstermijn einddatum is exclusive (schema), so
a date on the einddatum is an overschrijding. "Binnen twee maanden" uses calendar months,
clamped to the month's last day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from spil.duo.client import DuoClient, DuoNotFound, DuoRefused
from spil.duo.rules import MapPvtRule
from spil_dev.duo_sandbox.rules import ONDERWERP, add_months
from spil_dev.testing.duo import GEM_A, GEM_B, TODAY, Env


@dataclass(frozen=True)
class Kind:
    name: str  # "MAP" | "PVT"
    field: str

    def put(self, client: DuoClient, bsn: str, body: dict[str, Any]) -> None:
        if self.name == "MAP":
            client.update_map(bsn, body)  # type: ignore[arg-type]
        else:
            client.update_pvt(bsn, body)  # type: ignore[arg-type]

    def get(self, client: DuoClient, bsn: str) -> str:
        if self.name == "MAP":
            return client.get_map(bsn)["datumEindgesprekMap"]
        return client.get_pvt(bsn)["datumOndertekeningPvt"]

    def body(self, datum: date | None, verwijtbaar: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if datum is not None:
            out[self.field] = datum.isoformat()
        if verwijtbaar is not None:
            out["verwijtbaar"] = verwijtbaar
        return out

    def tekst(self, fout: MapPvtRule) -> str:
        return fout.tekst(ONDERWERP[self.name])  # type: ignore[index]


KINDS = [Kind("MAP", "datumEindgesprekMap"), Kind("PVT", "datumOndertekeningPvt")]
kinds = pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)

TERMIJN_START = date(2022, 5, 1)
TERMIJN_EINDE = date(2025, 5, 1)  # exclusive; overschrijding from 2025-05-01 on


def setup(env: Env, *, termijn: bool = True, einde: date = TERMIJN_EINDE) -> str:
    bsn = env.person(plicht_begindatum=date(2022, 1, 10), vestigingsdatum=date(2022, 1, 10))
    env.a.post_pip(bsn, {"dagtekeningPip": "2022-05-01", "leerroute": "Z"})
    if termijn:
        env.store.set_termijn(bsn, TERMIJN_START, einde)
    return bsn


def refused_with(kind: Kind, fn: Callable[[], None], *fouten: MapPvtRule) -> list[str]:
    with pytest.raises(DuoRefused) as exc:
        fn()
    assert exc.value.status == 403
    for fout in fouten:
        assert kind.tekst(fout) in exc.value.foutmeldingen, exc.value.foutmeldingen
    return exc.value.foutmeldingen


@kinds
def test_wijziging_only_if_earlier_supplied_by_own_gemeente(env: Env, kind: Kind) -> None:
    bsn = setup(env)
    kind.put(env.a, bsn, kind.body(date(2025, 3, 3)))
    # Person moves; B makes its own PIP, so B has an actuele PIP, but A supplied the date.
    env.store.move(bsn, GEM_B, date(2025, 4, 1))
    env.b.post_pip(bsn, {"dagtekeningPip": "2025-04-01", "leerroute": "Z"})
    fouten = refused_with(
        kind,
        lambda: kind.put(env.b, bsn, kind.body(date(2025, 4, 2))),
        MapPvtRule.WIJZIGING_NIET_EERDER_GELEVERD,
    )
    assert fouten == [kind.tekst(MapPvtRule.WIJZIGING_NIET_EERDER_GELEVERD)]
    assert kind.get(env.a, bsn) == "2025-03-03"


@kinds
def test_wijziging_by_the_supplying_gemeente_is_accepted(env: Env, kind: Kind) -> None:
    bsn = setup(env)
    kind.put(env.a, bsn, kind.body(date(2025, 3, 3)))
    kind.put(env.a, bsn, kind.body(date(2025, 3, 4)))
    assert kind.get(env.a, bsn) == "2025-03-04"


@kinds
def test_own_gemeente_needs_actuele_pip(env: Env, kind: Kind) -> None:
    bsn = env.person()  # no PIP at all
    env.store.set_termijn(bsn, TERMIJN_START, TERMIJN_EINDE)
    fouten = refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(date(2025, 3, 3))),
        MapPvtRule.GEEN_ACTUELE_PIP_GEMEENTE,
    )
    assert fouten == [kind.tekst(MapPvtRule.GEEN_ACTUELE_PIP_GEMEENTE)]
    # actuele PIP of another gemeente does not count either
    env.store.seed_pip(
        bsn, GEM_B, {"dagtekeningPip": "2024-03-01", "leerroute": "Z"}, date(2024, 3, 1)
    )
    refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(date(2025, 3, 3))),
        MapPvtRule.GEEN_ACTUELE_PIP_GEMEENTE,
    )
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "Z"})
    kind.put(env.a, bsn, kind.body(date(2025, 3, 3)))


@kinds
def test_not_when_plicht_voldaan_via_zroute(env: Env, kind: Kind) -> None:
    bsn = setup(env)
    kind.put(env.a, bsn, kind.body(date(2025, 3, 3)))
    env.store.mark_voldaan_via_zroute(bsn, date(2025, 4, 1))
    refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(date(2025, 3, 4))),
        MapPvtRule.VOLDAAN_VIA_ZROUTE,
    )
    assert kind.get(env.a, bsn) == "2025-03-03"


@kinds
def test_not_before_start_inburgeringstermijn(env: Env, kind: Kind) -> None:
    bsn = setup(env)
    day_before = TERMIJN_START - timedelta(days=1)  # 2022-04-30
    fouten = refused_with(
        kind, lambda: kind.put(env.a, bsn, kind.body(day_before)), MapPvtRule.VOOR_START_TERMIJN
    )
    assert fouten == [kind.tekst(MapPvtRule.VOOR_START_TERMIJN)]
    kind.put(env.a, bsn, kind.body(TERMIJN_START))


@kinds
def test_not_after_afronding_zroute(env: Env, kind: Kind) -> None:
    bsn = setup(env)
    env.a.update_zroute(bsn, {"datumAfrondingZroute": "2025-02-28"})
    fouten = refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(date(2025, 3, 1))),
        MapPvtRule.NA_AFRONDING_ZROUTE,
    )
    assert fouten == [kind.tekst(MapPvtRule.NA_AFRONDING_ZROUTE)]
    kind.put(env.a, bsn, kind.body(date(2025, 2, 28)))


@kinds
def test_not_in_the_future(env: Env, kind: Kind) -> None:
    bsn = setup(env, einde=date(2026, 1, 1))
    fouten = refused_with(
        kind, lambda: kind.put(env.a, bsn, kind.body(TODAY + timedelta(1))), MapPvtRule.IN_TOEKOMST
    )
    assert fouten == [kind.tekst(MapPvtRule.IN_TOEKOMST)]
    kind.put(env.a, bsn, kind.body(TODAY))


@kinds
def test_withdrawal_not_with_registered_zroute(env: Env, kind: Kind) -> None:
    bsn = setup(env)
    kind.put(env.a, bsn, kind.body(date(2025, 1, 6)))
    env.a.update_zroute(bsn, {"datumAfrondingZroute": "2025-02-03"})
    fouten = refused_with(kind, lambda: kind.put(env.a, bsn, {}), MapPvtRule.INTREKKEN_MET_ZROUTE)
    assert fouten == [kind.tekst(MapPvtRule.INTREKKEN_MET_ZROUTE)]
    env.a.update_zroute(bsn, {})
    kind.put(env.a, bsn, {})  # withdrawn: PUT replaces the resource
    with pytest.raises(DuoNotFound):
        kind.get(env.a, bsn)


# ---- the four 'Verwijtbaar' rules --------------------------------------------------------


@kinds
def test_verwijtbaar_required_when_termijn_exceeded(env: Env, kind: Kind) -> None:
    bsn = setup(env)
    fouten = refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(TERMIJN_EINDE)),
        MapPvtRule.VERWIJTBAAR_ONTBREEKT,
    )
    assert fouten == [kind.tekst(MapPvtRule.VERWIJTBAAR_ONTBREEKT)]
    # last day inside the termijn (einddatum is exclusive): no overschrijding, none needed
    kind.put(env.a, bsn, kind.body(TERMIJN_EINDE - timedelta(days=1)))
    kind.put(env.a, bsn, kind.body(TERMIJN_EINDE, "Ja"))


@kinds
@pytest.mark.parametrize("waarde", ["Ja", "Nee"])
def test_verwijtbaar_not_allowed_before_einddatum(env: Env, kind: Kind, waarde: str) -> None:
    bsn = setup(env)
    in_time = TERMIJN_EINDE - timedelta(days=1)  # 2025-04-30
    fouten = refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(in_time, waarde)),
        MapPvtRule.VERWIJTBAAR_VOOR_EINDDATUM,
    )
    if waarde == "Nee":  # only this rule applies (the einddatum is within two months)
        assert fouten == [kind.tekst(MapPvtRule.VERWIJTBAAR_VOOR_EINDDATUM)]
    kind.put(env.a, bsn, kind.body(in_time))


@kinds
def test_nee_only_if_einddatum_within_two_months(env: Env, kind: Kind) -> None:
    # einddatum 2024-12-31 (exclusive) lies within two months before every date up to and
    # including 2025-02-28 (the window of spil.rules.engine, shared with Spil's own check)
    einde = date(2024, 12, 31)
    bsn = setup(env, einde=einde)
    kind.put(env.a, bsn, kind.body(date(2025, 2, 28), "Nee"))
    fouten = refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(date(2025, 3, 1), "Nee")),
        MapPvtRule.VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN,
    )
    assert fouten == [kind.tekst(MapPvtRule.VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN)]
    kind.put(env.a, bsn, kind.body(date(2025, 3, 1), "Ja"))


@kinds
def test_nee_window_in_a_leap_year(env: Env, kind: Kind) -> None:
    einde = date(2023, 12, 31)  # the window runs through 2024-02-29 (leap year)
    bsn = setup(env, einde=einde)
    kind.put(env.a, bsn, kind.body(date(2024, 2, 29), "Nee"))
    refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(date(2024, 3, 1), "Nee")),
        MapPvtRule.VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN,
    )


@kinds
def test_ja_only_with_overschrijding(env: Env, kind: Kind) -> None:
    bsn = setup(env)
    in_time = date(2025, 1, 15)
    refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(in_time, "Ja")),
        MapPvtRule.VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING,
    )
    # without a date there is no overschrijding either (and no 'before einddatum' conflict)
    fouten = refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(None, "Ja")),
        MapPvtRule.VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING,
    )
    assert fouten == [kind.tekst(MapPvtRule.VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING)]
    kind.put(env.a, bsn, kind.body(date(2025, 6, 2), "Ja"))


@kinds
def test_verwijtbaar_without_termijn_refused(env: Env, kind: Kind) -> None:
    bsn = setup(env, termijn=False)
    refused_with(
        kind,
        lambda: kind.put(env.a, bsn, kind.body(date(2025, 3, 3), "Nee")),
        MapPvtRule.VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN,
    )
    kind.put(env.a, bsn, kind.body(date(2025, 3, 3)))


def test_map_and_pvt_are_independent(env: Env) -> None:
    bsn = setup(env)
    env.a.update_map(bsn, {"datumEindgesprekMap": "2025-03-03"})
    with pytest.raises(DuoNotFound):
        env.a.get_pvt(bsn)
    stored = env.store.person(bsn)
    assert stored.map is not None and stored.map.gemeente_oin == GEM_A and stored.pvt is None


def test_add_months_calendar() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert add_months(date(2025, 1, 15), -13) == date(2023, 12, 15)
