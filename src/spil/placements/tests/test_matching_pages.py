"""Matching at the page and service level: the edge cases of issue 6."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.persons.models import Person
from spil.placements import matching, queries
from spil.placements.models import Placement
from spil.placements.scoring import CEFR
from spil.placements.tests.support import BAKKER, KOK, MAGAZIJN, ambitions, employer_of, offer
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _person(world: World) -> Person:
    person = world.person_a
    assert person is not None
    person.postcode = "4203"
    person.save()
    return person


def test_no_offers(world: World, client: Client) -> None:
    person = _person(world)
    ambitions(person)
    sign_in(client, world.user("klantmanager_a"))
    page = client.get(reverse("placements:person_matches", args=[person.public_id]))
    assert page.status_code == 200
    assert "No open offer is feasible" in page.content.decode()
    proposal = client.get(reverse("placements:assignment"))
    assert proposal.status_code == 200
    assert proposal.context["proposal"].run.optimal.objective == 0


def test_every_pair_infeasible(world: World, client: Client) -> None:
    person = _person(world)
    ambitions(person, speaking=CEFR.A0, listening=CEFR.A0)
    offer(employer_of(world), speaking=CEFR.B1, listening=CEFR.B1)
    sign_in(client, world.user("klantmanager_a"))
    url = reverse("placements:person_matches", args=[person.public_id])
    assert client.get(url).context["rows"] == []
    rows = client.get(url + "?all=1").context["rows"]
    assert len(rows) == 1 and not rows[0]["score"]["feasible"]
    assert "Propose this placement" not in client.get(url + "?all=1").content.decode()
    proposal = client.get(reverse("placements:assignment")).context["proposal"]
    assert proposal.run.edges == 0 and proposal.placed_optimal == 0


def test_ties_are_broken_by_id(world: World) -> None:
    person = _person(world)
    ambitions(person)
    employer = employer_of(world)
    first = offer(employer, title="B")
    second = offer(employer, title="A")
    ranked = matching.rank_offers(person, [second, first], include_infeasible=False)
    assert ranked[0].explanation.total == ranked[1].explanation.total
    assert [r.offer for r in ranked] == sorted([first, second], key=lambda o: str(o.pk))


def test_offer_with_more_places_than_candidates(world: World, client: Client) -> None:
    for person in (world.person_a, world.person_b):
        assert person is not None
        person.postcode = "4203"
        person.municipality = world.gemeente_a
        person.save()
        ambitions(person)
    big = offer(employer_of(world), places=5)
    sign_in(client, world.user("klantmanager_a"))
    proposal = client.get(reverse("placements:assignment")).context["proposal"]
    assert proposal.placed_optimal == 2 == proposal.placed_greedy
    assert {row.optimal[0] for row in proposal.rows} == {big}
    page = client.get(reverse("placements:offer_candidates", args=[big.public_id]))
    assert len(page.context["rows"]) == 2


def test_person_without_postcode_is_matched_with_neutral_travel(world: World) -> None:
    person = world.person_a
    assert person is not None
    assert person.postcode == ""
    ambitions(person)
    far = offer(employer_of(world), postcode="9401")  # Assen, far from anyone in Gorinchem
    [ranked] = matching.rank_offers(person, [far], include_infeasible=False)
    travel = ranked.explanation.part("travel")
    assert ranked.explanation.feasible and not travel.known and travel.value == 0.5


def test_wish_first_dream_job_before_plan_b_before_unrelated(world: World) -> None:
    person = _person(world)
    ambitions(person, dream=KOK, plan_b=BAKKER)
    employer = employer_of(world)
    cook, baker, warehouse = (offer(employer, uri=u, title=u[-4:]) for u in (KOK, BAKKER, MAGAZIJN))
    ranked = matching.rank_offers(person, [warehouse, baker, cook], include_infeasible=False)
    assert [r.offer for r in ranked] == [cook, baker, warehouse]


def test_proposal_page_then_propose_creates_placement(world: World, client: Client) -> None:
    person = _person(world)
    ambitions(person)
    the_offer = offer(employer_of(world))
    sign_in(client, world.user("klantmanager_a"))
    response = client.post(
        reverse("placements:propose", args=[person.public_id]),
        {"offer": str(the_offer.public_id)},
    )
    placement = Placement.objects.get()
    assert response.status_code == 302 and placement.score and placement.explanation["parts"]
    # a running placement takes the person out of the next region-wide proposal
    from spil.placements import services

    services.plan_introduction(world.user("klantmanager_a"), placement, placement.created_at.date())
    proposal = client.get(reverse("placements:assignment")).context["proposal"]
    assert proposal.rows == []
    assert queries.persons_for_matching(world.user("jobcoach")).count() == 0


def test_proposing_something_that_is_no_offer_answers_not_found(
    world: World, client: Client
) -> None:
    person = _person(world)
    sign_in(client, world.user("klantmanager_a"))
    url = reverse("placements:propose", args=[person.public_id])
    assert client.post(url, {"offer": "999990019"}).status_code == 404  # a BSN, say
    assert client.post(url, {}).status_code == 404
    assert not Placement.objects.exists()
