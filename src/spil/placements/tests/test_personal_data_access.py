"""Every placements page and endpoint with a newcomer's data: only the roles allowed get
through, and each allowed request leaves exactly one processing record."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.placements.models import Placement, PlacementStatus
from spil.placements.tests.support import (
    ambitions,
    employer_of,
    offer,
    placement_world,
    support_world,
)
from spil.testing import PersonalDataAccessMixin, World, build_world

ALL_SHARED = ("identity", "contact", "language", "work")
MATCH = ("identity", "work", "language", "address")
PLACEMENT_ROLES = ("klantmanager_a", "jobcoach", "accountmanager", "employer_contact")
STAFF = ("klantmanager_a", "jobcoach", "accountmanager")


def _placement(world: World) -> Placement:
    return Placement.objects.get(person=world.person_a)


class _PlacementWorld:
    @pytest.fixture
    def world(self, db: None) -> World:
        return placement_world()[0]


class _SupportWorld:
    """The placement runs with buddy (role buddy) and language coach (role trainer)."""

    @pytest.fixture
    def world(self, db: None) -> World:
        return support_world()[0]


class _MatchingWorld:
    """Person A with ambitions and an open offer they fit; no placement yet."""

    @pytest.fixture
    def world(self, db: None) -> World:
        world = build_world()
        assert world.person_a is not None
        world.person_a.postcode = "4203"
        world.person_a.save()
        ambitions(world.person_a)
        offer(employer_of(world))
        return world


class TestPersonMatchesPage(_MatchingWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = MATCH

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("placements:person_matches", args=[world.person_a.public_id])


class TestOfferCandidatesPage(_MatchingWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = MATCH
    list_endpoint = True

    def url(self, world: World) -> str:
        from spil.placements.models import PlacementOffer

        return reverse("placements:offer_candidates", args=[PlacementOffer.objects.get().public_id])


class TestAssignmentPage(_MatchingWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = MATCH
    list_endpoint = True

    def url(self, world: World) -> str:
        return reverse("placements:assignment")


class TestProposeEndpoint(_MatchingWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work", "language")
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("placements:propose", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        from spil.placements.models import PlacementOffer

        return client.post(url, {"offer": str(PlacementOffer.objects.get().public_id)})


class TestPlacementsList(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = PLACEMENT_ROLES
    expected_categories = ("identity", "work")
    list_endpoint = True

    def url(self, world: World) -> str:
        return reverse("placements:placements")


class TestPlacementDetail(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = PLACEMENT_ROLES
    expected_categories = ALL_SHARED

    def categories_expected_for(self, key: str) -> set[str]:
        # Staff read the check-ins; the employer only what the newcomer shared (no notes).
        shared = set(ALL_SHARED)
        return shared if key == "employer_contact" else {*shared, "checkin_notes"}

    def url(self, world: World) -> str:
        return reverse("placements:placement_detail", args=[_placement(world).public_id])


class TestPlacementAction(_PlacementWorld, PersonalDataAccessMixin):
    """Starting the placement: staff only (not the employer)."""

    allowed_roles = STAFF
    expected_categories = ("work",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        placement = _placement(world)
        return reverse("placements:placement_action", args=[placement.public_id, "start"])

    def request(self, client: Client, url: str) -> Any:
        Placement.objects.update(status=PlacementStatus.INTRODUCTION)
        return client.post(url, {"start-on": "2026-09-07", "start-planned_end": "2026-12-31"})


class TestPlacementTeam(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        return reverse("placements:placement_team", args=[_placement(world).public_id])

    def request(self, client: Client, url: str) -> Any:
        from spil.accounts.models import User

        coach = User.objects.get(username="jobcoach")
        manager = User.objects.get(username="accountmanager")
        return client.post(url, {"job_coach": coach.pk, "accountmanager": manager.pk})


class TestCheckInForm(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = PLACEMENT_ROLES
    expected_categories = ("identity", "work")

    def url(self, world: World) -> str:
        return reverse("placements:check_in", args=[_placement(world).public_id])


class TestCheckInPost(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = PLACEMENT_ROLES
    expected_categories = ("work",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        return reverse("placements:check_in", args=[_placement(world).public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"mood": "good", "note": "Goed begonnen"})


class TestOutcomesPage(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "work", "education")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("placements:outcomes", args=[world.person_a.public_id])


class TestOutcomesPost(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("placements:outcomes", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"kind": "certificate", "started_on": "2026-10-01"})


class TestConsentsPage(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("placements:consents", args=[world.person_a.public_id])


class TestConsentsPost(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("placements:consents", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        employer = Placement.objects.get().offer.employer
        return client.post(url, {"organisation": employer.pk, "categories": ["identity"]})


class TestPlacementsApiList(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = PLACEMENT_ROLES
    expected_categories = ("work",)
    list_endpoint = True

    def url(self, world: World) -> str:
        return reverse("placement-list")


class TestPlacementsApiDetail(_PlacementWorld, PersonalDataAccessMixin):
    allowed_roles = PLACEMENT_ROLES
    expected_categories = ("work",)

    def url(self, world: World) -> str:
        return reverse("placement-detail", args=[_placement(world).public_id])


SUPPORTERS = ("buddy", "trainer")
SUPPORT = ("identity", "work")


class TestSupportList(_SupportWorld, PersonalDataAccessMixin):
    """The buddy's and language coach's own list: name and placement only."""

    allowed_roles = SUPPORTERS
    expected_categories = SUPPORT
    list_endpoint = True

    def url(self, world: World) -> str:
        return reverse("placements:support_placements")


class TestSupportPlacement(_SupportWorld, PersonalDataAccessMixin):
    allowed_roles = SUPPORTERS
    expected_categories = SUPPORT

    def url(self, world: World) -> str:
        return reverse("placements:support_placement", args=[_placement(world).public_id])


class TestSupportCheckIn(_SupportWorld, PersonalDataAccessMixin):
    allowed_roles = SUPPORTERS
    expected_categories = ("work",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        return reverse("placements:support_placement", args=[_placement(world).public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"mood": "good", "note": "Samen gelunchd"})
