"""Placement test data on top of the shared World."""

from __future__ import annotations

from datetime import date

from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.intake import services as intake_services
from spil.intake.models import Intake
from spil.persons.models import Person
from spil.placements import services
from spil.placements.models import (
    EmployerLocation,
    OfferStatus,
    OfferType,
    Placement,
    PlacementOffer,
)
from spil.placements.scoring import CEFR
from spil.testing import World, build_world

KOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"
BAKKER = "http://data.europa.eu/esco/occupation/1aadb308-432a-4d01-b54b-b4f7f76dd419"
MAGAZIJN = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"
OCCUPATIONS = {
    KOK: ("kok", "5120"),
    BAKKER: ("bakker", "7512"),
    MAGAZIJN: ("magazijnmedewerker", "9333"),
}


def employer_of(world: World) -> Organisation:
    return Organisation.objects.get(
        type=OrganisationType.WERKGEVER, memberships__user=world.user("employer_contact")
    )


def location(employer: Organisation, postcode: str = "4201") -> EmployerLocation:
    return EmployerLocation.objects.create(employer=employer, name="Werkplaats", postcode=postcode)


def offer(
    employer: Organisation,
    *,
    uri: str = KOK,
    title: str = "Leerwerkplek keuken",
    postcode: str | None = "4201",
    hours: int = 16,
    places: int = 1,
    speaking: int = CEFR.A2,
    listening: int = CEFR.A2,
    dayparts: list[int] | None = None,
    status: str = OfferStatus.OPEN,
) -> PlacementOffer:
    label, isco = OCCUPATIONS[uri]
    return PlacementOffer.objects.create(
        employer=employer,
        location=location(employer, postcode) if postcode else None,
        title=title,
        type=OfferType.LEERWERKPLEK,
        esco_uri=uri,
        occupation_label=label,
        isco_code=isco,
        hours_per_week=hours,
        dayparts=dayparts if dayparts is not None else [0, 3],
        required_speaking=speaking,
        required_listening=listening,
        places=places,
        status=status,
    )


def ambitions(
    person: Person,
    *,
    dream: str | None = KOK,
    plan_b: str | None = BAKKER,
    speaking: CEFR = CEFR.A2,
    listening: CEFR = CEFR.A2,
    work: tuple[tuple[str, int | None], ...] = (),
) -> Intake:
    """Record the intake's ambitions, language levels and work history for `person`, the way
    the klantmanager does in the brede intake (spil.intake.services)."""
    actor = User.objects.filter(
        memberships__organisation=person.municipality,
        memberships__role=Role.KLANTMANAGER,
    ).first()
    assert actor is not None, "the person's municipality needs a klantmanager"
    intake = intake_services.start_intake(person, actor=actor)
    intake_services.save_step(
        intake,
        "ambities",
        {"dream_job": dream or "", "plan_b": plan_b or "", "plan_c": ""},
        actor=actor,
    )
    intake_services.save_step(
        intake,
        "taal",
        {"speaking": speaking.name, "listening": listening.name, "literacy": "none"},
        actor=actor,
    )
    if work:
        data: dict[str, object] = {}
        for n, (uri, years) in enumerate(work, start=1):
            data[f"occupation_{n}"] = uri
            data[f"years_{n}"] = years
        intake_services.save_step(intake, "werk", data, actor=actor)
    return intake


def placement_world() -> tuple[World, Placement]:
    """World + an offer at the employer + a placement of person A with job coach and
    account manager assigned and the newcomer's consent to share identity with the employer."""
    world = build_world()
    person = world.person_a
    assert person is not None
    person.postcode = "4203 AB"
    person.phone = "0612345678"
    person.save()
    ambitions(person)
    employer = employer_of(world)
    the_offer = offer(employer)
    km = world.user("klantmanager_a")
    placement = services.propose_placement(km, person, the_offer)
    services.assign_team(
        km,
        placement,
        job_coach=world.user("jobcoach"),
        accountmanager=world.user("accountmanager"),
        buddy=None,
        language_coach=None,
    )
    services.give_consent(km, person, employer, ["identity", "contact", "language", "work"])
    services.plan_introduction(km, placement, date(2026, 9, 1))
    return world, placement


def support_world() -> tuple[World, Placement]:
    """`placement_world` with the buddy and the language coach (a trainer) assigned and the
    placement started."""
    world, placement = placement_world()
    km = world.user("klantmanager_a")
    services.assign_team(
        km,
        placement,
        job_coach=world.user("jobcoach"),
        accountmanager=world.user("accountmanager"),
        buddy=world.user("buddy"),
        language_coach=world.user("trainer"),
    )
    services.start(km, placement, date(2026, 9, 7), date(2026, 12, 31))
    return world, placement
