"""Realistic, synthetic demo data: a regio of three gemeenten, partners, users for every
role and newcomers. No real persons: names are combinations from common-name lists that
fit the person's country of origin and languages, and every BSN lies in the 999xxxxxx
test range and passes the 11-proef. Loading twice changes nothing."""

from __future__ import annotations

import base64
import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.persons.models import Person
from spil.persons.services import (
    RegistryHouseholdMember,
    add_household_from_registry,
    register_person,
    update_from_registry,
)
from spil.testing import valid_bsns

DEMO_PASSWORD = "Spil-demo-2026!"  # noqa: S105 - documented demo credential
# One TOTP key for every demo user, so one authenticator entry serves them all.
DEMO_TOTP_KEY = b"spil-demo-totp-key!!"
DEMO_TOTP_KEY_HEX = DEMO_TOTP_KEY.hex()
DEMO_TOTP_SECRET_BASE32 = base64.b32encode(
    DEMO_TOTP_KEY
).decode()  # ONYGS3BNMRSW23ZNORXXI4BNNNSXSIJB


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    role: Role


REGIO = "Regio Gorinchem e.o."
MUNICIPALITIES = [
    ("Gemeente Gorinchem", "0512", "00000001001234512000"),
    ("Gemeente Molenlanden", "1978", "00000001001234519780"),
    ("Gemeente Vijfheerenlanden", "1961", "00000001001234519610"),
]
PARTNERS = [
    ("Taalschool De Brug", OrganisationType.TAALSCHOOL),
    ("Werkpad Re-integratie", OrganisationType.REINTEGRATIE),
    ("Welzijn Rivierenland", OrganisationType.WELZIJN),
    ("COA locatie Gorinchem", OrganisationType.COA),
    ("ROC Rivierenland", OrganisationType.ROC),
    ("Bakkerij Van Dam", OrganisationType.WERKGEVER),
    ("Zorggroep De Linge", OrganisationType.WERKGEVER),
    ("Logistiek Merwede", OrganisationType.WERKGEVER),
]
USERS = [
    DemoUser("km.gorinchem", "Sanne", "de Vries", "Gemeente Gorinchem", Role.KLANTMANAGER),
    DemoUser("km.molenlanden", "Joris", "Bakker", "Gemeente Molenlanden", Role.KLANTMANAGER),
    DemoUser(
        "km.vijfheerenlanden", "Fatima", "El Amrani", "Gemeente Vijfheerenlanden", Role.KLANTMANAGER
    ),
    DemoUser("trainer", "Pieter", "Jansen", "Taalschool De Brug", Role.TRAINER),
    DemoUser("jobcoach", "Esther", "Visser", "Werkpad Re-integratie", Role.JOBCOACH),
    DemoUser("accountmanager", "Mark", "Smit", "Gemeente Gorinchem", Role.ACCOUNTMANAGER),
    DemoUser("taalschool", "Ingrid", "Mulder", "Taalschool De Brug", Role.PARTNER_STAFF),
    DemoUser("werkgever", "Henk", "van Dam", "Bakkerij Van Dam", Role.EMPLOYER_CONTACT),
    DemoUser("buddy", "Yonas", "Tesfay", "Welzijn Rivierenland", Role.BUDDY),
    DemoUser("beleid", "Lotte", "Hendriks", REGIO, Role.BELEIDSMEDEWERKER),
    DemoUser("beheer", "Ahmet", "Yilmaz", REGIO, Role.FUNCTIONEEL_BEHEERDER),
]


@dataclass(frozen=True)
class Origin:
    country: str  # ISO 3166
    languages: tuple[str, ...]  # ISO 639-3, the first one preferred
    given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    interpreter_share: float  # how many need an interpreter at first


# Where newcomers in the region came from, with names and languages that go together.
ORIGINS = (
    Origin(
        "SY",
        ("ara", "kmr"),
        ("Ahmad", "Rania", "Mohammed", "Aya", "Omar", "Lina", "Samir", "Nour"),
        ("Al-Hassan", "Haddad", "Khalil", "Nasser", "Hussein"),
        0.8,
    ),
    Origin(
        "ER",
        ("tir", "ara"),
        ("Yohannes", "Selam", "Kidane", "Senait", "Tesfaye", "Helen"),
        ("Tesfamariam", "Gebremedhin", "Bereket", "Haile"),
        0.9,
    ),
    Origin(
        "UA",
        ("ukr", "rus"),
        ("Olena", "Andriy", "Iryna", "Dmytro", "Oksana", "Taras"),
        ("Kovalenko", "Shevchenko", "Melnyk", "Bondarenko"),
        0.5,
    ),
    Origin(
        "TR",
        ("tur", "kmr"),
        ("Mehmet", "Elif", "Ayşe", "Emre"),
        ("Demir", "Kaya", "Yildiz", "Çelik"),
        0.6,
    ),
    Origin(
        "AF",
        ("prs", "pus"),
        ("Hamid", "Farzana", "Zahra", "Ahmad Shah"),
        ("Ahmadi", "Rahimi", "Karimi", "Sultani"),
        0.9,
    ),
    Origin(
        "SO",
        ("som", "ara"),
        ("Abdirahman", "Hodan", "Faadumo", "Cabdi"),
        ("Warsame", "Abdi", "Osman", "Farah"),
        0.8,
    ),
)

# All names, for generators that need many (the caseload benchmark).
GIVEN_NAMES = sorted({name for origin in ORIGINS for name in origin.given_names})
FAMILY_NAMES = sorted({name for origin in ORIGINS for name in origin.family_names})

# Streets and four-digit postcodes in each demo municipality (postcodes from the
# reference data in ../shared/data/geo; street names are real streets there).
ADDRESSES = {
    "Gemeente Gorinchem": (
        ("Stationsweg", "4201", "Gorinchem"),
        ("Haarwijkstraat", "4205", "Gorinchem"),
        ("Lingewal", "4203", "Gorinchem"),
        ("Dalemwijk", "4207", "Gorinchem"),
    ),
    "Gemeente Molenlanden": (
        ("Dorpsstraat", "2971", "Bleskensgraaf"),
        ("Peulenstraat", "3381", "Giessenburg"),
        ("Middenweg", "2957", "Nieuw-Lekkerland"),
    ),
    "Gemeente Vijfheerenlanden": (
        ("Kerkstraat", "4141", "Leerdam"),
        ("Voorstraat", "4131", "Vianen"),
        ("Dorpsstraat", "4231", "Meerkerk"),
    ),
}


@dataclass(frozen=True)
class DemoAddress:
    street: str
    number: int
    postcode: str
    city: str

    @property
    def line(self) -> str:
        return f"{self.street} {self.number}"


def demo_address(municipality: str, index: int) -> DemoAddress:
    """A deterministic address in the municipality for the index-th demo person."""
    streets = ADDRESSES[municipality]
    street, pc4, city = streets[index % len(streets)]
    letters = "ABCDEGHJKLMNPRST"
    suffix = letters[index % len(letters)] + letters[(index * 7) % len(letters)]
    return DemoAddress(street, 3 + (index * 11) % 140, f"{pc4}{suffix}", city)


def _demo_household(
    rng: random.Random, origin: Origin, family: str, today: date
) -> list[RegistryHouseholdMember]:
    """About half live with a partner; some have children, a few under four (childcare)."""
    members: list[RegistryHouseholdMember] = []
    if rng.random() < 0.5:
        partner = rng.choice(origin.given_names)
        members.append(RegistryHouseholdMember("partner", f"{partner} {family}", None))
    for _ in range(rng.choice((0, 0, 1, 2, 3))):
        born = today - timedelta(days=rng.randint(200, 365 * 14))
        members.append(
            RegistryHouseholdMember("child", f"{rng.choice(origin.given_names)} {family}", born)
        )
    return members


def municipality_count() -> int:
    return len(MUNICIPALITIES)


def demo_bsns(count: int) -> list[str]:
    """Deterministic BSNs in the test range 999000000-999999999 passing the 11-proef."""
    return list(itertools.islice(valid_bsns(start=999_000_007, step=7), count))


@transaction.atomic
def load_demo_data(persons_per_municipality: int = 20) -> dict[str, int]:
    regio, _ = Organisation.objects.get_or_create(
        name=REGIO, defaults={"type": OrganisationType.REGIO, "oin": "00000001001234500000"}
    )
    municipalities: list[Organisation] = []
    for name, cbs, oin in MUNICIPALITIES:
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"type": OrganisationType.GEMEENTE, "cbs_code": cbs, "oin": oin}
        )
        if not org.phone:  # DUO's contactpersoon: the general number when a user has none
            org.phone = f"0183 {cbs} 00"
            org.save(update_fields=["phone"])
        municipalities.append(org)
    regio.members.add(*municipalities)
    for name, kind in PARTNERS:
        Organisation.objects.get_or_create(name=name, defaults={"type": kind})

    organisations = {o.name: o for o in Organisation.objects.all()}
    users: dict[str, User] = {}
    for spec in USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@demo.spil.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(
            user=user, organisation=organisations[spec.organisation], role=spec.role
        )
        TOTPDevice.objects.get_or_create(
            user=user, name="demo", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
        )
        users[spec.username] = user

    klantmanagers = {
        "Gemeente Gorinchem": users["km.gorinchem"],
        "Gemeente Molenlanden": users["km.molenlanden"],
        "Gemeente Vijfheerenlanden": users["km.vijfheerenlanden"],
    }
    rng = random.Random(2021)  # deterministic: same demo every time
    bsns = demo_bsns(persons_per_municipality * len(municipalities))
    existing = set(Person.objects.filter(bsn__in=bsns).values_list("bsn", flat=True))
    created_persons = 0
    today = date.today()
    for index, bsn in enumerate(bsns):
        municipality = municipalities[index % len(municipalities)]
        origin = ORIGINS[rng.randrange(len(ORIGINS))]
        given = rng.choice(origin.given_names)
        family = rng.choice(origin.family_names)
        born = date(1975, 1, 1) + timedelta(days=rng.randint(0, 365 * 30))
        arrived = today - timedelta(days=rng.randint(60, 900))
        phone = f"06 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        needs_interpreter = rng.random() < origin.interpreter_share
        if bsn in existing:
            continue
        address = demo_address(municipality.name, index)
        household = _demo_household(rng, origin, family, today)
        person = register_person(
            actor=None,
            bsn=bsn,
            given_names=given,
            family_name=family,
            municipality=municipality,
            date_of_birth=born,
            regisseur=klantmanagers[municipality.name],
            details={
                "country_of_origin": origin.country,
                "languages": list(origin.languages),
                "preferred_language": origin.languages[0],
                "interpreter_needed": needs_interpreter,
                "arrival_date": arrived,
                "phone": phone,
            },
        )
        # What the BRP knows (the demo's BRP sandbox serves the same address).
        update_from_registry(
            person, street=address.line, postcode=address.postcode, city=address.city
        )
        add_household_from_registry(person, household)
        created_persons += 1
    return {"users": len(users), "persons_created": created_persons}
