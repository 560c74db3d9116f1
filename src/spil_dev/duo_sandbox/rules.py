"""DUO's business rules (README of the spec bundle), as pure functions.

Each check returns a list of :class:`Weigering` (refusal) items; an empty list means the
request may be registered. Texts are Dutch, as DUO's ``fouttekst`` would be (max 200 chars).
Interpretations of ambiguous rules are documented on the functions and in the module README.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from spil.duo import rules as duo_rules
from spil.duo.contract.types import Inburgeringsaanbod, Instelling, Pip
from spil_dev.duo_sandbox.store import Person

__all__ = [
    "Fout",
    "Weigering",
    "add_months",
    "check_aanbod",
    "check_aanbod_delete",
    "check_map_pvt",
    "check_pip",
    "check_pip_delete",
    "check_zroute",
    "effective_niveau",
    "is_relevant",
    "overschrijding",
]


def add_months(d: date, months: int) -> date:
    """Calendar month arithmetic, clamping to the last day of the month (31 Jan + 1 = 28/29 Feb)."""
    total = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(total, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


class Fout(StrEnum):
    """Refusal codes; the value is the Dutch text template (``{onderwerp}`` for MAP/PVT)."""

    # --- scope / authorisation
    NIET_RELEVANT = "De persoon is niet relevant voor uw gemeente."
    BRON_ONBEKEND = "De bron (OIN) is niet bekend als gemeente."
    DOEL_ONJUIST = "Het doel (OIN) is niet het OIN van DUO."
    # --- PIP
    GEEN_INBURGERINGSPLICHT = "De persoon is niet inburgeringsplichtig."
    DAGTEKENING_VOOR_START_PLICHT = (
        "De datum dagtekening mag niet voor de start van de inburgeringsplicht liggen."
    )
    DAGTEKENING_VOOR_INITIELE_PIP = (
        "De datum dagtekening mag niet voor de datum dagtekening van de initiële PIP liggen."
    )
    DAGTEKENING_VOOR_ACTUELE_PIP = (
        "De datum dagtekening mag niet voor de datum dagtekening van de actuele PIP liggen."
    )
    DAGTEKENING_VOOR_VESTIGING = (
        "De datum dagtekening mag niet voor de vestiging van de inburgeraar bij de gemeente liggen."
    )
    A2_MET_ONDERWIJSROUTE = "Niveau A2 mag niet in combinatie met de onderwijsroute."
    B1_MET_ZROUTE = "Niveau B1 mag niet in combinatie met de Z-route."
    A2_MET_B1ROUTE_EERSTE_PIP = (
        "Niveau A2 mag niet in combinatie met de B1-route bij de eerste PIP van de persoon."
    )
    INTENSITEIT_ALLEEN_B1ROUTE = "Geschatte intensiteit B1-route mag alleen bij de B1-route."
    INTENSITEIT_ALLEEN_ASIEL = "Geschatte intensiteit B1-route mag alleen bij asielmigranten."
    PIP_NIET_VAN_GEMEENTE = "Het actuele PIP is niet door uw gemeente aangeleverd."
    PIP_TERMIJN_VASTGESTELD = (
        "Het PIP kan niet worden verwijderd: de inburgeringstermijn is al vastgesteld."
    )
    PIP_CURSUSUREN_GEREGISTREERD = (
        "Het PIP kan niet worden verwijderd: er zijn al cursusdeelnameuren geregistreerd bij "
        "het actuele inburgeringsaanbod."
    )
    # --- Inburgeringsaanbod
    AANBOD_GEEN_ASIELMIGRANT = "Een inburgeringsaanbod kan alleen voor een asielmigrant."
    AANBOD_GEEN_PIP = "De persoon heeft geen PIP."
    AANBOD_INSTELLING_ONBEKEND = "De opleidingsinstelling is niet bekend bij DUO."
    AANBOD_GEEN_KEURMERK = (
        "De opleidingsinstelling heeft geen BoW-keurmerk (of TST-erkenning bij de onderwijsroute)."
    )
    AANBOD_VOOR_DAGTEKENING_PIP = (
        "De data van het inburgeringsaanbod mogen niet voor de dagtekening van de actuele PIP "
        "liggen."
    )
    AANBOD_START_VOOR_AANBOD = (
        "De verwachte startdatum opleiding mag niet voor de datum inburgeringsaanbod liggen."
    )
    AANBOD_EINDE_VOOR_START = (
        "De verwachte einddatum opleiding mag niet voor de verwachte startdatum opleiding liggen."
    )
    AANBOD_BUITEN_TERMIJN = (
        "De verwachte start- en einddatum opleiding mogen niet buiten de inburgeringstermijn "
        "liggen."
    )
    AANBOD_NIET_VAN_GEMEENTE = "Het inburgeringsaanbod is niet door uw gemeente aangeleverd."
    # The MAP / PVT and Z-route refusals are Spil's own rule set: `spil.duo.rules`.

    def tekst(self, onderwerp: str = "") -> str:
        return self.value.format(onderwerp=onderwerp)


@dataclass(frozen=True)
class Weigering:
    code: Fout | duo_rules.MapPvtRule | duo_rules.ZrouteRule
    tekst: str

    @classmethod
    def of(cls, code: Fout, onderwerp: str = "") -> Weigering:
        return cls(code, code.tekst(onderwerp))


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --------------------------------------------------------------------------- scope


def is_relevant(person: Person, bron_oin: str, today: date) -> bool:
    """README "Scope": the person is relevant to the asking gemeente if

    * it is the gemeente the person falls under (ingezetene, or COA-linked), or
    * the actuele PIP is of that gemeente, or
    * the actuele PIP is younger than a month and the previous PIP is of that gemeente.
    """
    if person.gemeente_oin == bron_oin:
        return True
    actueel = person.actuele_pip
    if actueel is None:
        return False
    if actueel.gemeente_oin == bron_oin:
        return True
    if len(person.pips) >= 2 and actueel.registered_on > add_months(today, -1):
        return person.pips[-2].gemeente_oin == bron_oin
    return False


# --------------------------------------------------------------------------- PIP


def effective_niveau(pip: Pip) -> str | None:
    """README: without a niveau, B1 is established for the B1-route and the onderwijsroute."""
    niveau = pip.get("niveau")
    if niveau is None and pip["leerroute"] in ("B", "O"):
        return "B1"
    return niveau


def check_pip(person: Person, bron_oin: str, pip: Pip) -> list[Weigering]:
    """Rules for registering (POST) a PIP."""
    out: list[Weigering] = []
    dagtekening = date.fromisoformat(pip["dagtekeningPip"])
    leerroute = pip["leerroute"]
    niveau = pip.get("niveau")

    # Datum dagtekening
    if not person.plicht_indicator or person.plicht_begindatum is None:
        out.append(Weigering.of(Fout.GEEN_INBURGERINGSPLICHT))
    elif dagtekening < person.plicht_begindatum:
        out.append(Weigering.of(Fout.DAGTEKENING_VOOR_START_PLICHT))
    initieel, actueel = person.initiele_pip, person.actuele_pip
    if initieel is not None and dagtekening < date.fromisoformat(initieel.pip["dagtekeningPip"]):
        out.append(Weigering.of(Fout.DAGTEKENING_VOOR_INITIELE_PIP))
    if actueel is not None and dagtekening < date.fromisoformat(actueel.pip["dagtekeningPip"]):
        out.append(Weigering.of(Fout.DAGTEKENING_VOOR_ACTUELE_PIP))
    vestiging = person.vestigingen.get(bron_oin)
    if vestiging is not None and dagtekening < vestiging:
        out.append(Weigering.of(Fout.DAGTEKENING_VOOR_VESTIGING))

    # Niveau
    if niveau == "A2" and leerroute == "O":
        out.append(Weigering.of(Fout.A2_MET_ONDERWIJSROUTE))
    if niveau == "B1" and leerroute == "Z":
        out.append(Weigering.of(Fout.B1_MET_ZROUTE))
    if niveau == "A2" and leerroute == "B" and not person.pips:
        out.append(Weigering.of(Fout.A2_MET_B1ROUTE_EERSTE_PIP))

    # Geschatte intensiteit B1-route
    if "geschatteIntensiteitB1Route" in pip:
        if leerroute != "B":
            out.append(Weigering.of(Fout.INTENSITEIT_ALLEEN_B1ROUTE))
        if person.doelgroep != "asiel":
            out.append(Weigering.of(Fout.INTENSITEIT_ALLEEN_ASIEL))
    return out


def check_pip_delete(person: Person, bron_oin: str) -> list[Weigering]:
    """Rules for deleting the actuele PIP (caller has checked that there is one).

    Sandbox assumption: only the gemeente that supplied the actuele PIP may delete it.
    "Cursusdeelnameuren gerelateerd aan het actuele inburgeringsaanbod" = hours an instelling
    reported for an instelling that has a current inburgeringsaanbod for the person.
    """
    out: list[Weigering] = []
    actueel = person.actuele_pip
    if actueel is not None and actueel.gemeente_oin != bron_oin:
        out.append(Weigering.of(Fout.PIP_NIET_VAN_GEMEENTE))
    if person.termijn is not None:
        out.append(Weigering.of(Fout.PIP_TERMIJN_VASTGESTELD))
    if any(person.cursusdeelnameuren.get(nr, 0) > 0 for nr in person.aanbiedingen):
        out.append(Weigering.of(Fout.PIP_CURSUSUREN_GEREGISTREERD))
    return out


# --------------------------------------------------------------------------- Inburgeringsaanbod


def check_aanbod(
    person: Person, instelling: Instelling | None, aanbod: Inburgeringsaanbod
) -> list[Weigering]:
    """Rules for registering an inburgeringsaanbod.

    The README names 'datumAanvangTaalschakeltraject' and 'datumEindeCursus', fields the
    published schema does not have. Mapped onto the schema as: verwachteStartdatumOpleiding
    not before datumInburgeringsaanbod; verwachteEinddatumOpleiding not before
    verwachteStartdatumOpleiding; start and (exclusive) end inside the termijn
    [startdatum, einddatum] when a termijn is set.
    """
    out: list[Weigering] = []
    if person.doelgroep != "asiel":
        out.append(Weigering.of(Fout.AANBOD_GEEN_ASIELMIGRANT))
    actueel = person.actuele_pip
    if actueel is None:
        out.append(Weigering.of(Fout.AANBOD_GEEN_PIP))
    if instelling is None:
        out.append(Weigering.of(Fout.AANBOD_INSTELLING_ONBEKEND))
    else:
        onderwijsroute = actueel is not None and actueel.pip["leerroute"] == "O"
        erkend = bool(instelling.get("indicatieBowKeurmerk")) or (
            onderwijsroute and bool(instelling.get("indicatieTstKeurmerk"))
        )
        if not erkend:
            out.append(Weigering.of(Fout.AANBOD_GEEN_KEURMERK))

    datum_aanbod = _d(aanbod.get("datumInburgeringsaanbod"))
    start = _d(aanbod.get("verwachteStartdatumOpleiding"))
    einde = _d(aanbod.get("verwachteEinddatumOpleiding"))
    if actueel is not None:
        dagtekening = date.fromisoformat(actueel.pip["dagtekeningPip"])
        if any(d is not None and d < dagtekening for d in (datum_aanbod, start, einde)):
            out.append(Weigering.of(Fout.AANBOD_VOOR_DAGTEKENING_PIP))
    if start is not None and datum_aanbod is not None and start < datum_aanbod:
        out.append(Weigering.of(Fout.AANBOD_START_VOOR_AANBOD))
    if start is not None and einde is not None and einde < start:
        out.append(Weigering.of(Fout.AANBOD_EINDE_VOOR_START))
    termijn = person.termijn
    if termijn is not None:
        outside = (start is not None and not termijn.startdatum <= start < termijn.einddatum) or (
            einde is not None and not termijn.startdatum < einde <= termijn.einddatum
        )
        if outside:
            out.append(Weigering.of(Fout.AANBOD_BUITEN_TERMIJN))
    return out


def check_aanbod_delete(record_gemeente_oin: str, bron_oin: str) -> list[Weigering]:
    if record_gemeente_oin != bron_oin:
        return [Weigering.of(Fout.AANBOD_NIET_VAN_GEMEENTE)]
    return []


# --------------------------------------------------------------------------- MAP / PVT / Z-route
# One rule set with Spil: the rules live in `spil.duo.rules`; the sandbox applies them to its
# own state.

Onderdeel = duo_rules.Onderdeel
ONDERWERP = duo_rules.ONDERWERP


def overschrijding(person: Person, datum: date | None) -> bool:
    """The termijn is exceeded if the MAP/PVT date falls on or after the (exclusive) einddatum
    of the inburgeringstermijn. No date or no termijn: no overschrijding."""
    termijn_end = person.termijn.einddatum if person.termijn is not None else None
    return duo_rules.overschrijding(datum, termijn_end)


def check_map_pvt(
    onderdeel: Onderdeel,
    person: Person,
    bron_oin: str,
    datum: date | None,
    verwijtbaar: str | None,
    today: date,
) -> list[Weigering]:
    """Rules for PUT MAP / PUT PVT (identical for both, README §MAP and §PVT)."""
    existing = person.map if onderdeel == "MAP" else person.pvt
    actueel = person.actuele_pip
    facts = duo_rules.MapPvtFacts(
        onderdeel=onderdeel,
        bron_oin=bron_oin,
        datum=datum,
        verwijtbaar=verwijtbaar,
        today=today,
        existing_by=existing.gemeente_oin
        if existing is not None and existing.datum is not None
        else None,
        actuele_pip_by=actueel.gemeente_oin if actueel is not None else None,
        voldaan_via_zroute=person.voldaan_via_zroute,
        zroute_afgerond=person.zroute_afgerond,
        termijn_start=person.termijn.startdatum if person.termijn is not None else None,
        termijn_end=person.termijn.einddatum if person.termijn is not None else None,
    )
    return [Weigering(r.rule, r.tekst) for r in duo_rules.check_map_pvt(facts)]


def check_zroute(person: Person) -> list[Weigering]:
    """PUT Z-route: only for a person whose actuele PIP is on the Z-route."""
    actueel = person.actuele_pip
    on_zroute = actueel is not None and actueel.pip.get("leerroute") == "Z"
    return [Weigering(r.rule, r.tekst) for r in duo_rules.check_zroute(on_zroute=on_zroute)]
