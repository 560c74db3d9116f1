"""A world with peer coaches: the world's buddy (Welzijn) is Yonas, a paid Tigrinya- and
Arabic-speaking coach, assigned to person A with their consent; Mariam, a volunteer who
speaks Dari, has nobody yet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from spil.accounts.models import Organisation
from spil.peercoaches import services
from spil.peercoaches.models import Assignment, CoachKind, Gender, PeerCoach
from spil.testing import World, build_world


def coach_world() -> tuple[World, PeerCoach, Assignment]:
    world = build_world()
    assert world.person_a is not None
    welzijn = Organisation.objects.get(name="Welzijn")
    beheer = world.user("functioneel_beheerder")
    yonas = services.save_coach(
        beheer,
        PeerCoach(
            organisation=welzijn,
            user=world.user("buddy"),
            display_name="Yonas Tesfay",
            languages=["tir", "ara"],
            gender=Gender.MALE,
            kind=CoachKind.PAID,
            hourly_rate=Decimal("18.50"),
        ),
    )
    services.save_coach(
        beheer,
        PeerCoach(
            organisation=welzijn,
            display_name="Mariam Ahmadi",
            languages=["prs", "pus"],
            gender=Gender.FEMALE,
            kind=CoachKind.VOLUNTEER,
        ),
    )
    world.person_a.languages = ["tir"]
    world.person_a.preferred_language = "tir"
    world.person_a.phone = "0612345678"
    world.person_a.save()
    assignment = services.assign(
        world.user("klantmanager_a"),
        world.person_a,
        yonas,
        consent_how="interpreter",
        started_on=date(2026, 11, 2),
        reason="Eerste weken MAP",
    )
    return world, yonas, assignment
