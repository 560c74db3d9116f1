"""Matching follows the intake's transport, travel time and childcare, and the latest
language-school result, and says so in the explanation."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.core.week import DayPart
from spil.intake import services as intake_services
from spil.persons.models import Person
from spil.placements import matching
from spil.placements.profile import profile_for
from spil.placements.scoring import CEFR, Transport
from spil.placements.tests.support import ambitions, employer_of, offer
from spil.programmes.models import LanguageResult
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _person(world: World) -> Person:
    person = world.person_a
    assert person is not None
    person.postcode = "4203"
    person.save()
    return person


def _life(world: World, person: Person, **answers: object) -> None:
    intake = ambitions(person)
    intake_services.save_step(intake, "leefsituatie", answers, actor=world.user("klantmanager_a"))


def test_travel_follows_the_intake_and_the_explanation_says_so(world: World) -> None:
    person = _person(world)
    ambitions(person)
    far = offer(employer_of(world), postcode="3511")  # Utrecht, ~40 km from Gorinchem
    by_bike = matching.rank_offers(person, [far], include_infeasible=True)[0].explanation
    assert not by_bike.feasible
    assert "by bike" in by_bike.part("travel").detail
    assert "assumed" in by_bike.part("travel").detail
    _life(world, person, transport="car", max_travel_minutes=60)
    assert profile_for(person).transport == Transport.CAR
    by_car = matching.rank_offers(person, [far], include_infeasible=True)[0].explanation
    assert by_car.feasible
    assert "by car" in by_car.part("travel").detail
    assert "as the intake records" in by_car.part("travel").detail


def test_childcare_limits_the_offers_to_the_day_parts_it_covers(
    world: World, client: Client
) -> None:
    person = _person(world)
    _life(world, person, childcare_needed="yes", childcare_dayparts=["mon-morning"])
    employer = employer_of(world)
    fits = offer(employer, title="Monday", dayparts=[int(DayPart.MON_MORNING)])
    clash = offer(employer, title="Tuesday", dayparts=[int(DayPart.TUE_MORNING)])
    ranked = {r.offer.pk: r.explanation for r in matching.rank_offers(
        person, [fits, clash], include_infeasible=True)}  # fmt: skip
    assert ranked[fits.pk].feasible
    assert "childcare covers" in ranked[fits.pk].part("dayparts").detail
    assert [v.rule for v in ranked[clash.pk].violations] == ["childcare"]
    # the region-wide proposal keeps to the same rule
    proposal = matching.region_proposal([person], [clash])
    assert proposal.placed_optimal == 0
    sign_in(client, world.user("klantmanager_a"))
    page = client.get(reverse("placements:person_matches", args=[person.public_id]))
    assert "Needed; only day-parts childcare covers: Monday morning" in page.content.decode()


def test_a_later_language_result_replaces_the_intake_level(world: World, client: Client) -> None:
    person = _person(world)
    ambitions(person, speaking=CEFR.A0, listening=CEFR.A0)
    needs_a2 = offer(employer_of(world))
    before = matching.rank_offers(person, [needs_a2], include_infeasible=True)[0].explanation
    assert not before.feasible
    school = Organisation.objects.create(name="Taalschool Noord", type=OrganisationType.TAALSCHOOL)
    for skill in ("speaking", "listening"):
        LanguageResult.objects.create(
            person=person, skill=skill, level="A2", on=date(2027, 1, 10), provider=school
        )
    profile = profile_for(person)
    assert (profile.speaking, profile.listening) == (CEFR.A2, CEFR.A2)
    assert profile.speaking_source.kind == "result"
    after = matching.rank_offers(person, [needs_a2], include_infeasible=True)[0].explanation
    assert after.feasible
    assert "language result of 2027-01-10 by Taalschool Noord" in after.part("language").detail
    sign_in(client, world.user("klantmanager_a"))
    page = client.get(reverse("placements:person_matches", args=[person.public_id]))
    assert "language result of" in page.content.decode()


def test_an_older_result_does_not_replace_a_newer_intake_level(world: World) -> None:
    person = _person(world)
    ambitions(person, speaking=CEFR.B1, listening=CEFR.B1)
    LanguageResult.objects.create(person=person, skill="speaking", level="A1", on=date(2025, 1, 1))
    profile = profile_for(person)
    assert profile.speaking == CEFR.B1
    assert profile.speaking_source.kind == "intake"
