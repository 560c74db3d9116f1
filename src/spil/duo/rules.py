"""DUO's eleven rules for a MAP eindgesprek date and a PVT ondertekening date (DUO README,
sections "Module Arbeidsmarkt en Participatie (MAP)" and "Participatieverklaringstraject
(PVT)"), and the Z-route rule, as one rule set.

Spil checks them before it sends a result (`spil.programmes.services.duo_results`, with the
termijn, PIP and dates as DUO gave them) and the DUO sandbox (`spil_dev.duo_sandbox.rules`)
checks the very same functions when it receives one, so the two never disagree — including
at month ends: the "Verwijtbaar: Nee" window is `spil.rules.engine.verwijtbaar_allowed`
(DUO's einddatum is exclusive; the window ends two calendar months later, a missing day
rolling over to the first of the next month: einddatum 2028-12-31 -> window up to and
including 2029-02-28).

Texts are Dutch, as DUO's ``fouttekst`` (at most 200 characters).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from spil.rules import engine

__all__ = [
    "ONDERWERP",
    "MapPvtFacts",
    "MapPvtRule",
    "Onderdeel",
    "Refusal",
    "ZrouteRule",
    "check_map_pvt",
    "check_zroute",
    "overschrijding",
]

Onderdeel = Literal["MAP", "PVT"]

ONDERWERP: dict[Onderdeel, str] = {
    "MAP": "datum eindgesprek MAP",
    "PVT": "datum ondertekening PVT",
}


class MapPvtRule(StrEnum):
    """The eleven rules, in DUO's order; the value is the Dutch fouttekst."""

    WIJZIGING_NIET_EERDER_GELEVERD = (
        "Bij een wijziging moet de {onderwerp} eerder door uw gemeente zijn geleverd."
    )
    GEEN_ACTUELE_PIP_GEMEENTE = (
        "Uw gemeente moet een actuele PIP hebben voor de inburgeringsplichtige."
    )
    VOLDAAN_VIA_ZROUTE = "De inburgeringsplicht is al voldaan via de Z-route."
    VOOR_START_TERMIJN = (
        "De {onderwerp} mag niet voor de startdatum van de inburgeringstermijn liggen."
    )
    NA_AFRONDING_ZROUTE = "De {onderwerp} mag niet na de datum afronding Z-route liggen."
    IN_TOEKOMST = "De {onderwerp} mag niet in de toekomst liggen."
    INTREKKEN_MET_ZROUTE = (
        "De {onderwerp} kan niet worden ingetrokken: de datum afronding Z-route is geregistreerd."
    )
    VERWIJTBAAR_ONTBREEKT = (
        "'Verwijtbaar' ontbreekt, terwijl er sprake is van een overschrijding van de "
        "inburgeringstermijn."
    )
    VERWIJTBAAR_VOOR_EINDDATUM = (
        "'Verwijtbaar' mag niet worden geleverd als de {onderwerp} voor de einddatum van de "
        "inburgeringstermijn ligt."
    )
    VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN = (
        "'Verwijtbaar' mag alleen 'Nee' zijn als de einddatum van de inburgeringstermijn "
        "binnen twee maanden valt."
    )
    VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING = (
        "'Verwijtbaar' mag alleen 'Ja' zijn als er sprake is van een overschrijding van de "
        "inburgeringstermijn."
    )

    def tekst(self, onderwerp: str = "") -> str:
        return self.value.format(onderwerp=onderwerp)


class ZrouteRule(StrEnum):
    NIET_OP_ZROUTE = "De inburgeraar volgt de Z-route niet."


@dataclass(frozen=True)
class Refusal:
    rule: MapPvtRule | ZrouteRule
    tekst: str


@dataclass(frozen=True)
class MapPvtFacts:
    """What the rules look at, as DUO knows it.

    ``existing_by``: the OIN of the gemeente that delivered the date DUO holds now (None: DUO
    holds none). ``actuele_pip_by``: the OIN of the gemeente of the actuele PIP.
    ``termijn_end`` is DUO's einddatum (exclusive).
    """

    onderdeel: Onderdeel
    bron_oin: str
    datum: date | None  # None: withdraw the date registered earlier
    verwijtbaar: str | None
    today: date
    existing_by: str | None
    actuele_pip_by: str | None
    voldaan_via_zroute: bool
    zroute_afgerond: date | None
    termijn_start: date | None
    termijn_end: date | None


def overschrijding(datum: date | None, termijn_end: date | None) -> bool:
    """The termijn is exceeded when the date falls on or after the (exclusive) einddatum."""
    return datum is not None and termijn_end is not None and datum >= termijn_end


def _einddatum_within_two_months(datum: date | None, termijn_end: date | None) -> bool:
    """Whether DUO's einddatum lies within two months before the date (a date before the
    einddatum: trivially). The window is the rules engine's, so Spil and the sandbox agree
    at month ends."""
    if datum is None or termijn_end is None:
        return False
    if datum < termijn_end:
        return True
    return "Nee" in engine.verwijtbaar_allowed(datum, termijn_end)


def check_map_pvt(facts: MapPvtFacts) -> list[Refusal]:
    """Every rule the date (and 'Verwijtbaar') breaks; empty: DUO registers it."""
    onderwerp = ONDERWERP[facts.onderdeel]
    out: list[Refusal] = []

    def refuse(rule: MapPvtRule) -> None:
        out.append(Refusal(rule, rule.tekst(onderwerp)))

    datum = facts.datum
    if facts.existing_by is not None and facts.existing_by != facts.bron_oin:
        refuse(MapPvtRule.WIJZIGING_NIET_EERDER_GELEVERD)
    if facts.actuele_pip_by != facts.bron_oin:
        refuse(MapPvtRule.GEEN_ACTUELE_PIP_GEMEENTE)
    if facts.voldaan_via_zroute:
        refuse(MapPvtRule.VOLDAAN_VIA_ZROUTE)
    if datum is not None:
        if facts.termijn_start is not None and datum < facts.termijn_start:
            refuse(MapPvtRule.VOOR_START_TERMIJN)
        if facts.zroute_afgerond is not None and datum > facts.zroute_afgerond:
            refuse(MapPvtRule.NA_AFRONDING_ZROUTE)
        if datum > facts.today:
            refuse(MapPvtRule.IN_TOEKOMST)
    elif facts.zroute_afgerond is not None:
        refuse(MapPvtRule.INTREKKEN_MET_ZROUTE)

    over = overschrijding(datum, facts.termijn_end)
    if facts.verwijtbaar is None:
        if over:
            refuse(MapPvtRule.VERWIJTBAAR_ONTBREEKT)
        return out
    if datum is not None and facts.termijn_end is not None and datum < facts.termijn_end:
        refuse(MapPvtRule.VERWIJTBAAR_VOOR_EINDDATUM)
    if facts.verwijtbaar == "Nee" and not _einddatum_within_two_months(datum, facts.termijn_end):
        refuse(MapPvtRule.VERWIJTBAAR_NEE_BUITEN_TWEE_MAANDEN)
    if facts.verwijtbaar == "Ja" and not over:
        refuse(MapPvtRule.VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING)
    return out


def check_zroute(*, on_zroute: bool) -> list[Refusal]:
    """A Z-route completion is registered only for a person on the Z-route."""
    if on_zroute:
        return []
    return [Refusal(ZrouteRule.NIET_OP_ZROUTE, ZrouteRule.NIET_OP_ZROUTE.value)]
