"""Demo story of employers, offers and placements around Gorinchem, Molenlanden and
Vijfheerenlanden ("Taalsnelweg naar werk": wish first, then the work place).

Ten employers (fictional names, real PC4 postcodes of the region), about thirty offers of
every type with real ESCO occupations (care, logistics, technology, hospitality, cleaning,
green, construction), and a dozen placements in every stage of the lifecycle: proposed,
introduction, started, evaluated, ended with a next step, ended *without* one (the
momentum signal), converted to paid work (aftercare with its planned check-ins), with job
coach, buddy and language coach assigned, check-ins by coach, employer and buddy, and
outcomes. Persons whose intake records ambitions (the intake part of the demo) get the
offer the matcher ranks best for them; others a fixed offer.

Idempotent: employers, locations and offers are found by name, and a person who already
has a placement gets no new one. Everything changes through the services, so every change
of a newcomer's data leaves its processing record, as in real use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from spil.accounts.access import employer_organisation_ids
from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.core.week import WEEKDAY_DAYTIME, WORKDAYS, DayPart, Moment
from spil.occupations.esco import get_occupation
from spil.persons.models import Person
from spil.placements import matching, queries, services
from spil.placements.models import (
    ACTIVE_STATUSES,
    CheckIn,
    CheckInKind,
    EmployerLocation,
    EndReason,
    OfferStatus,
    OfferType,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementOffer,
)
from spil.placements.profile import profile_for
from spil_dev.demo.data import MUNICIPALITIES

ESCO = "http://data.europa.eu/esco/occupation/"
# Day-parts as offers store them (spil.core.week.DayPart numbers, Monday morning 0).
MORNINGS = [int(DayPart.of(day, Moment.MORNING)) for day in WORKDAYS]
AFTERNOONS = [int(DayPart.of(day, Moment.AFTERNOON)) for day in WORKDAYS]
MON_TUE_WED = [int(dp) for dp in sorted(WEEKDAY_DAYTIME) if dp.weekday in WORKDAYS[:3]]
THU_FRI = [int(dp) for dp in sorted(WEEKDAY_DAYTIME) if dp.weekday in WORKDAYS[3:]]


@dataclass(frozen=True)
class EmployerSpec:
    name: str
    sector: str
    # (location name, street, PC4 + letters, place); PC4 codes from ../shared/data/geo
    locations: tuple[tuple[str, str, str, str], ...]
    contact: tuple[str, str, str] | None  # (username, first name, last name); None: none


@dataclass(frozen=True)
class OfferSpec:
    employer: str
    title: str
    type: str
    esco: str  # the UUID part of the ESCO conceptUri
    hours: int
    dayparts: tuple[int, ...]
    speaking: int = 1  # CEFR: 0 A0, 1 A1, 2 A2, 3 B1
    listening: int = 1
    places: int = 1
    location: int = 0
    buddy: bool = True
    leermeester: bool = False
    jobcoach: bool = True
    notes: str = ""


EMPLOYERS = (
    EmployerSpec(
        "Bakkerij Van Dam",
        "Voeding",
        (
            ("Bakkerij Van Dam Gorinchem", "Langendijk 12", "4201 CE", "Gorinchem"),
            ("Bakkerij Van Dam Arkel", "Dorpsstraat 40", "4241 AC", "Arkel"),
        ),
        ("werkgever", "Henk", "van Dam"),  # the demo employer contact
    ),
    EmployerSpec(
        "Zorggroep De Linge",
        "Zorg",
        (
            ("Woonzorgcentrum De Lingehof", "Kerkstraat 5", "4142 BV", "Leerdam"),
            ("Verpleeghuis Merwehof", "Dr. Kuyperstraat 20", "4205 CT", "Gorinchem"),
        ),
        ("contact.zorggroep", "Marloes", "Verhoef"),
    ),
    EmployerSpec(
        "Logistiek Merwede",
        "Logistiek",
        (
            ("Distributiecentrum Avelingen", "Avelingen-West 30", "4202 MS", "Gorinchem"),
            ("Cross-dock Hardinxveld", "Nijverheidsstraat 8", "3371 XE", "Hardinxveld-Giessendam"),
        ),
        ("contact.logistiek", "Ruud", "Kools"),
    ),
    EmployerSpec(
        "Metaaltechniek Giessenburg",
        "Techniek",
        (("Werkplaats Giessenburg", "Industrieweg 3", "3381 LR", "Giessenburg"),),
        ("contact.metaal", "Gert", "Bassa"),
    ),
    EmployerSpec(
        "Installatiebedrijf Lekstroom",
        "Techniek",
        (("Vestiging Vianen", "Lange Dreef 11", "4131 NJ", "Vianen"),),
        ("contact.installatie", "Anouk", "Schouten"),
    ),
    EmployerSpec(
        "Hotel-restaurant De Merwehaven",
        "Horeca",
        (("De Merwehaven", "Eind 2", "4201 CP", "Gorinchem"),),
        ("contact.horeca", "Kees", "Bronkhorst"),
    ),
    EmployerSpec(
        "Schoonmaakbedrijf Alblasserwaard",
        "Schoonmaak",
        (
            ("Kantoor Nieuw-Lekkerland", "Kerkweg 70", "2957 AN", "Nieuw-Lekkerland"),
            ("Team Gorinchem", "Stationsweg 1", "4204 AA", "Gorinchem"),
        ),
        ("contact.schoonmaak", "Petra", "de Jong"),
    ),
    EmployerSpec(
        "Hoveniersbedrijf De Giessen",
        "Groen",
        (("Kwekerij Hoornaar", "Gorinchemseweg 15", "4223 MA", "Hoornaar"),),
        ("contact.groen", "Wim", "Kooiman"),
    ),
    EmployerSpec(
        "Bouwbedrijf Lingestad",
        "Bouw",
        (("Bouwplaats en werf Leerdam", "Hoogstraat 60", "4141 BC", "Leerdam"),),
        ("contact.bouw", "Johan", "Verwoerd"),
    ),
    EmployerSpec(
        "Kringloop Vijfheerenlanden",
        "Detailhandel en hergebruik",
        (("Kringloopwinkel Meerkerk", "Energieweg 4", "4231 DJ", "Meerkerk"),),
        None,
    ),
)

_LWP = OfferType.LEERWERKPLEK
_STAGE = OfferType.STAGE
_WEP = OfferType.WERKERVARINGSPLAATS
_VRIJ = OfferType.VRIJWILLIGERSWERK
_BAAN = OfferType.BETAALDE_BAAN
_BBL = OfferType.BBL

OFFERS = (
    # food
    OfferSpec("Bakkerij Van Dam", "Leerwerkplek bakker", _LWP,
              "1aadb308-432a-4d01-b54b-b4f7f76dd419", 24, (0, 3, 6, 9), places=2,
              leermeester=True, notes="Early start (6:00); on foot or by bike from Gorinchem."),
    OfferSpec("Bakkerij Van Dam", "Productiemedewerker bakkerij", _WEP,
              "5d9e63a2-8013-434e-9f92-3b3d54a0c320", 16, (0, 3, 6), location=1),
    OfferSpec("Bakkerij Van Dam", "Verkoop en kassa in de winkel", _STAGE,
              "2b871272-bd61-4206-bd1a-0b96d7023098", 16, (4, 7, 10, 13), speaking=2,
              listening=2),
    # care
    OfferSpec("Zorggroep De Linge", "Zorghulp woonzorgcentrum", _LWP,
              "d38c2107-98f2-47b7-8bb4-f69750d51082", 24, tuple(MORNINGS), speaking=2,
              listening=2, places=2, leermeester=True),
    OfferSpec("Zorggroep De Linge", "Verpleeghulp (BBL niveau 2)", _BBL,
              "87d0795a-d41f-47ee-979f-0ab7d73836e7", 32, (0, 1, 3, 4, 9, 10, 12, 13),
              speaking=2, listening=3, location=1, leermeester=True),
    OfferSpec("Zorggroep De Linge", "Medewerker huishoudelijke dienst", _WEP,
              "731ecac4-06e8-4ec2-a559-101fecbd9183", 20, tuple(MORNINGS), places=2),
    OfferSpec("Zorggroep De Linge", "Keukenhulp restaurant Lingehof", _VRIJ,
              "e1cf6897-158d-4b48-a39e-2a3a8cac216c", 8, (4, 10), speaking=0, listening=0,
              jobcoach=False),
    OfferSpec("Zorggroep De Linge", "Thuiszorgmedewerker", _BAAN,
              "1391bdf9-bd61-4fb5-91ca-c29036ab2b60", 24, tuple(MORNINGS), speaking=3,
              listening=3, notes="Driving licence B or e-bike provided."),
    # logistics
    OfferSpec("Logistiek Merwede", "Magazijnmedewerker", _WEP,
              "bea705fe-06ac-4147-b8e0-6e8ac1208d8f", 24, tuple(MORNINGS + AFTERNOONS[:2]),
              places=3),
    OfferSpec("Logistiek Merwede", "Orderpicker", _BAAN,
              "cd94def5-3442-4c2e-ae3d-0761a3008bcb", 32, tuple(MORNINGS + AFTERNOONS),
              places=2, notes="Shift work possible; pictogram instructions in the warehouse."),
    OfferSpec("Logistiek Merwede", "Heftruckchauffeur met certificaat", _LWP,
              "eeac6251-1974-42f5-91ed-513c6c883755", 24, tuple(MON_TUE_WED), location=1,
              leermeester=True),
    OfferSpec("Logistiek Merwede", "Chauffeur C (BBL)", _BBL,
              "45037d43-a8f5-4f46-b332-b2935bc305f4", 32, tuple(MORNINGS + AFTERNOONS),
              speaking=2, listening=2),
    # technology
    OfferSpec("Metaaltechniek Giessenburg", "Leerwerkplek lasser", _LWP,
              "7aedaa07-3884-4c5b-88f9-80997b2aa54b", 32, tuple(MORNINGS + AFTERNOONS[:3]),
              places=2, leermeester=True),
    OfferSpec("Metaaltechniek Giessenburg", "Operator CNC-machine", _STAGE,
              "5c082067-ea18-4ccb-8c43-e70b18ad8120", 24, tuple(MON_TUE_WED), speaking=2),
    OfferSpec("Metaaltechniek Giessenburg", "Monteur industriële machines (BBL)", _BBL,
              "269c47e7-9017-4aa6-bce8-49e89a696a64", 32, tuple(MORNINGS + AFTERNOONS[:3]),
              speaking=2, listening=2),
    OfferSpec("Installatiebedrijf Lekstroom", "Monteur zonnepanelen", _WEP,
              "75b63949-1b93-4bf2-a777-ccf978dc3e8a", 24, tuple(MORNINGS[:3] + AFTERNOONS[:3])),
    OfferSpec("Installatiebedrijf Lekstroom", "Monteur elektrische installaties woningbouw",
              _BBL, "5dbb9cf0-b226-402c-a295-2f42ef05ff8b", 32,
              tuple(MORNINGS + AFTERNOONS[:3]), speaking=2, listening=2),
    OfferSpec("Installatiebedrijf Lekstroom", "Verwarmingsmonteur", _BAAN,
              "7259dc48-004a-4ceb-aa4e-5bbd548c2397", 36, tuple(MORNINGS + AFTERNOONS),
              speaking=3, listening=3),
    # hospitality
    OfferSpec("Hotel-restaurant De Merwehaven", "Leerwerkplek kok", _LWP,
              "90f75f67-495d-49fa-ab57-2f320e251d7e", 24, (4, 5, 7, 8, 10, 11), speaking=1,
              listening=2, places=2, leermeester=True, notes="Afternoon and evening shifts."),
    OfferSpec("Hotel-restaurant De Merwehaven", "Medewerker keuken", _WEP,
              "f756fdab-7726-4c48-bfcc-94ff8810fc08", 16, (7, 10, 13)),
    OfferSpec("Hotel-restaurant De Merwehaven", "Bediening terras en restaurant", _STAGE,
              "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471", 20, (10, 11, 13, 14, 16), speaking=2,
              listening=2),
    # cleaning
    OfferSpec("Schoonmaakbedrijf Alblasserwaard", "Schoonmaker kantoren", _BAAN,
              "303a1e34-cb16-4054-b323-81e5eec17397", 20, (2, 5, 8, 11, 14), speaking=0,
              listening=1, places=3, location=1, notes="Evening work, 18:00-22:00."),
    OfferSpec("Schoonmaakbedrijf Alblasserwaard", "Schoonmaker (werkervaring)", _WEP,
              "303a1e34-cb16-4054-b323-81e5eec17397", 16, tuple(MORNINGS[:4]), speaking=0,
              listening=0, places=2),
    OfferSpec("Schoonmaakbedrijf Alblasserwaard", "Glazenwasser", _LWP,
              "92cba6b4-8fca-49bb-b68c-45c5096fedc9", 24, tuple(MORNINGS), leermeester=True),
    # green
    OfferSpec("Hoveniersbedrijf De Giessen", "Leerwerkplek hovenier", _LWP,
              "e7970c7a-7769-4002-87d3-0a8ea94fdd6f", 24, tuple(MORNINGS[:4] + AFTERNOONS[:2]),
              places=2, leermeester=True, notes="Outdoor work; work clothes provided."),
    OfferSpec("Hoveniersbedrijf De Giessen", "Medewerker groenvoorziening", _WEP,
              "a48b9a5a-5ded-482d-8cda-7fd097a32c16", 20, tuple(MORNINGS), speaking=0),
    OfferSpec("Hoveniersbedrijf De Giessen", "Tuinbouwmedewerker kwekerij", _VRIJ,
              "1a9d99ba-4c08-4864-8f6a-1b0f2b4cf883", 8, (3, 9), speaking=0, listening=0,
              jobcoach=False),
    # construction
    OfferSpec("Bouwbedrijf Lingestad", "Opperman bouw", _WEP,
              "fb7e2f4f-1545-42f1-972e-94082e49c6dc", 32, tuple(MORNINGS + AFTERNOONS[:3]),
              places=2),
    OfferSpec("Bouwbedrijf Lingestad", "Metselaar (BBL niveau 2)", _BBL,
              "05f321f8-055b-407d-bf19-e0ddabda56b7", 32, tuple(MORNINGS + AFTERNOONS[:3]),
              speaking=2, listening=2, leermeester=True),
    OfferSpec("Bouwbedrijf Lingestad", "Timmerman", _STAGE,
              "2a22ff9e-de3b-408d-b312-5034896cc4f4", 24, tuple(MON_TUE_WED)),
    OfferSpec("Bouwbedrijf Lingestad", "Schilder bouw", _LWP,
              "15620506-fb5d-49cd-87a2-1c9047fb406a", 24, (*THU_FRI, 6, 7),
              leermeester=True),
    # volunteering
    OfferSpec("Kringloop Vijfheerenlanden", "Fietsenmaker kringloop", _VRIJ,
              "336cf331-8082-4a0c-bf5f-e7c54706211c", 12, (3, 4, 9), speaking=0, listening=0,
              places=2, jobcoach=False),
    OfferSpec("Kringloop Vijfheerenlanden", "Kassa en winkel kringloop", _VRIJ,
              "2b871272-bd61-4206-bd1a-0b96d7023098", 8, (6, 12), speaking=1, listening=1,
              jobcoach=False),
)  # fmt: skip

#: An offer the demo employer contact proposed (waits for the account manager).
PROPOSED_OFFER = OfferSpec(
    "Bakkerij Van Dam",
    "Stage banketbakker",
    _STAGE,
    "8f10ea9b-bfdf-4a4c-9fa7-b6e02daa93e5",
    20,
    (0, 3, 6),
    speaking=2,
    listening=2,
)


@dataclass(frozen=True)
class Story:
    """The stage a demo placement reaches, with what happened on the way."""

    stage: str
    fixed_offer: str  # the offer's title when the person has no ambitions recorded
    employer: str = ""  # only offers of this employer (the demo employer contact's stories)


STORIES = (
    Story("proposed", "Magazijnmedewerker"),
    Story("introduction", "Leerwerkplek hovenier"),
    Story("started", "Zorghulp woonzorgcentrum"),
    Story("started_employer", "Leerwerkplek bakker", employer="Bakkerij Van Dam"),
    Story("evaluated", "Leerwerkplek lasser"),
    Story("ended_next_step", "Opperman bouw"),
    Story("ended_no_next_step", "Bediening terras en restaurant"),
    Story("converted", "Orderpicker"),
    Story("ended_education", "Productiemedewerker bakkerij", employer="Bakkerij Van Dam"),
    Story("volunteering", "Fietsenmaker kringloop"),
    Story("started", "Schoonmaker (werkervaring)"),
    Story("proposed", "Leerwerkplek kok"),
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _employers() -> dict[str, Organisation]:
    employers: dict[str, Organisation] = {}
    for spec in EMPLOYERS:
        employer, _created = Organisation.objects.get_or_create(
            name=spec.name, defaults={"type": OrganisationType.WERKGEVER}
        )
        for name, street, postcode, city in spec.locations:
            if not EmployerLocation.objects.filter(employer=employer, name=name).exists():
                services.add_location(
                    employer, name=name, street=street, postcode=postcode, city=city
                )
        if spec.contact is not None:
            username, first, last = spec.contact
            contact = _user(username)
            if contact is None:  # a contact person on file; signs in only once invited
                contact = User.objects.create(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@demo.spil.invalid",
                )
                contact.set_unusable_password()
                contact.save()
            Membership.objects.get_or_create(
                user=contact, organisation=employer, role=Role.EMPLOYER_CONTACT
            )
        employers[spec.name] = employer
    return employers


def _offer(spec: OfferSpec, employer: Organisation, actor: User, today: date) -> PlacementOffer:
    existing = PlacementOffer.objects.filter(employer=employer, title=spec.title).first()
    if existing is not None:
        return existing
    occupation = get_occupation(ESCO + spec.esco)
    sector = next(e.sector for e in EMPLOYERS if e.name == spec.employer)
    start = today - timedelta(weeks=8)
    offer = PlacementOffer(
        employer=employer,
        location=employer.employer_locations.order_by("pk")[spec.location],
        title=spec.title,
        type=spec.type,
        esco_uri=occupation.uri,
        occupation_label=occupation.label,
        isco_code=occupation.isco_code,
        sector=sector,
        hours_per_week=spec.hours,
        dayparts=list(spec.dayparts),
        start_date=start,
        end_date=None if spec.type == OfferType.BETAALDE_BAAN else start + timedelta(weeks=60),
        required_speaking=spec.speaking,
        required_listening=spec.listening,
        support_buddy=spec.buddy,
        support_leermeester=spec.leermeester,
        support_jobcoach=spec.jobcoach,
        places=spec.places,
        accessibility_notes=spec.notes,
    )
    return services.save_offer(actor, offer)


def _demo_persons(count: int) -> list[Person]:
    """The first persons of each demo municipality, taken in turn (stable between runs)."""
    per_municipality = [
        list(Person.objects.filter(municipality__name=name).order_by("pk")[:count])
        for name, _cbs, _oin in MUNICIPALITIES
    ]
    persons: list[Person] = []
    for index in range(count):
        for group in per_municipality:
            if index < len(group):
                persons.append(group[index])
    return persons[:count]


def _klantmanager(person: Person) -> User | None:
    if person.regisseur is not None and person.regisseur.has_role(Role.KLANTMANAGER):
        return person.regisseur
    membership = (
        Membership.objects.filter(
            organisation_id=person.municipality_id, role=Role.KLANTMANAGER, is_active=True
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _choose(
    person: Person, story: Story, offers: dict[str, PlacementOffer]
) -> matching.RankedOffer:
    """Wish first: the offer ranked best for the person's ambitions among those with a free
    place; without ambitions the story's fixed offer (explained too, so its score is kept)."""
    pool = [
        o
        for o in offers.values()
        if o.status == OfferStatus.OPEN
        and (not story.employer or o.employer.name == story.employer)
        and queries.open_placement_count(o) < o.places
    ]
    if profile_for(person).has_ambitions:
        # feasible offers rank first; a person whose week is full still gets the closest wish
        ranked = matching.rank_offers(person, pool, 1, include_infeasible=True)
        if ranked:
            return ranked[0]
    fixed = offers[story.fixed_offer]
    return matching.rank_offers(person, [fixed], 1, include_infeasible=True)[0]


@dataclass
class _Counts:
    placements: int = 0
    checkins: int = 0
    outcomes: int = 0


def _check_in(actor: User | None, placement: Placement, mood: str, note: str, n: _Counts) -> None:
    if actor is None:
        return
    services.check_in(actor, placement, mood=mood, note=note)
    n.checkins += 1


def _play(
    story: Story,
    placement: Placement,
    *,
    km: User,
    team: dict[str, User | None],
    employer_contact: User | None,
    today: date,
    n: _Counts,
) -> None:
    """Drive one placement through the services to the story's stage."""
    coach = team["job_coach"] or km
    if story.stage == "proposed":
        return
    started_weeks = {
        "introduction": 0,
        "started": 3,
        "started_employer": 5,
        "evaluated": 10,
        "ended_next_step": 16,
        "ended_no_next_step": 12,
        "converted": 14,
        "ended_education": 20,
        "volunteering": 6,
    }[story.stage]
    start = today - timedelta(weeks=started_weeks)
    if story.stage == "introduction":
        services.plan_introduction(coach, placement, today + timedelta(days=5))
        return
    services.plan_introduction(coach, placement, start - timedelta(days=7))
    planned_end = start + timedelta(weeks=26)
    if story.stage == "ended_no_next_step":
        planned_end = today - timedelta(days=5)
    services.start(coach, placement, start, planned_end)
    _check_in(coach, placement, "good", "Eerste week: op tijd, vraagt veel, leert snel.", n)
    _check_in(team["buddy"], placement, "good", "Samen geluncht en de kantine laten zien.", n)
    if story.stage == "started_employer":
        note = "Goede inzet. Taal op de werkvloer gaat vooruit."
        _check_in(employer_contact, placement, "good", note, n)
    if story.stage in {"started", "started_employer", "volunteering"}:
        return
    note = "Werkoverleg nog lastig te volgen; oefenen we wekelijks."
    _check_in(team["language_coach"], placement, "attention", note, n)
    if story.stage == "evaluated":
        services.evaluate(
            coach,
            placement,
            today - timedelta(days=7),
            "Goed op weg. Doel: zelfstandig de ochtendronde doen.",
        )
        return
    if story.stage == "converted":
        services.evaluate(
            coach, placement, start + timedelta(weeks=6), "Werkgever wil een contract aanbieden."
        )
        job_start = today - timedelta(weeks=7)
        services.convert_to_paid_work(coach, placement, job_start)
        n.outcomes += 1
        first = placement.checkins.filter(kind=CheckInKind.AFTERCARE).order_by("scheduled_for")
        planned = first.first()
        if planned is not None:
            services.check_in(
                coach,
                placement,
                mood="good",
                note="Nazorg: contract 6 maanden, rooster past bij de taalles.",
                scheduled=planned,
            )
            n.checkins += 1
        return
    if story.stage == "ended_next_step":
        services.end(
            coach,
            placement,
            today - timedelta(weeks=2),
            EndReason.COMPLETED,
            next_step="MBO Bouw niveau 2 (BBL) bij ROC Rivierenland",
            next_step_on=today + timedelta(weeks=4),
            outcome=OutcomeKind.INTERNSHIP,
        )
        n.outcomes += 1
        return
    if story.stage == "ended_no_next_step":
        # ended last week without a next step: the momentum signal is raised
        services.end(
            coach,
            placement,
            today - timedelta(days=5),
            EndReason.COMPLETED,
            outcome=OutcomeKind.INTERNSHIP,
        )
        n.outcomes += 1
        return
    if story.stage == "ended_education":
        services.end(
            coach,
            placement,
            today - timedelta(weeks=4),
            EndReason.EDUCATION,
            next_step="Entreeopleiding Voeding bij ROC Rivierenland",
            next_step_on=today - timedelta(weeks=2),
            outcome=OutcomeKind.INTERNSHIP,
        )
        services.record_outcome(
            km,
            placement.person,
            kind=OutcomeKind.EDUCATION,
            started_on=today - timedelta(weeks=2),
            course="Entreeopleiding Voeding (ROC Rivierenland)",
        )
        services.record_outcome(
            km,
            placement.person,
            kind=OutcomeKind.CERTIFICATE,
            started_on=today - timedelta(weeks=5),
            placement=placement,
            description="Certificaat Hygiënecode (HACCP)",
        )
        n.outcomes += 3


def _volunteering_outcome(km: User, placement: Placement, today: date, n: _Counts) -> None:
    services.record_outcome(
        km,
        placement.person,
        kind=OutcomeKind.VOLUNTEERING,
        started_on=placement.started_on or today,
        placement=placement,
        description=placement.offer.title,
    )
    n.outcomes += 1


@transaction.atomic
def load(today: date) -> dict[str, int]:
    """Employers, offers and placements of the demo; adds nothing when run again."""
    employers = _employers()
    accountmanager = _user("accountmanager")
    counts = {
        "placement_employers": len(employers),
        "placement_offers": 0,
        "placements_created": 0,
        "placement_checkins_created": 0,
        "placement_outcomes_created": 0,
    }
    if accountmanager is None:  # the base demo data (users) is not loaded
        return counts
    offers = {
        spec.title: _offer(spec, employers[spec.employer], accountmanager, today) for spec in OFFERS
    }
    employer_contact = _user("werkgever")
    bakery = employers[PROPOSED_OFFER.employer]
    if employer_contact is not None and bakery.pk in employer_organisation_ids(employer_contact):
        _offer(PROPOSED_OFFER, employers[PROPOSED_OFFER.employer], employer_contact, today)
    counts["placement_offers"] = PlacementOffer.objects.filter(
        employer__in=employers.values()
    ).count()

    team = {
        "job_coach": _user("jobcoach"),
        "accountmanager": accountmanager,
        "buddy": _user("buddy"),
        "language_coach": _user("trainer"),
    }
    n = _Counts()
    for person, story in zip(_demo_persons(len(STORIES)), STORIES, strict=False):
        km = _klantmanager(person)
        if km is None or Placement.objects.filter(person=person).exists():
            continue
        chosen = _choose(person, story, offers)
        placement = services.propose_placement(
            km, person, chosen.offer, explanation=chosen.explanation
        )
        n.placements += 1
        if story.stage != "proposed":
            services.assign_team(km, placement, **team)
        if chosen.offer.employer.name == "Bakkerij Van Dam":
            services.give_consent(km, person, chosen.offer.employer, ["identity", "language"])
        _play(
            story, placement, km=km, team=team, employer_contact=employer_contact, today=today, n=n
        )
        if story.stage == "volunteering":
            _volunteering_outcome(km, placement, today, n)
    counts["placements_created"] = n.placements
    counts["placement_checkins_created"] = n.checkins
    counts["placement_outcomes_created"] = n.outcomes
    return counts


def totals() -> dict[str, int]:
    """What the demo holds now (for tests and the demo command's summary)."""
    return {
        "placements": Placement.objects.count(),
        "running": Placement.objects.filter(status__in=ACTIVE_STATUSES).count(),
        "checkins": CheckIn.objects.exclude(done_at=None).count(),
        "outcomes": Outcome.objects.count(),
    }
