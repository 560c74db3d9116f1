"""Demo story: brede intakes and PIPs for the demo caseloads.

About two thirds of each gemeente's newcomers get an intake, at different stages: a few
steps saved, nearly done, completed without a plan yet, completed with a draft PIP, and
completed with an established (vastgesteld) PIP on the B1-route, the onderwijsroute (the
young) or the Z-route. The rest has not started, as in real caseloads. Content is
synthetic but realistic: ESCO occupations for work history and ambitions (dream job, plan
B, plan C with a realism note), CEFR levels per skill, literacy, positive health, barriers
with owner and action, the leerbaarheidstoets and talent scan, the focus decision, PIP
components at the demo partners with hours per week.

Everything is written through the apps' services, with each person's regisseur as actor,
so every step leaves its processing record (health under its own purpose, as special
category). Each step's answers pass through the step's own form first, as in the pages.
Established PIPs are queued for DUO and sent by the existing task (`plans.tasks`) once the
data is committed: with DUO's sandbox running they are accepted; when DUO cannot be
reached they stay "waiting to be sent to DUO" and loading never waits on it.

Idempotent: persons who already have an intake are left alone; rerunning adds nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.datastructures import MultiValueDict

from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.intake import services as intake_services
from spil.intake.models import Intake
from spil.intake.steps import STEP_BY_SLUG, BarrierForm, FocusForm
from spil.persons.models import Doelgroep, Person
from spil.plans import services as plan_services
from spil.plans.forms import ComponentForm, VersionForm
from spil.plans.models import PipVersion, VersionStatus
from spil.plans.tasks import resend_pending_task
from spil.trajectories import services as trajectories
from spil.trajectories.models import ACTIVE_STATUSES, Leerroute, Trajectory

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------- reference data

_ESCO = "http://data.europa.eu/esco/occupation/"
LASSER = _ESCO + "7aedaa07-3884-4c5b-88f9-80997b2aa54b"
AUTOMONTEUR = _ESCO + "4ad4024e-d1d3-4dea-b6d1-2c7948111dce"
ASSISTENT_AUTOMONTEUR = _ESCO + "3b4eb248-6b40-42fe-9d10-cba8ccfe6613"
ORDERPICKER = _ESCO + "cd94def5-3442-4c2e-ae3d-0761a3008bcb"
VERPLEEGKUNDIGE = _ESCO + "8d3e8aaa-791b-4c75-a465-f3f827028f50"
DOKTERSASSISTENT = _ESCO + "0c041d1e-1841-4acb-b0a1-2c387a61bf65"
KRAAMVERZORGENDE = _ESCO + "30194ac4-93b8-4450-8a15-f6f7cbe351cb"
OBER = _ESCO + "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471"
SOFTWARE_TESTER = _ESCO + "106f79e4-6264-45f1-9e7a-297435cd684b"
ONDERWIJSASSISTENT = _ESCO + "4d27152a-a8ee-4f5a-9f93-a2fb4fb2b2e3"
WINKELMEDEWERKER = _ESCO + "0b15375e-dfdd-4047-9efb-096e0aaee7d2"
TUINBOUWMEDEWERKER = _ESCO + "1a9d99ba-4c08-4864-8f6a-1b0f2b4cf883"
HOVENIER = _ESCO + "e7970c7a-7769-4002-87d3-0a8ea94fdd6f"
GROENVOORZIENING = _ESCO + "a48b9a5a-5ded-482d-8cda-7fd097a32c16"
INPAKKER = _ESCO + "f5cb9901-86fc-48d0-9cde-667fbe8cef3a"
KOK = _ESCO + "90f75f67-495d-49fa-ab57-2f320e251d7e"
BAKKER = _ESCO + "1aadb308-432a-4d01-b54b-b4f7f76dd419"
KEUKENHULP = _ESCO + "e1cf6897-158d-4b48-a39e-2a3a8cac216c"
VRACHTWAGENCHAUFFEUR = _ESCO + "45037d43-a8f5-4f46-b332-b2935bc305f4"
HEFTRUCKCHAUFFEUR = _ESCO + "eeac6251-1974-42f5-91ed-513c6c883755"
ACCOUNTANT = _ESCO + "eda0d957-3c3c-4139-b89a-a18bc9e18897"
BOEKHOUDER = _ESCO + "c3aae59e-1441-4b3e-bdd1-6da50dc7cf42"
ASSISTENT_BOEKHOUDER = _ESCO + "bfe142b9-a049-4d41-89c4-fd2f34ac56b6"

#: Every ESCO concept the demo uses (checked against the reference data by the tests).
OCCUPATIONS = (
    LASSER, AUTOMONTEUR, ASSISTENT_AUTOMONTEUR, ORDERPICKER, VERPLEEGKUNDIGE,
    DOKTERSASSISTENT, KRAAMVERZORGENDE, OBER, SOFTWARE_TESTER, ONDERWIJSASSISTENT,
    WINKELMEDEWERKER, TUINBOUWMEDEWERKER, HOVENIER, GROENVOORZIENING, INPAKKER, KOK, BAKKER,
    KEUKENHULP, VRACHTWAGENCHAUFFEUR, HEFTRUCKCHAUFFEUR, ACCOUNTANT, BOEKHOUDER,
    ASSISTENT_BOEKHOUDER,
)  # fmt: skip

# Providers: the demo partner organisations (spil_dev.demo.data.PARTNERS).
TAALSCHOOL = "Taalschool De Brug"
WERKPAD = "Werkpad Re-integratie"
WELZIJN = "Welzijn Rivierenland"
ROC = "ROC Rivierenland"
BAKKERIJ = "Bakkerij Van Dam"
ZORGGROEP = "Zorggroep De Linge"
LOGISTIEK = "Logistiek Merwede"

#: Dutch names of the demo's countries of origin (ISO 3166) and languages (ISO 639-3).
COUNTRIES = {
    "SY": "Syrië",
    "ER": "Eritrea",
    "UA": "Oekraïne",
    "TR": "Turkije",
    "AF": "Afghanistan",
    "SO": "Somalië",
}
LANGUAGES = {
    "ara": "Arabisch",
    "kmr": "Koerdisch (Kurmanji)",
    "tir": "Tigrinya",
    "ukr": "Oekraïens",
    "rus": "Russisch",
    "tur": "Turks",
    "prs": "Dari",
    "pus": "Pasjtoe",
    "som": "Somalisch",
}


def _origin(person: Person) -> tuple[str, str, str]:
    """Country of origin, the language an interpreter speaks, other languages (Dutch)."""
    country = COUNTRIES.get(person.country_of_origin, "het land van herkomst")
    codes = [person.preferred_language, *person.languages] if person.preferred_language else []
    codes = list(dict.fromkeys(c for c in [*codes, *person.languages] if c))
    names = [LANGUAGES.get(c, c) for c in codes]
    first = names[0] if names else ""
    return country, first, ", ".join(names[1:])


def _family(person: Person, today: date) -> tuple[str, str, bool]:
    """The family and childcare answers from the household the BRP gave, and whether a
    child under 4 needs childcare (a barrier to follow up)."""
    members = list(person.household.all())
    partner = any(m.relation == "partner" for m in members)
    ages = sorted(
        (today - m.date_of_birth).days // 365
        for m in members
        if m.relation == "child" and m.date_of_birth is not None
    )
    household = "Woont samen met partner" if partner else "Alleenstaand"
    if ages:
        listed = ", ".join(str(a) for a in ages)
        family = f"{household}, {len(ages)} kind(eren) ({listed} jaar)."
    else:
        family = f"{household}, geen kinderen."
    toddler = bool(ages) and ages[0] < 4
    if toddler:
        childcare = "Opvang nodig voor de jongste tijdens lessen en werk."
    elif any(a < 13 for a in ages):
        childcare = "Naschoolse opvang op lesdagen; verder geregeld."
    else:
        childcare = "Niet van toepassing."
    return family, childcare, toddler


#: Means of transport and maximum minutes one way, in turn (issue 16): matching and the
#: group assignment use them, and the childcare below, as hard constraints.
TRANSPORT_TURNS = (
    ("bike", 45),
    ("public_transport", 60),
    ("bike", 30),
    ("walk", 30),
    ("car", 45),
)


def _daytime(*days: str) -> list[str]:
    """Morning and afternoon codes of `days` ("mon-morning", "mon-afternoon", ...)."""
    return [f"{day}-{moment}" for day in days for moment in ("morning", "afternoon")]


def _practical(person: Person, childcare: str, toddler: bool) -> dict[str, Any]:
    """Transport, travel time and childcare: a toddler has a creche three days a week,
    school-age children have school and after-school care on weekdays (never evenings)."""
    transport, minutes = TRANSPORT_TURNS[person.pk % len(TRANSPORT_TURNS)]
    answers: dict[str, Any] = {"transport": transport, "max_travel_minutes": minutes}
    if toddler:
        answers["childcare_needed"] = "yes"
        answers["childcare_dayparts"] = _daytime("mon", "tue", "thu")
    elif childcare.startswith("Naschoolse"):
        answers["childcare_needed"] = "yes"
        answers["childcare_dayparts"] = _daytime("mon", "tue", "wed", "thu", "fri")
    else:
        answers["childcare_needed"] = "no"
    return answers


# --------------------------------------------------------------------------- personas


@dataclass(frozen=True)
class Barrier:
    kind: str
    description: str
    owner: str
    action: str
    status: str = "open"


CHILDCARE_BARRIER = Barrier(
    "childcare",
    "Opvang voor de jongste",
    WELZIJN,
    "Plek op de kinderopvang en toeslag aanvragen",
    "in_progress",
)


@dataclass(frozen=True)
class Component:
    kind: str
    provider: str
    hours_per_week: str
    start_week: int  # weeks after the dagtekening
    weeks: int
    planned_hours: int | None = None


@dataclass(frozen=True)
class Persona:
    key: str
    leerroute: str
    niveau: str
    education: dict[str, Any]
    work: list[tuple[str, int]]
    work_notes: str
    language: dict[str, str]
    health: dict[str, Any]
    life: dict[str, str]
    ambitions: dict[str, str]
    barriers: list[Barrier]
    lbt_result: str
    lbt_advice: str
    focus: str
    focus_note: str
    components: list[Component]
    plan: dict[str, Any]
    talent_scan: dict[str, str] = field(default_factory=dict)
    home_visit: bool = False
    partner_present: bool = False


VAKMAN = Persona(
    key="vakman",
    leerroute=Leerroute.B1,
    niveau="B1",
    education={
        "highest_level": "vocational",
        "years": 12,
        "diplomas": "Diploma technische beroepsopleiding metaal (3 jaar)",
        "recognition": "requested",
        "notes": "Diploma-waardering aangevraagd bij IDW.",
    },
    work=[(LASSER, 8), (ASSISTENT_AUTOMONTEUR, 3)],
    work_notes="Eigen werkplaats aan huis gehad; repareerde ook landbouwmachines.",
    language={
        "reading": "A1",
        "listening": "A1",
        "speaking": "A1",
        "writing": "A0",
        "literacy": "anders_gealfabetiseerd",
        "other_languages": "Engels (basis)",
    },
    health={
        "bodily_functions": 8,
        "mental_wellbeing": 7,
        "meaningfulness": 6,
        "quality_of_life": 7,
        "participation": 5,
        "daily_functioning": 8,
        "notes": "Rugklachten bij lang tillen; verder fit. Wil graag aan het werk.",
    },
    life={
        "housing": "Eengezinswoning van de corporatie sinds twee maanden.",
        "finances": "Bijstand; vaste lasten op orde.",
        "debts": "no",
        "network": "Neef woont in Dordrecht; contact met landgenoten in de buurt.",
        "self_reliance": "4",
        "digital_skills": "3",
        "motivation": "Wil zo snel mogelijk eigen geld verdienen en zijn vak weer oppakken.",
    },
    ambitions={
        "dream_job": AUTOMONTEUR,
        "dream_job_realism": "Haalbaar op termijn: MBO-2 Autotechniek in BBL naast werk, "
        "na A2 Nederlands. Ervaring telt mee.",
        "plan_b": LASSER,
        "plan_b_realism": "Direct inzetbaar; VCA en een Nederlands lascertificaat nodig.",
        "plan_c": ORDERPICKER,
        "plan_c_realism": "Snel werk mogelijk, maar weinig kans om het vak te gebruiken.",
    },
    barriers=[
        Barrier(
            "transport",
            "Geen vervoer naar industrieterrein",
            WELZIJN,
            "Fiets en OV-chipkaart regelen via het fietsproject",
            "solved",
        ),
    ],
    lbt_result="b1_reachable",
    lbt_advice="B1 haalbaar bij 12 uur les per week en oefenen op de werkvloer.",
    focus="participation",
    focus_note="Werkervaringsplek in de techniek naast de taal; duaal traject.",
    components=[
        Component("language", TAALSCHOOL, "12", 2, 52),
        Component("knm", TAALSCHOOL, "2", 2, 16),
        Component("map", WERKPAD, "0", 10, 12, planned_hours=40),
        Component("pvt", WELZIJN, "0", 4, 5, planned_hours=12),
        Component("dual", LOGISTIEK, "16", 8, 26),
    ],
    plan={
        "transport": "Fiets en OV-chipkaart",
        "coach_roles": "Jobcoach Werkpad (werkvloer), taalmaatje 1 uur per week",
        "goal_language": "B1 voor alle vaardigheden binnen drie jaar.",
        "goal_work": "Werkervaringsplek in de techniek, daarna een BBL-plek autotechniek.",
        "goal_self_reliance": "Zelf post en administratie regelen.",
    },
)

VERPLEEGKUNDIGE_PERSONA = Persona(
    key="zorg",
    leerroute=Leerroute.B1,
    niveau="B1",
    education={
        "highest_level": "bachelor",
        "years": 16,
        "diplomas": "Bachelor verpleegkunde (4 jaar)",
        "recognition": "requested",
        "notes": "Voor BIG-registratie zijn B2 Nederlands en de kennistoets nodig.",
    },
    work=[(VERPLEEGKUNDIGE, 6)],
    work_notes="Werkte op de afdeling interne geneeskunde van een stadsziekenhuis.",
    language={
        "reading": "A2",
        "listening": "A1",
        "speaking": "A1",
        "writing": "A1",
        "literacy": "anders_gealfabetiseerd",
        "other_languages": "Engels (goed)",
    },
    health={
        "bodily_functions": 8,
        "mental_wellbeing": 6,
        "meaningfulness": 5,
        "quality_of_life": 6,
        "participation": 4,
        "daily_functioning": 8,
        "notes": "Mist haar werk; slaapt soms slecht door zorgen om familie.",
    },
    life={
        "housing": "Appartement, tijdelijk huurcontract.",
        "finances": "Bijstand en kinderbijslag.",
        "debts": "no",
        "network": "Kerkgemeenschap; buurvrouw helpt soms.",
        "self_reliance": "4",
        "digital_skills": "4",
        "motivation": "Wil terug de zorg in; ziet de taal als de sleutel.",
    },
    ambitions={
        "dream_job": VERPLEEGKUNDIGE,
        "dream_job_realism": "Reëel maar lang: B2, kennistoets en BIG-registratie; "
        "reken op twee tot drie jaar.",
        "plan_b": DOKTERSASSISTENT,
        "plan_b_realism": "Tussenstap via een MBO-opleiding; haalbaar met B1.",
        "plan_c": KRAAMVERZORGENDE,
        "plan_c_realism": "Korter traject; veel vraag in de regio.",
    },
    barriers=[],
    lbt_result="b1_reachable",
    lbt_advice="Snelle leerder; B1 binnen twee jaar, daarna door naar B2.",
    focus="participation",
    focus_note="Duaal: taal plus werkervaring in de zorg, met oog op diplomawaardering.",
    components=[
        Component("language", TAALSCHOOL, "12", 2, 52),
        Component("knm", TAALSCHOOL, "2", 2, 16),
        Component("map", WERKPAD, "0", 12, 12, planned_hours=40),
        Component("pvt", WELZIJN, "0", 4, 5, planned_hours=12),
        Component("dual", ZORGGROEP, "12", 10, 26),
    ],
    plan={
        "coach_roles": "Klantmanager (regie), jobcoach Werkpad, buddy bij Zorggroep De Linge",
        "goal_language": "B1 binnen twee jaar; daarna B2 voor de BIG-registratie.",
        "goal_work": "Werkervaring in de zorg; diplomawaardering afronden.",
        "goal_self_reliance": "Kinderopvang en toeslagen zelf regelen.",
    },
    talent_scan={
        "talent_learnability": "Hoog; leert snel nieuwe begrippen.",
        "talent_interests": "Zorg, mensen helpen.",
        "talent_drivers": "Zelfstandigheid, zekerheid voor het gezin.",
        "talent_wellbeing": "Redelijk; stress door zorgen om familie.",
        "talent_competences": "Verantwoordelijk, empathisch, nauwkeurig.",
    },
)

JONG = Persona(
    key="jong",
    leerroute=Leerroute.ONDERWIJS,
    niveau="B1",
    education={
        "highest_level": "secondary_upper",
        "years": 12,
        "diplomas": "Diploma voortgezet onderwijs",
        "recognition": "obtained",
        "notes": "Wil een opleiding in Nederland volgen.",
    },
    work=[(OBER, 1)],
    work_notes="Bijbaan in een restaurant tijdens school.",
    language={
        "reading": "A2",
        "listening": "A2",
        "speaking": "A1",
        "writing": "A1",
        "literacy": "none",
        "other_languages": "Engels (goed)",
    },
    health={
        "bodily_functions": 9,
        "mental_wellbeing": 7,
        "meaningfulness": 7,
        "quality_of_life": 7,
        "participation": 6,
        "daily_functioning": 9,
        "notes": "Sport graag; geen bijzonderheden.",
    },
    life={
        "housing": "Gezinswoning.",
        "finances": "Studiefinanciering aangevraagd.",
        "debts": "no",
        "network": "Vrienden via de voetbalclub.",
        "self_reliance": "4",
        "digital_skills": "5",
        "motivation": "Wil studeren en werken in de ICT.",
    },
    ambitions={
        "dream_job": SOFTWARE_TESTER,
        "dream_job_realism": "Haalbaar via schakeltraject en MBO-4 ICT; daarna eventueel HBO.",
        "plan_b": ONDERWIJSASSISTENT,
        "plan_b_realism": "MBO-4 opleiding; goede baankansen.",
        "plan_c": WINKELMEDEWERKER,
        "plan_c_realism": "Als bijbaan naast de studie.",
    },
    barriers=[],
    lbt_result="b1_reachable",
    lbt_advice="Onderwijsroute: schakeltraject naar MBO-4.",
    focus="education",
    focus_note="Onderwijsroute met schakeltraject bij het ROC.",
    components=[
        Component("language", ROC, "20", 2, 80),
        Component("knm", ROC, "2", 2, 16),
        Component("pvt", WELZIJN, "0", 6, 5, planned_hours=12),
    ],
    plan={
        "coach_roles": "Studieloopbaanbegeleider ROC, klantmanager",
        "goal_language": "B1 en instroom in MBO-4 ICT.",
        "goal_work": "Bijbaan van hooguit 8 uur per week naast de studie.",
        "goal_self_reliance": "Studiefinanciering en zorgverzekering zelf regelen.",
    },
    talent_scan={
        "talent_learnability": "Hoog.",
        "talent_interests": "Computers, techniek, sport.",
        "talent_drivers": "Leren, een diploma halen.",
        "talent_wellbeing": "Goed.",
        "talent_competences": "Analytisch, doorzetter.",
    },
)

ALFA = Persona(
    key="alfa",
    leerroute=Leerroute.Z,
    niveau="",
    education={
        "highest_level": "none",
        "years": 0,
        "diplomas": "",
        "recognition": "not_applicable",
        "notes": "Nooit naar school gegaan; werkte vanaf jonge leeftijd op het land.",
    },
    work=[(TUINBOUWMEDEWERKER, 15)],
    work_notes="Oogst en verzorging van gewassen in de kas van een familielid.",
    language={
        "reading": "0",
        "listening": "A0",
        "speaking": "A0",
        "writing": "0",
        "literacy": "analfabeet",
        "other_languages": "",
    },
    health={
        "bodily_functions": 5,
        "mental_wellbeing": 3,
        "meaningfulness": 5,
        "quality_of_life": 4,
        "participation": 3,
        "daily_functioning": 5,
        "notes": "Slaapproblemen en herbelevingen; in behandeling via de huisarts.",
    },
    life={
        "family": "Zorgt voor een zieke moeder die vlakbij woont; broer in Duitsland.",
        "housing": "Kleine woning, vocht; aanvraag voor andere woning loopt.",
        "finances": "Bijstand; hulp nodig bij post en betalingen.",
        "debts": "no",
        "network": "Klein; contact met landgenoten via de ervaringsdeskundige.",
        "self_reliance": "2",
        "digital_skills": "1",
        "motivation": "Wil graag buiten werken en de taal leren om zelf te kunnen bellen.",
    },
    ambitions={
        "dream_job": HOVENIER,
        "dream_job_realism": "Ervaring met planten is er; eerst werkervaring met begeleiding.",
        "plan_b": GROENVOORZIENING,
        "plan_b_realism": "Goede kans via een leerwerkplek bij de gemeente.",
        "plan_c": INPAKKER,
        "plan_c_realism": "Eenvoudig werk, weinig taal nodig.",
    },
    barriers=[
        Barrier(
            "health",
            "Psychische klachten",
            "Huisarts en POH-GGZ",
            "Doorverwijzing naar traumabehandeling",
            "in_progress",
        ),
        Barrier(
            "care_duties",
            "Zorgt voor zieke moeder",
            WELZIJN,
            "Mantelzorgondersteuning en dagbesteding moeder regelen",
        ),
    ],
    lbt_result="b1_not_reachable",
    lbt_advice="Z-route met alfabetisering; veel herhaling en praktijk.",
    focus="stabilisation",
    focus_note="Eerst rust en behandeling; taal en vrijwilligerswerk in eigen tempo.",
    components=[
        Component("language", TAALSCHOOL, "16", 2, 50, planned_hours=800),
        Component("knm", TAALSCHOOL, "2", 2, 26, planned_hours=52),
        Component("participation", WELZIJN, "12", 6, 60, planned_hours=720),
        Component("map", WERKPAD, "0", 30, 12, planned_hours=40),
        Component("pvt", WELZIJN, "0", 8, 5, planned_hours=12),
    ],
    plan={
        "interpreter": True,
        "transport": "Ophalen door vrijwilliger eerste maand, daarna fiets",
        "coach_roles": "Ervaringsdeskundige (eigen taal), klantmanager",
        "support": "Hulp bij post en betalingen via Welzijn Rivierenland.",
        "goal_language": "Alfabetisering en A1; zelf een afspraak kunnen maken.",
        "goal_work": "Vrijwilligerswerk in een moestuin of kwekerij.",
        "goal_self_reliance": "Zelf boodschappen doen en de huisarts bellen.",
        "goal_other": "Behandeling afronden; woonsituatie verbeteren.",
    },
    home_visit=True,
)

KOK_PERSONA = Persona(
    key="kok",
    leerroute=Leerroute.B1,
    niveau="B1",
    education={
        "highest_level": "secondary_lower",
        "years": 9,
        "diplomas": "",
        "recognition": "not_applicable",
        "notes": "Vak geleerd in het restaurant van zijn oom.",
    },
    work=[(KOK, 10), (BAKKER, 2)],
    work_notes="Kok in een restaurant met 60 couverts; bakte ook brood.",
    language={
        "reading": "A1",
        "listening": "A1",
        "speaking": "A1",
        "writing": "A0",
        "literacy": "anders_gealfabetiseerd",
        "other_languages": "",
    },
    health={
        "bodily_functions": 7,
        "mental_wellbeing": 7,
        "meaningfulness": 7,
        "quality_of_life": 6,
        "participation": 5,
        "daily_functioning": 8,
        "notes": "Geen bijzonderheden.",
    },
    life={
        "housing": "Woonde eerst bij familie; nu eigen woning.",
        "finances": "Bijstand.",
        "debts": "no",
        "network": "Landgenoten in Gorinchem; buurman werkt in de horeca.",
        "self_reliance": "3",
        "digital_skills": "2",
        "motivation": "Koken is zijn leven; wil een eigen zaak op termijn.",
    },
    ambitions={
        "dream_job": KOK,
        "dream_job_realism": "Ervaring is er; HACCP en keukenjargon leren. Goede kansen.",
        "plan_b": BAKKER,
        "plan_b_realism": "Leerwerkplek bij een bakkerij mogelijk.",
        "plan_c": KEUKENHULP,
        "plan_c_realism": "Snel te starten; opstap naar kok.",
    },
    barriers=[
        Barrier(
            "housing",
            "Woonde in bij familie",
            "Woningcorporatie",
            "Urgentie aangevraagd; woning toegewezen",
            "solved",
        ),
    ],
    lbt_result="b1_doubtful",
    lbt_advice="B1 twijfelachtig; veel oefenen in de praktijk helpt.",
    focus="participation",
    focus_note="Leerwerkplek in de keuken met taal op de werkvloer.",
    components=[
        Component("language", TAALSCHOOL, "10", 2, 52),
        Component("knm", TAALSCHOOL, "2", 2, 16),
        Component("map", WERKPAD, "0", 8, 12, planned_hours=40),
        Component("pvt", WELZIJN, "0", 4, 5, planned_hours=12),
        Component("dual", BAKKERIJ, "20", 6, 26),
    ],
    plan={
        "coach_roles": "Jobcoach Werkpad, taalcoach op de werkvloer 1 uur per week",
        "goal_language": "B1 spreken en luisteren; lezen op A2 en verder.",
        "goal_work": "Betaald werk in de horeca of bakkerij binnen een jaar.",
        "goal_self_reliance": "Administratie met hulp van partner.",
    },
)

CHAUFFEUR = Persona(
    key="chauffeur",
    leerroute=Leerroute.B1,
    niveau="B1",
    education={
        "highest_level": "primary",
        "years": 8,
        "diplomas": "Rijbewijs C (buitenlands)",
        "recognition": "not_requested",
        "notes": "Rijbewijs omwisselen kan niet; CBR-examen en code 95 nodig.",
    },
    work=[(VRACHTWAGENCHAUFFEUR, 12), (HEFTRUCKCHAUFFEUR, 2)],
    work_notes="Internationaal transport; ook magazijnwerk.",
    language={
        "reading": "A1",
        "listening": "A2",
        "speaking": "A1",
        "writing": "A0",
        "literacy": "none",
        "other_languages": "",
    },
    health={
        "bodily_functions": 6,
        "mental_wellbeing": 6,
        "meaningfulness": 5,
        "quality_of_life": 5,
        "participation": 4,
        "daily_functioning": 7,
        "notes": "Knieklachten; zit liever dan dat hij staat.",
    },
    life={
        "housing": "Huurwoning.",
        "finances": "Bijstand; achterstand op de energierekening.",
        "debts": "yes",
        "debts_notes": "Achterstand energie en zorgverzekering; aanmelding schuldhulp.",
        "network": "Weinig contacten buiten het gezin.",
        "self_reliance": "3",
        "digital_skills": "3",
        "motivation": "Wil weer de weg op; werk geeft structuur.",
    },
    ambitions={
        "dream_job": VRACHTWAGENCHAUFFEUR,
        "dream_job_realism": "Reëel: CBR-theorie in het Nederlands, praktijk en code 95; "
        "kosten ongeveer € 4.000, mogelijk via de werkgever.",
        "plan_b": HEFTRUCKCHAUFFEUR,
        "plan_b_realism": "Heftruckcertificaat in twee dagen; direct werk in de logistiek.",
        "plan_c": ORDERPICKER,
        "plan_c_realism": "Snel werk; opstap naar heftruck.",
    },
    barriers=[
        Barrier(
            "debts",
            "Achterstand energie en zorgverzekering",
            "Schuldhulpverlening gemeente",
            "Aanmelden voor schuldregeling; budgetbeheer",
            "in_progress",
        ),
    ],
    lbt_result="b1_doubtful",
    lbt_advice="B1 mogelijk met veel oefentijd; spreken gaat beter dan schrijven.",
    focus="participation",
    focus_note="Schulden zijn in regeling; werk in de logistiek helpt juist nu.",
    components=[
        Component("language", TAALSCHOOL, "12", 2, 52),
        Component("knm", TAALSCHOOL, "2", 2, 16),
        Component("map", WERKPAD, "0", 6, 12, planned_hours=40),
        Component("pvt", WELZIJN, "0", 4, 5, planned_hours=12),
        Component("dual", LOGISTIEK, "16", 8, 26),
    ],
    plan={
        "coach_roles": "Jobcoach Werkpad, budgetcoach schuldhulp",
        "support": "Budgetbeheer tijdens de schuldregeling.",
        "goal_language": "B1; theorie-examen CBR in het Nederlands.",
        "goal_work": "Heftruckcertificaat, daarna rijbewijs C via de werkgever.",
        "goal_self_reliance": "Schuldregeling afronden.",
    },
)

ACCOUNTANT_PERSONA = Persona(
    key="accountant",
    leerroute=Leerroute.B1,
    niveau="B1",
    education={
        "highest_level": "master",
        "years": 17,
        "diplomas": "Master bedrijfseconomie",
        "recognition": "requested",
        "notes": "IDW-waardering aangevraagd; verwacht niveau WO-master.",
    },
    work=[(ACCOUNTANT, 9), (BOEKHOUDER, 3)],
    work_notes="Controller bij een middelgroot bedrijf.",
    language={
        "reading": "A2",
        "listening": "A2",
        "speaking": "A1",
        "writing": "A2",
        "literacy": "anders_gealfabetiseerd",
        "other_languages": "Engels (vloeiend), Frans",
    },
    health={
        "bodily_functions": 8,
        "mental_wellbeing": 6,
        "meaningfulness": 4,
        "quality_of_life": 6,
        "participation": 4,
        "daily_functioning": 8,
        "notes": "Voelt zich nutteloos zonder werk.",
    },
    life={
        "housing": "Huurwoning.",
        "finances": "Bijstand; spaargeld op.",
        "debts": "no",
        "network": "Contact met een Nederlandse mentor via VluchtelingenWerk.",
        "self_reliance": "5",
        "digital_skills": "5",
        "motivation": "Wil zijn vak weer uitoefenen, desnoods eerst een stap lager.",
    },
    ambitions={
        "dream_job": ACCOUNTANT,
        "dream_job_realism": "Lange weg: B2/C1 en aanvullende opleiding; vier tot zes jaar. "
        "Droom houden, tussenstappen maken.",
        "plan_b": BOEKHOUDER,
        "plan_b_realism": "Haalbaar na B1 met een kort vakgericht traject.",
        "plan_c": ASSISTENT_BOEKHOUDER,
        "plan_c_realism": "Snel te starten, ook in het Engels bij internationale bedrijven.",
    },
    barriers=[],
    lbt_result="b1_reachable",
    lbt_advice="B1 ruim haalbaar; intensief traject aanbevolen.",
    focus="participation",
    focus_note="Snel naar werk op niveau; taal intensief.",
    components=[
        Component("language", TAALSCHOOL, "16", 2, 40),
        Component("knm", TAALSCHOOL, "2", 2, 12),
        Component("map", WERKPAD, "0", 6, 9, planned_hours=40),
        Component("pvt", WELZIJN, "0", 4, 5, planned_hours=12),
        Component("dual", LOGISTIEK, "8", 12, 26),
    ],
    plan={
        "coach_roles": "Mentor VluchtelingenWerk, jobcoach Werkpad",
        "goal_language": "B1 binnen anderhalf jaar, daarna B2.",
        "goal_work": "Werkervaring op de financiële afdeling; daarna betaald werk.",
        "goal_self_reliance": "Zelfredzaam.",
    },
    talent_scan={
        "talent_learnability": "Zeer hoog.",
        "talent_interests": "Cijfers, organisatie.",
        "talent_drivers": "Erkenning, zekerheid.",
        "talent_wellbeing": "Wisselend; mist betekenisvol werk.",
        "talent_competences": "Analytisch, leidinggevende ervaring.",
    },
)

#: Personas for adults (not the onderwijsroute), in the order they are handed out.
ADULTS = (VAKMAN, VERPLEEGKUNDIGE_PERSONA, KOK_PERSONA, CHAUFFEUR, ACCOUNTANT_PERSONA, ALFA)
B1_ROUTE = tuple(p for p in ADULTS if p.leerroute == Leerroute.B1)
ONDERWIJS_MAX_AGE = 28

# --------------------------------------------------------------------------- stages


@dataclass(frozen=True)
class Stage:
    name: str
    steps: tuple[str, ...]  # steps saved ("focus" completes the intake)
    pip: str = ""  # "", "draft" or "vastgesteld"
    route: str = ""  # the route this stage calls for ("" any)


_ALL = (
    "gesprek", "opleiding", "werk", "taal", "gezondheid", "leefsituatie", "ambities",
    "belemmeringen", "leerbaarheid", "focus",
)  # fmt: skip
#: Stages handed out in turn to the persons who have an intake.
STAGES = (
    Stage("established_b1", _ALL, pip="vastgesteld", route=Leerroute.B1),
    Stage("steps_saved", ("gesprek", "opleiding", "werk")),
    Stage("pip_draft", _ALL, pip="draft", route=Leerroute.B1),
    Stage("established_z", _ALL, pip="vastgesteld", route=Leerroute.Z),
    Stage("nearly_done", _ALL[:8]),
    Stage("completed", _ALL),
)


def _age(person: Person, today: date) -> int | None:
    born = person.date_of_birth
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _young(person: Person, today: date) -> bool:
    age = _age(person, today)
    return age is not None and age < ONDERWIJS_MAX_AGE


def _has_established(leerroute: str) -> bool:
    return PipVersion.objects.filter(
        status=VersionStatus.VASTGESTELD, leerroute=leerroute, pip__person__bsn__startswith="999"
    ).exists()


def _persona(stage: Stage, person: Person, today: date, turn: int) -> Persona:
    if _young(person, today):
        return JONG  # the young: the onderwijsroute, whatever the stage
    if stage.route == Leerroute.Z:
        return ALFA
    if stage.route == Leerroute.B1:
        return B1_ROUTE[turn % len(B1_ROUTE)]
    return ADULTS[turn % len(ADULTS)]


# --------------------------------------------------------------------------- helpers


def _post(data: dict[str, Any], prefix: str = "") -> MultiValueDict[str, str]:
    """Form data as a browser would send it (a list: one value per ticked box)."""
    out: MultiValueDict[str, str] = MultiValueDict()
    for name, value in data.items():
        key = f"{prefix}-{name}" if prefix else name
        if isinstance(value, list):
            out.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                out[key] = "on"
        elif isinstance(value, date):
            out[key] = value.isoformat()
        elif value is not None:
            out[key] = str(value)
    return out


def _valid(form: Any, what: str) -> dict[str, Any]:
    if not form.is_valid():
        raise ValueError(f"demo intake: invalid {what}: {form.errors.as_json()}")
    return dict(form.cleaned_data)


def _klantmanager(person: Person) -> User | None:
    if person.regisseur is not None and person.regisseur.has_role(Role.KLANTMANAGER):
        return person.regisseur
    membership = (
        Membership.objects.filter(
            organisation=person.municipality, role=Role.KLANTMANAGER, is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _trajectory(person: Person, today: date, index: int) -> tuple[Trajectory | None, bool]:
    """The active trajectory; a new one for a person DUO has not told us about yet."""
    active = trajectories.active_trajectory(person)
    if active is not None:
        return active, False
    if person.trajectories.exists():  # ended: nothing to plan
        return None, False
    start = today - timedelta(days=45 + (index * 29) % 240)
    opened = trajectories.open_trajectory(
        person,
        municipality=person.municipality,
        plicht_start=start,
        leerroute_period_start=start,
    )
    return opened, True


# --------------------------------------------------------------------------- the story


@dataclass
class _Counts:
    trajectories_opened: int = 0
    intakes_started: int = 0
    intakes_completed: int = 0
    pip_drafts: int = 0
    pips_established: int = 0
    queued: list[int] = field(default_factory=list)


def _intake_for(
    person: Person,
    trajectory: Trajectory,
    stage: Stage,
    persona: Persona,
    actor: User,
    today: date,
    counts: _Counts,
) -> None:
    start = trajectory.plicht_start or trajectory.created_at.date()
    talk = max(start, min(today - timedelta(days=7), start + timedelta(days=21)))
    if trajectory.pip_dagtekening is not None:
        talk = max(start, min(talk, trajectory.pip_dagtekening - timedelta(days=14)))
    country, mother_tongue, other_languages = _origin(person)
    family, childcare, toddler = _family(person, today)
    barriers: list[Barrier] = list(persona.barriers)
    if toddler and all(b.kind != "childcare" for b in barriers):
        barriers.append(CHILDCARE_BARRIER)
    intake = intake_services.start_intake(person, actor=actor)
    counts.intakes_started += 1
    answers: dict[str, Callable[[], dict[str, Any]]] = {
        "gesprek": lambda: {
            "date": talk,
            "home_visit": persona.home_visit,
            "interpreter_present": person.interpreter_needed,
            "interpreter_language": mother_tongue if person.interpreter_needed else "",
            "peer_expert_present": persona.home_visit,
            "partner_present": persona.partner_present,
            "own_conversation_offered": True,
            "own_conversation_wanted": False,
            "others_present": "",
        },
        "opleiding": lambda: {
            **persona.education,
            "notes": f"{persona.education['notes']} Opleiding gevolgd in {country}.",
        },
        "werk": lambda: {
            **{
                f"{name}_{n}": value
                for n, (uri, years) in enumerate(persona.work, start=1)
                for name, value in (("occupation", uri), ("years", years), ("country", country))
            },
            "notes": persona.work_notes,
        },
        "taal": lambda: {
            **persona.language,
            "other_languages": ", ".join(
                x
                for x in (mother_tongue, other_languages, persona.language["other_languages"])
                if x
            ),
        },
        "leefsituatie": lambda: {
            **persona.life,
            "family": f"{family} {persona.life.get('family', '')}".strip(),
            "childcare": childcare,
            **_practical(person, childcare, toddler),
        },
        "ambities": lambda: dict(persona.ambitions),
        "leerbaarheid": lambda: {
            "lbt_date": min(today, talk + timedelta(days=10)),
            "lbt_provider": "Bureau Leerbaarheid Rivierenland",
            "lbt_result": persona.lbt_result,
            "lbt_advice": persona.lbt_advice,
            "talent_scan": bool(persona.talent_scan),
            **persona.talent_scan,
        },
    }
    for slug in stage.steps:
        step = STEP_BY_SLUG[slug]
        if slug == "gezondheid":
            data = _valid(step.form(_post(persona.health)), "health")
            intake_services.save_health(intake, data, actor=actor)
        elif slug == "belemmeringen":
            rows: list[Barrier | None] = [*barriers] or [None]  # None: statuses only
            for barrier in rows:
                new = _valid(BarrierForm(_post(vars(barrier) if barrier else {})), "barrier")
                intake_services.save_barriers(intake, new=new, statuses={}, actor=actor)
        elif slug == "focus":
            data = _valid(
                FocusForm({"focus": persona.focus, "focus_note": persona.focus_note}), "focus"
            )
            intake_services.decide_focus(
                intake, focus=data["focus"], note=data["focus_note"], actor=actor
            )
            counts.intakes_completed += 1
        else:
            data = _valid(step.form(_post(answers[slug]())), slug)
            intake_services.save_step(intake, slug, data, actor=actor)
    if stage.pip:
        _pip_for(person, trajectory, stage, persona, actor, talk, today, counts, toddler=toddler)


def _pip_for(
    person: Person,
    trajectory: Trajectory,
    stage: Stage,
    persona: Persona,
    actor: User,
    talk: date,
    today: date,
    counts: _Counts,
    *,
    toddler: bool,
) -> None:
    start = trajectory.plicht_start or talk
    if trajectory.pip_dagtekening is not None:  # DUO already has this PIP (SS102)
        dagtekening = trajectory.pip_dagtekening
    else:
        candidates = [start, talk + timedelta(days=21)]
        if person.settlement_date:
            candidates.append(person.settlement_date)
        dagtekening = min(today, max(candidates))
    version = plan_services.draft_for(person, actor=actor, leerroute=persona.leerroute)
    literacy = persona.language["literacy"]
    values: dict[str, Any] = {
        "leerroute": persona.leerroute,
        "niveau": persona.niveau,
        "alfabetisering": {"analfabeet": "A", "anders_gealfabetiseerd": "AA"}.get(literacy, "NVT"),
        "geschatte_intensiteit": 12
        if persona.leerroute == Leerroute.B1 and person.doelgroep == Doelgroep.ASIEL
        else None,
        "progress_every_weeks": 8 if persona.leerroute == Leerroute.Z else 12,
        "first_progress_meeting": dagtekening + timedelta(weeks=8),
        "interpreter": person.interpreter_needed,
        **persona.plan,
    }
    if toddler:  # the childcare barrier is followed up before the plan starts
        values["childcare_arranged"] = True
    if stage.pip == "vastgesteld":
        values["acknowledged_on"] = dagtekening
        values["acknowledgement_note"] = (
            "Besproken met tolk; plan is uitgelegd en begrepen."
            if person.interpreter_needed
            else "Besproken; plan is uitgelegd en begrepen."
        )
    form = VersionForm(_post(values), instance=PipVersion.objects.get(pk=version.pk))
    plan_services.update_draft(version, _valid(form, "PIP"), actor=actor)
    for part in persona.components:
        begin = dagtekening + timedelta(weeks=part.start_week)
        data = {
            "kind": part.kind,
            "provider": part.provider,
            "hours_per_week": part.hours_per_week,
            "start": begin,
            "end": begin + timedelta(weeks=part.weeks, days=-1),
            "planned_hours": part.planned_hours,
        }
        component = _valid(ComponentForm(_post(data, prefix="component")), "component")
        plan_services.add_component(version, component, actor=actor)
    if stage.pip == "draft":
        counts.pip_drafts += 1
        return
    try:
        established = plan_services.vaststellen(
            version, dagtekening=dagtekening, confirm_late_switch=False, actor=actor
        )
    except plan_services.PipNotAllowed as refused:  # stays a draft, visible as such
        logger.warning("demo PIP left as a draft: %s", refused)
        counts.pip_drafts += 1
        return
    plan_services.queue_for_duo(established, actor=actor)
    counts.pips_established += 1
    counts.queued.append(established.pk)


def _send_queued() -> None:
    """After commit: the existing task sends what waits for DUO (eager in the demo)."""

    try:
        resend_pending_task.delay()
    except Exception:  # no broker: the periodic task sends them later
        logger.warning("PIPs wait for DUO: the task could not be started now")


def load(today: date) -> dict[str, int]:
    """Give the demo newcomers intakes and PIPs (idempotent); returns what was added."""
    counts = _Counts()
    municipalities = Organisation.objects.filter(type=OrganisationType.GEMEENTE).order_by("pk")
    turn = slot = 0
    for municipality in municipalities:
        persons = list(
            Person.objects.filter(municipality=municipality, bsn__startswith="999")
            .select_related("municipality", "regisseur")
            .order_by("bsn")
        )
        for index, person in enumerate(persons):
            if index % 3 == 2:  # a third of each gemeente has not started
                continue
            stage = STAGES[slot % len(STAGES)]  # in turn over the region: every stage shows
            slot += 1
            if Intake.objects.filter(person=person).exists():
                continue
            actor = _klantmanager(person)
            if actor is None:
                continue
            with transaction.atomic():
                trajectory, opened = _trajectory(person, today, index)
                if trajectory is None or trajectory.status not in ACTIVE_STATUSES:
                    continue
                counts.trajectories_opened += opened
                if trajectory.pip_dagtekening is not None:
                    # DUO already knows a PIP (B1-route): Spil holds it as established.
                    stage = STAGES[0]
                elif _young(person, today) and not _has_established(Leerroute.ONDERWIJS):
                    stage = STAGES[0]  # the region shows at least one onderwijsroute PIP
                persona = _persona(stage, person, today, turn)
                if trajectory.pip_dagtekening is not None and persona.leerroute != Leerroute.B1:
                    persona = B1_ROUTE[turn % len(B1_ROUTE)]
                turn += 1
                _intake_for(person, trajectory, stage, persona, actor, today, counts)
                plan_services.refresh_signals(person, today=today)
    if counts.queued:
        transaction.on_commit(_send_queued)
    return {
        "intake_trajectories_opened": counts.trajectories_opened,
        "intakes_started": counts.intakes_started,
        "intakes_completed": counts.intakes_completed,
        "pip_drafts": counts.pip_drafts,
        "pips_established": counts.pips_established,
    }
