"""The placements part of the demo: employers, offers and placements in every stage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType
from spil.audit.models import ProcessingRecord
from spil.dossier.models import Signal
from spil.intake import services as intake_services
from spil.occupations.esco import get_occupation
from spil.persons.models import Person
from spil.placements.models import (
    CheckIn,
    CheckInKind,
    EmployerLocation,
    OfferStatus,
    OfferType,
    Outcome,
    Placement,
    PlacementOffer,
    PlacementStatus,
)
from spil.placements.scoring import default_geo
from spil.placements.services import MOMENTUM_SIGNAL
from spil.testing import morning_of, sign_in
from spil_dev.demo import scenario_placements
from spil_dev.demo.data import load_demo_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 5)


@pytest.fixture(autouse=True)
def _the_clock_shows_today(clock: Any) -> None:
    """Services read the clock; the stories are loaded for TODAY: both agree."""
    clock.move_to(morning_of(TODAY))


HOVENIER = "http://data.europa.eu/esco/occupation/e7970c7a-7769-4002-87d3-0a8ea94fdd6f"


def _state() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        EmployerLocation.objects.count(),
        PlacementOffer.objects.count(),
        Placement.objects.count(),
        CheckIn.objects.count(),
        Outcome.objects.count(),
        User.objects.count(),
        ProcessingRecord.objects.count(),
        Signal.objects.count(),
    )


def test_placements_demo_is_idempotent_and_covers_the_lifecycle() -> None:
    load_demo_data(persons_per_municipality=5)
    first = scenario_placements.load(TODAY)
    state = _state()
    second = scenario_placements.load(TODAY)
    assert _state() == state
    assert second["placements_created"] == 0
    assert second["placement_checkins_created"] == second["placement_outcomes_created"] == 0

    assert first["placement_employers"] == 10
    assert 20 <= first["placement_offers"] <= 40
    assert first["placements_created"] == len(scenario_placements.STORIES) == 12
    assert first["placement_checkins_created"] == CheckIn.objects.exclude(done_at=None).count()
    assert first["placement_outcomes_created"] == Outcome.objects.count()

    statuses = set(Placement.objects.values_list("status", flat=True))
    assert statuses == set(PlacementStatus.values)  # every stage of the lifecycle
    assert {o.type for o in PlacementOffer.objects.all()} == set(OfferType.values)
    assert PlacementOffer.objects.filter(status=OfferStatus.PROPOSED).count() == 1


def test_employers_offers_and_teams_are_realistic() -> None:
    load_demo_data(persons_per_municipality=5)
    scenario_placements.load(TODAY)
    geo = default_geo()
    for location in EmployerLocation.objects.all():
        assert location.employer.type == OrganisationType.WERKGEVER
        assert geo.coords(location.postcode[:4]) is not None, location.postcode
    for offer in PlacementOffer.objects.all():
        occupation = get_occupation(offer.esco_uri)
        assert (offer.isco_code, offer.occupation_label) == (
            occupation.isco_code,
            occupation.label,
        )
        assert offer.location is not None and offer.location.employer_id == offer.employer_id
    sectors = set(PlacementOffer.objects.values_list("sector", flat=True))
    assert {"Zorg", "Logistiek", "Techniek", "Horeca", "Schoonmaak", "Groen", "Bouw"} <= sectors
    werkgever = User.objects.get(username="werkgever")
    assert werkgever.memberships.filter(organisation__name="Bakkerij Van Dam").exists()

    running = Placement.objects.exclude(status=PlacementStatus.PROPOSED)
    assert running.exists()
    for placement in running:
        assert placement.job_coach is not None and placement.job_coach.username == "jobcoach"
        assert placement.buddy is not None and placement.buddy.username == "buddy"
        assert placement.language_coach is not None
    # check-ins by job coach, employer and buddy; one aftercare case with a planned check-in
    roles = set(CheckIn.objects.exclude(done_at=None).values_list("author_role", flat=True))
    assert {"jobcoach", "employer_contact", "buddy", "language_coach"} <= roles
    converted = Placement.objects.get(status=PlacementStatus.CONVERTED)
    assert converted.aftercare_until is not None and converted.aftercare_until > TODAY
    aftercare = converted.checkins.filter(kind=CheckInKind.AFTERCARE)
    assert aftercare.exclude(done_at=None).count() == 1
    assert aftercare.filter(done_at=None).exists()
    # the momentum signal: a placement ended without a next step
    ended_alone = Placement.objects.get(status=PlacementStatus.ENDED, next_step="")
    assert Signal.objects.filter(
        person=ended_alone.person, code=MOMENTUM_SIGNAL, resolved_at__isnull=True
    ).exists()
    kinds = set(Outcome.objects.values_list("kind", flat=True))
    assert {"paid_job", "internship", "volunteering", "education", "certificate"} <= kinds


def test_the_demo_users_see_their_part() -> None:
    load_demo_data(persons_per_municipality=5)
    scenario_placements.load(TODAY)
    werkgever = sign_in(Client(), User.objects.get(username="werkgever"))
    listing = werkgever.get(reverse("placements:placements"))
    assert listing.status_code == 200
    shared = Placement.objects.filter(offer__employer__name="Bakkerij Van Dam")
    assert shared.exists()
    assert any(p.person.family_name in listing.content.decode() for p in shared)
    buddy = sign_in(Client(), User.objects.get(username="buddy"))
    support = buddy.get(reverse("placements:support_placements"))
    assert support.status_code == 200
    assert len(support.context["rows"]) >= 3


def test_ambitions_from_the_intake_choose_the_offer() -> None:
    """Wish first: a person whose intake names hovenier as dream job gets a green offer."""
    load_demo_data(persons_per_municipality=5)
    person = scenario_placements._demo_persons(1)[0]
    assert person.regisseur is not None
    intake = intake_services.start_intake(person, actor=person.regisseur)
    intake_services.save_step(
        intake, "ambities", {"dream_job": HOVENIER, "plan_b": "", "plan_c": ""},
        actor=person.regisseur,
    )  # fmt: skip
    intake_services.save_step(
        intake, "taal", {"speaking": "A2", "listening": "A2", "literacy": "none"},
        actor=person.regisseur,
    )  # fmt: skip
    scenario_placements.load(TODAY)
    placement = Placement.objects.get(person=person)
    assert placement.offer.esco_uri == HOVENIER
    assert placement.explanation["parts"][0]["detail"].startswith("same occupation as dream job")


def test_without_the_base_demo_data_only_employers_are_added() -> None:
    counts = scenario_placements.load(TODAY)
    assert counts["placements_created"] == 0
    assert Organisation.objects.filter(type=OrganisationType.WERKGEVER).count() == 10
    assert not Person.objects.exists()
