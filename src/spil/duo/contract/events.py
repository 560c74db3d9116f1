"""DUO's gebeurtenissen and attentiesignalen, transcribed from the spec bundle.

Sources: ``Gebeurtenissen/Gebeurtenissen.md`` (gebeurtenissen, notified through the
Notificatie API) and ``Gebeurtenissen/Attentiesignalen.md`` (attentiesignalen, announced for a
future attentiesignaal API SDI008; DUO marks that page "voorlopig nog niet relevant").
Descriptions are DUO's Dutch text. Where the .md gives an id only in running text
(SS126, SS140, SS141, SS112) the description is a close paraphrase of that sentence and
``paraphrased`` is True.

The Notificatie API itself carries only ``gebeurtenisId`` (pattern ``^[0-9A-Z]{1,6}$``); the
municipality looks the id up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "ALL_EVENTS",
    "ATTENTIESIGNALEN",
    "GEBEURTENISSEN",
    "EventKind",
    "Gebeurtenis",
    "describe",
    "get_event",
]


class EventKind(StrEnum):
    GEBEURTENIS = "gebeurtenis"
    ATTENTIESIGNAAL = "attentiesignaal"


@dataclass(frozen=True)
class Gebeurtenis:
    """One event DUO recognises. ``categorie`` is the heading it appears under."""

    id: str
    omschrijving: str
    categorie: str
    kind: EventKind
    relevante_apis: tuple[str, ...] = ()
    #: Situations/extra notes DUO lists for the event (Dutch, as in the source).
    toelichting: tuple[str, ...] = ()
    #: Alternative wording DUO uses for the same id elsewhere in the document.
    alternatieve_omschrijvingen: tuple[str, ...] = ()
    paraphrased: bool = False


_G = EventKind.GEBEURTENIS
_A = EventKind.ATTENTIESIGNAAL

_NIEUW = "Nieuwe inburgeringsplichtige"
_GEMEENTE = "Wijziging van gemeente"
_DOELGROEP = "Wijziging doelgroep"
_INTREKKEN = "Intrekken Inburgeringsplicht"
_VOLDAAN = "Inburgeringsplicht voldaan"
_LEERROUTE = "Leerroute en termijn vastgesteld"
_RESULTATEN = "Leerroute wijziging en resultaten"
_EXAMENRESULTATEN = "Examenresultaten"
_TERMIJN = "Termijn gewijzigd"
_VERZOEKEN = "Verzoeken inburgeraar"

_PLICHT = "Inburgeringsplicht"
_EXAMEN = "Examen"
_VRIJ = "Vrijstelling"
_TERM = "Inburgeringstermijn"
_LBT = "Leerbaarheidstoets"
_PIP = "PIP"

_GEBEURTENISSEN: Final[tuple[Gebeurtenis, ...]] = (
    # Nieuwe inburgeringsplichtige
    Gebeurtenis("SS101", "Persoon is inburgeringsplichtig.", _NIEUW, _G, (_PLICHT, _EXAMEN)),
    Gebeurtenis(
        "SS128",
        "Persoon is inburgeringsplichtig, maar bereikt AOW-leeftijd binnen 6 maanden.",
        _NIEUW,
        _G,
        (_PLICHT, _EXAMEN),
    ),
    Gebeurtenis(
        "SS139",
        "Persoon is inburgeringsplichtig en de termijn van 10 weken voor vaststellen "
        "leerroute is gestart.",
        _NIEUW,
        _G,
        (_PLICHT, _EXAMEN),
        (
            "Deze gebeurtenis verschijnt ook als de persoon al eerder aan de gemeente gekoppeld "
            "is, maar DUO nu vastgesteld heeft dat de persoon bij het COA uitgestroomd is en nu "
            "in de gemeente verblijft",
        ),
        ("Persoon is inburgeringsplichtig en termijn PIP is gestart",),
    ),
    Gebeurtenis(
        "SS129",
        "Tijdelijke vrijstelling ingetrokken, nog geen leerroute bekend.",
        _NIEUW,
        _G,
        (_PLICHT, _EXAMEN, _VRIJ),
        (),
        ("Tijdelijke vrijstelling ingetrokken, nog geen PIP ontvangen",),
    ),
    # Wijziging van gemeente
    Gebeurtenis(
        "SS120",
        "Inburgeringsplichte in gemeente gevestigd zonder PIP.",
        _GEMEENTE,
        _G,
        (_PLICHT, _EXAMEN),
    ),
    Gebeurtenis(
        "SS121",
        "Inburgeringsplichte in gemeente gevestigd met PIP vorige gemeente",
        _GEMEENTE,
        _G,
        (_PLICHT, _TERM, _EXAMEN),
    ),
    # Wijziging doelgroep
    Gebeurtenis(
        "SS124",
        "Doelgroep van asielstatushouder naar gezinsmigrant en overige migrant gewijzigd",
        _DOELGROEP,
        _G,
        (_PLICHT,),
    ),
    Gebeurtenis(
        "SS125",
        "Doelgroep van gezinsmigrant en overige migrant naar asielstatushouder gewijzigd",
        _DOELGROEP,
        _G,
        (_PLICHT,),
    ),
    # Intrekken Inburgeringsplicht
    Gebeurtenis("SS109", "Tijdelijke vrijstelling toegekend", _INTREKKEN, _G, (_PLICHT, _VRIJ)),
    Gebeurtenis(
        "SS110",
        "Inburgeringsplicht ingetrokken",
        _INTREKKEN,
        _G,
        (_PLICHT,),
        (
            "intrekken verblijfsrecht / langer dan jaar uit NL",
            "genaturaliseerd",
            "AOW geworden",
            "overleden",
        ),
        ("Einde inburgeringsplicht – Inburgeringsplicht ingetrokken",),  # noqa: RUF001 - DUO wording
    ),
    Gebeurtenis(
        "SS111",
        "Persoon is overleden",
        _INTREKKEN,
        _G,
        (_PLICHT,),
        (),
        ("Einde inburgeringsplicht – Persoon is overleden",),  # noqa: RUF001 - DUO wording
    ),
    # Inburgeringsplicht voldaan
    Gebeurtenis(
        "SS106",
        "Diploma behaald",
        _VOLDAAN,
        _G,
        (_PLICHT,),
        (),
        ("Einde inburgeringsplicht – Diploma behaald",),  # noqa: RUF001 - DUO wording
    ),
    Gebeurtenis(
        "SS107",
        "Gehele vrijstelling toegekend",
        _VOLDAAN,
        _G,
        (_PLICHT, _VRIJ),
        (),
        ("Einde inburgeringsplicht – Gehele vrijstelling toegekend",),  # noqa: RUF001 - DUO wording
    ),
    Gebeurtenis(
        "SS108",
        "Gehele ontheffing toegekend",
        _VOLDAAN,
        _G,
        (_PLICHT,),
        (),
        ("Einde inburgeringsplicht – Gehele ontheffing toegekend",),  # noqa: RUF001 - DUO wording
    ),
    # Leerroute en termijn vastgesteld
    Gebeurtenis(
        "SS137", "Persoon is aangemeld voor de leerbaarheidstoets", _LEERROUTE, _G, (_LBT,)
    ),
    Gebeurtenis(
        "SS131",
        "Leerbaarheidstoets is afgenomen en resultaat is bekend",
        _LEERROUTE,
        _G,
        (_LBT,),
        (),
        ("Registratie Leerbaarheidstoets (LBT)",),
    ),
    Gebeurtenis("SS102", "Inburgeringstermijn gestart", _LEERROUTE, _G, (_TERM,)),
    # Leerroute wijziging en resultaten / Examenresultaten
    Gebeurtenis("SS199", "Uitslag examen bekend", _EXAMENRESULTATEN, _G, (_EXAMEN,)),
    # Termijn gewijzigd
    Gebeurtenis("SS103", "Termijn ambtshalve verlengd", _TERMIJN, _G, (_TERM,)),
    Gebeurtenis(
        "SS104",
        "Termijn op verzoek verlengd",
        _TERMIJN,
        _G,
        (_TERM, "Beoordeling aanvraag verlenging (SDI011)"),
    ),
    Gebeurtenis(
        "SS130",
        "Tijdelijke vrijstelling ingetrokken, PIP al bekend. Eerdere inburgeringsplicht wordt "
        "hervat, maar leerroute was al door huidige of eerdere gemeente voor de tijdelijke "
        "vrijstelling vastgesteld",
        _TERMIJN,
        _G,
        (_PLICHT, _TERM, _PIP, _EXAMEN, _VRIJ),
        (),
        ("Tijdelijke vrijstelling ingetrokken, PIP al bekend",),
    ),
    # Verzoeken inburgeraar
    Gebeurtenis(
        "SS113",
        "Verzoek verlenging afgewezen",
        _VERZOEKEN,
        _G,
        ("Beoordeling aanvraag verlenging (SDI011)",),
    ),
    Gebeurtenis("SS114", "Verzoek gehele vrijstelling afgewezen", _VERZOEKEN, _G, (_VRIJ,)),
    Gebeurtenis("SS115", "Verzoek tijdelijke vrijstelling afgewezen", _VERZOEKEN, _G, (_VRIJ,)),
    Gebeurtenis("SS116", "Verzoek gedeeltelijke vrijstelling afgewezen", _VERZOEKEN, _G, (_VRIJ,)),
    Gebeurtenis(
        "SS117",
        "Verzoek gedeeltelijke vrijstelling toegekend",
        _VERZOEKEN,
        _G,
        (_VRIJ, _EXAMEN),
    ),
    Gebeurtenis("SS118", "Verzoek ontheffing afgewezen", _VERZOEKEN, _G, ("Ontheffing",)),
    Gebeurtenis(
        "SS119",
        "Verzoek gedeeltelijke ontheffing toegekend",
        _VERZOEKEN,
        _G,
        ("Ontheffing", _EXAMEN),
    ),
)

_ATTENTIESIGNALEN: Final[tuple[Gebeurtenis, ...]] = (
    Gebeurtenis("SS122", "Vertrokken naar andere gemeente", _GEMEENTE, _A),
    Gebeurtenis("SS123", "Vertrokken uit Nederland", _GEMEENTE, _A),
    Gebeurtenis(
        "SS141",
        "Voldaan aan de Z-route: de tekst voor het certificaat kan via de portal worden gedownload",
        _VOLDAAN,
        _A,
        paraphrased=True,
    ),
    Gebeurtenis(
        "SS126",
        "Einde 10-wekentermijn en nog geen leerroute vastgesteld",
        _LEERROUTE,
        _A,
        paraphrased=True,
    ),
    Gebeurtenis(
        "SS142",
        "Niet-vrijstellende opleiding beëindigd wegens uitschrijving. Indien nodig graag "
        "contact opnemen met inburgeraar en PIP herzien",
        _RESULTATEN,
        _A,
    ),
    Gebeurtenis(
        "SS127",
        "Nog geen inburgeringsaanbod ontvangen",
        _RESULTATEN,
        _A,
        (),
        ("bij asielmigrant met al vastgestelde leerroute en geen aanbod",),
    ),
    Gebeurtenis("SS132", "Opleidingscontract ontvangen (nog geen PIP)", _RESULTATEN, _A),
    Gebeurtenis(
        "SS133",
        "Opleidingscontract ontvangen met taalniveau niet conform de opgegeven leerroute voor "
        "inburgering",
        _RESULTATEN,
        _A,
    ),
    Gebeurtenis(
        "SS135",
        "Opleidingscontract ontvangen met te hoog taalniveau conform de PIP (Z-route)",
        _RESULTATEN,
        _A,
    ),
    Gebeurtenis(
        "SS136",
        "Opleidingscontract voor taalschakeltraject ontvangen, geen onderwijsroute",
        _RESULTATEN,
        _A,
    ),
    Gebeurtenis(
        "SS140",
        "Verzoek ontheffing op bijzondere individuele omstandigheden (BIO) ontvangen: advies "
        "van de gemeente gevraagd",
        _VERZOEKEN,
        _A,
        paraphrased=True,
    ),
    Gebeurtenis("SS112", "Verzoek verlenging ingediend", _VERZOEKEN, _A),
)

GEBEURTENISSEN: Final[MappingProxyType[str, Gebeurtenis]] = MappingProxyType(
    {g.id: g for g in _GEBEURTENISSEN}
)
ATTENTIESIGNALEN: Final[MappingProxyType[str, Gebeurtenis]] = MappingProxyType(
    {g.id: g for g in _ATTENTIESIGNALEN}
)
ALL_EVENTS: Final[MappingProxyType[str, Gebeurtenis]] = MappingProxyType(
    {**GEBEURTENISSEN, **ATTENTIESIGNALEN}
)


def get_event(gebeurtenis_id: str) -> Gebeurtenis | None:
    """The event for an id (gebeurtenis or attentiesignaal), or None if DUO lists none."""
    return ALL_EVENTS.get(gebeurtenis_id)


def describe(gebeurtenis_id: str) -> str:
    """Dutch description for display; unknown ids are shown as such."""
    event = ALL_EVENTS.get(gebeurtenis_id)
    return event.omschrijving if event else f"Onbekende gebeurtenis {gebeurtenis_id}"
