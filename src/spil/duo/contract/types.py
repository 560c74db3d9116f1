"""Typed shapes of DUO's JSON payloads (wire format: dates are ISO strings).

Names and keys follow the OpenAPI component schemas; ``Required`` marks the schema's
``required`` list. These describe data, they do not validate it: validation is
:mod:`spil.duo.contract.validation`'s job.
"""

from __future__ import annotations

from typing import Literal, Required, TypedDict

Leerroute = Literal["B", "O", "Z"]
NiveauPip = Literal["A2", "B1"]
Alfabetiseringsonderwijs = Literal["A", "AA", "NVT"]
JaNee = Literal["Ja", "Nee"]
Doelgroepindeling = Literal["Asielstatushouder", "Gezinsmigrant en overige migrant"]
GedetailleerdeDoelgroep = Literal[
    "Asielstatushouder",
    "Geestelijk bedienaar",
    "Gezinshereniger",
    "Gezinshereniger met Asielstatushouder",
    "Gezinsvormer",
    "Gezinsvormer met Asielstatushouder",
    "Overig",
]
AsielrechtenWijzigingVerblijfsdoel = Literal[
    "Asielrechten toegekend",
    "Behoud asielrechten",
    "Op verzoek behoud rechten van gezins- en overige migrant",
    "Op verzoek rechten van gezins- en overige migrant toegekend",
]
RedenGeenInburgeringsplicht = Literal[
    "Volledige ontheffing",
    "Volledige vrijstelling",
    "Inburgeringsplicht voldaan",
    "Verblijfsdoel gewijzigd",
    "Vertrek uit Nederland langer dan een jaar",
    "Overlijden",
    "Overig",
    "Tijdelijke vrijstelling",
]
AanvraagOordeel = Literal["Toekenning", "Afwijzing"]
RedenVrijstelling = Literal["AVI", "DIP", "DOC", "GED", "INB", "INS", "OPL"]
ExamenonderdeelNederlands = Literal["LE", "LU", "SC", "SP"]
Examenonderdeel = Literal["KNM", "LE", "LU", "SC", "SP"]
Examenniveau = Literal["A2", "B1", "B2"]
ExamenresultaatWaarde = Literal["Geslaagd", "Gezakt", "Geen"]
RedenGeenResultaat = Literal["Verwijtbaar", "Nietverwijtbaar", "Afgemeld", "Absent"]
Ontheffingsgrond = Literal["BIO", "MED"]
LeerbaarheidstoetsUitslag = Literal["B1-route haalbaar", "B1-route niet haalbaar", "Onbekend"]


class Foutmelding(TypedDict):
    fouttekst: str


# ---- Inburgeringsplicht API


class Doelgroep(TypedDict, total=False):
    asielrechtenWijzigingVerblijfsdoel: AsielrechtenWijzigingVerblijfsdoel
    begindatum: str
    gedetailleerdeDoelgroep: GedetailleerdeDoelgroep
    indeling: Doelgroepindeling


class Doelgroephistorie(TypedDict, total=False):
    begindatum: str
    einddatum: str
    indeling: Doelgroepindeling


class Inburgeringsplicht(TypedDict, total=False):
    indicatorInburgeringsplicht: Required[bool]
    begindatum: str
    einddatum: str
    datumKennisgevingInburgeringsplicht: str
    redenGeenInburgeringsplicht: RedenGeenInburgeringsplicht
    wijzigingsdatum: str


class Inburgeringsplichthistorie(TypedDict, total=False):
    indicatorInburgeringsplicht: Required[bool]
    begindatum: str
    einddatum: str
    wijzigingsdatum: str


# ---- Leerbaarheidstoets API


class Examennummer(TypedDict):
    examennummer: str


class LbtResultaat(TypedDict):
    behaaldeScore: str
    benodigdeScore: str
    datumAfname: str
    resultaat: LeerbaarheidstoetsUitslag


# ---- Inburgeringstermijn API


class Inburgeringstermijn(TypedDict, total=False):
    startdatum: Required[str]
    einddatum: Required[str]  # exclusive
    verlengingsgrondcode: str
    verlengingsgrondomschrijving: str
    wijzigingsdatum: str


class Inburgeringstermijnhistorie(TypedDict, total=False):
    einddatum: str
    verlengingsgrondcode: str
    verlengingsgrondomschrijving: str
    wijzigingsdatum: str


class Verlengingsgrond(TypedDict):
    code: str
    omschrijving: str


# ---- Vrijstelling API


class GeheleVrijstelling(TypedDict, total=False):
    oordeel: Required[AanvraagOordeel]
    reden: Required[RedenVrijstelling]
    datumOordeel: str


class GedeeltelijkeVrijstelling(TypedDict, total=False):
    oordeel: Required[AanvraagOordeel]
    reden: Required[RedenVrijstelling]
    datumOordeel: str
    examenniveau: Literal["A2", "B1"]
    examenonderdeel: ExamenonderdeelNederlands


class TijdelijkeVrijstelling(TypedDict, total=False):
    oordeel: Required[AanvraagOordeel]
    reden: Required[RedenVrijstelling]
    datumOordeel: str
    startdatum: str
    einddatum: str


class Vrijstelling(TypedDict, total=False):
    GeheleVrijstelling: GeheleVrijstelling
    GedeeltelijkeVrijstelling: GedeeltelijkeVrijstelling
    TijdelijkeVrijstelling: TijdelijkeVrijstelling


# ---- Ontheffing API


class GeheleOntheffing(TypedDict):
    oordeel: AanvraagOordeel
    datumOordeel: str
    grond: Ontheffingsgrond


class GedeeltelijkeOntheffing(TypedDict, total=False):
    oordeel: Required[AanvraagOordeel]
    datumOordeel: Required[str]
    grond: Required[Ontheffingsgrond]
    examenonderdeel: Examenonderdeel
    urenBelastbaarheidParticipatieactiviteit: int


class Ontheffing(TypedDict, total=False):
    GeheleOntheffing: GeheleOntheffing
    GedeeltelijkeOntheffing: GedeeltelijkeOntheffing


# ---- PIP API


class Pip(TypedDict, total=False):
    dagtekeningPip: Required[str]
    leerroute: Required[Leerroute]
    niveau: NiveauPip
    geschatteIntensiteitB1Route: int
    indicatorAlfabetiseringsonderwijs: Alfabetiseringsonderwijs
    indicatorMagOpleidingAfmaken: bool


class GemeentePip(TypedDict):
    gemeentecode: str
    pip: Pip


# ---- Contactpersoon API


class Contactpersoongegevens(TypedDict):
    naam: str
    email: str
    telefoonnummer: str


class Contactpersoon(TypedDict, total=False):
    id: int
    contactpersoongegevens: Required[Contactpersoongegevens]


# ---- Inburgeringsaanbod API


class Inburgeringsaanbod(TypedDict, total=False):
    indicatorAlfabetiseringsonderwijs: Required[Alfabetiseringsonderwijs]
    datumInburgeringsaanbod: str
    verwachteStartdatumOpleiding: str
    verwachteEinddatumOpleiding: str  # exclusive


class Instelling(TypedDict, total=False):
    instellingsnummer: Required[str]
    naam: Required[str]
    postcode: Required[str]
    huisnummer: Required[int]
    plaatsnaam: Required[str]
    huisnummertoevoeging: str
    bow: str
    brin: str
    indicatieBowKeurmerk: bool
    indicatieTstKeurmerk: bool


# ---- MAP, PVT en Z-route API


class ResultaatMap(TypedDict, total=False):
    datumEindgesprekMap: str
    verwijtbaar: JaNee


class DatumMap(TypedDict):
    datumEindgesprekMap: str


class ResultaatPvt(TypedDict, total=False):
    datumOndertekeningPvt: str
    verwijtbaar: JaNee


class DatumPvt(TypedDict):
    datumOndertekeningPvt: str


class ResultaatZroute(TypedDict, total=False):
    datumAfrondingZroute: str


# ---- Gevolgde Uren API


class Uren(TypedDict):
    uren: int


class GevolgdeUrenGemeente(TypedDict, total=False):
    gemeentecode: str
    bekendTot: str  # exclusive
    ParticipatieAlsTaalles: Uren
    ParticipatieactiviteitenBredeIntake: Uren
    TaallesEnKnmBredeIntake: Uren


# ---- Examen API


class Examenresultaat(TypedDict, total=False):
    examendatum: Required[str]
    resultaat: Required[ExamenresultaatWaarde]
    onderdeel: Required[Examenonderdeel]
    niveau: Examenniveau
    redenGeenResultaat: RedenGeenResultaat


class GratisPogingTegoed(TypedDict):
    onderdeel: Examenonderdeel
    gratisPogingenTegoed: int


# ---- Notificatie API


class Notificatie(TypedDict, total=False):
    registratieDatumTijd: Required[str]
    gebeurtenisId: Required[str]
    bsn: str
    vNummer: int
