"""DUO's eleven MAP/PVT rules and the Z-route rule: one rule set (`spil.duo.rules`), used by
Spil before sending and by the DUO sandbox when receiving. One test per rule, and the
month-end case on both sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from spil.duo import rules
from spil.duo.rules import MapPvtRule

OWN = "00000001001111111000"
OTHER = "00000001002222222000"

BASE = rules.MapPvtFacts(
    onderdeel="MAP",
    bron_oin=OWN,
    datum=date(2024, 6, 3),
    verwijtbaar=None,
    today=date(2026, 11, 23),
    existing_by=None,
    actuele_pip_by=OWN,
    voldaan_via_zroute=False,
    zroute_afgerond=None,
    termijn_start=date(2022, 5, 1),
    termijn_end=date(2025, 5, 1),
)


def broken(**changes: Any) -> set[MapPvtRule | rules.ZrouteRule]:
    return {r.rule for r in rules.check_map_pvt(replace(BASE, **changes))}


@pytest.mark.parametrize("onderdeel", ["MAP", "PVT"])
def test_a_date_within_the_termijn_is_accepted(onderdeel: str) -> None:
    assert broken(onderdeel=onderdeel) == set()


def test_rule_1_a_change_needs_an_earlier_submission_by_the_own_gemeente() -> None:
    assert broken(existing_by=OTHER) == {MapPvtRule.WIJZIGING_NIET_EERDER_GELEVERD}
    assert broken(existing_by=OWN) == set()


def test_rule_2_the_own_gemeente_has_the_actuele_pip() -> None:
    assert broken(actuele_pip_by=OTHER) == {MapPvtRule.GEEN_ACTUELE_PIP_GEMEENTE}
    assert broken(actuele_pip_by=None) == {MapPvtRule.GEEN_ACTUELE_PIP_GEMEENTE}


def test_rule_3_not_already_met_via_the_zroute() -> None:
    assert broken(voldaan_via_zroute=True) == {MapPvtRule.VOLDAAN_VIA_ZROUTE}


def test_rule_4_not_before_the_start_of_the_termijn() -> None:
    assert broken(datum=date(2022, 4, 30)) == {MapPvtRule.VOOR_START_TERMIJN}
    assert broken(datum=date(2022, 5, 1)) == set()


def test_rule_5_not_after_the_zroute_completion() -> None:
    assert broken(zroute_afgerond=date(2024, 6, 2)) == {MapPvtRule.NA_AFRONDING_ZROUTE}
    assert broken(zroute_afgerond=date(2024, 6, 3)) == set()


def test_rule_6_not_in_the_future() -> None:
    assert broken(datum=date(2026, 11, 24), verwijtbaar="Ja") == {MapPvtRule.IN_TOEKOMST}


def test_rule_7_no_withdrawal_once_the_zroute_completion_is_registered() -> None:
    assert broken(datum=None) == set()  # withdrawing is allowed otherwise
    assert broken(datum=None, zroute_afgerond=date(2024, 1, 1)) == {MapPvtRule.INTREKKEN_MET_ZROUTE}


def test_rule_8_verwijtbaar_is_required_when_the_termijn_is_exceeded() -> None:
    assert broken(datum=date(2025, 5, 1)) == {MapPvtRule.VERWIJTBAAR_ONTBREEKT}


def test_rule_9_no_verwijtbaar_before_the_einddatum() -> None:
    assert broken(verwijtbaar="Nee") == {MapPvtRule.VERWIJTBAAR_VOOR_EINDDATUM}


def test_rule_10_nee_only_when_the_einddatum_lies_within_two_months() -> None:
    assert broken(datum=date(2025, 6, 30), verwijtbaar="Nee") == set()
    assert broken(datum=date(2025, 7, 1), verwijtbaar="Nee") == {
        MapPvtRule.VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN
    }


def test_rule_11_ja_only_when_the_termijn_is_exceeded() -> None:
    assert broken(verwijtbaar="Ja") == {
        MapPvtRule.VERWIJTBAAR_VOOR_EINDDATUM,
        MapPvtRule.VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING,
    }
    assert broken(datum=None, verwijtbaar="Ja") == {MapPvtRule.VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING}


def test_eleven_rules() -> None:
    assert len(MapPvtRule) == 11
    assert all(len(rule.tekst(rules.ONDERWERP["PVT"])) <= 200 for rule in MapPvtRule)


def test_month_end_spil_and_the_sandbox_agree() -> None:
    """einddatum 2028-12-31: 'Nee' is allowed through 2029-02-28, by Spil's engine and by
    the sandbox alike (both call this rule set)."""
    from spil.rules import engine
    from spil_dev.duo_sandbox import rules as sandbox_rules
    from spil_dev.duo_sandbox.store import Person, PipRecord, Termijn

    end = date(2028, 12, 31)
    later = {"termijn_end": end, "today": date(2029, 6, 1), "verwijtbaar": "Nee"}
    assert "Nee" in engine.verwijtbaar_allowed(date(2029, 2, 28), end)
    assert broken(datum=date(2029, 2, 28), **later) == set()
    assert broken(datum=date(2029, 3, 1), **later) == {
        MapPvtRule.VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN
    }
    person = Person(bsn="999990019", gemeente_oin=OWN, doelgroep="asiel")
    person.termijn = Termijn(date(2025, 12, 31), end)
    person.pips.append(PipRecord(OWN, {"dagtekeningPip": "2026-01-05", "leerroute": "B"}, end))
    today = date(2029, 6, 1)
    ok = sandbox_rules.check_map_pvt("MAP", person, OWN, date(2029, 2, 28), "Nee", today)
    late = sandbox_rules.check_map_pvt("MAP", person, OWN, date(2029, 3, 1), "Nee", today)
    assert ok == []
    assert [w.code.name for w in late] == ["VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN"]


def test_the_zroute_completion_needs_the_zroute() -> None:
    assert rules.check_zroute(on_zroute=True) == []
    assert [r.rule for r in rules.check_zroute(on_zroute=False)] == [
        rules.ZrouteRule.NIET_OP_ZROUTE
    ]
