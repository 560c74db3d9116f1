"""Every peer-coach page with a newcomer's data: only the roles allowed get through, and each
allowed request leaves exactly one processing record with the purpose peer support."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.audit.services import person_reference
from spil.peercoaches import services
from spil.peercoaches.models import Assignment, PeerCoach
from spil.peercoaches.tests.support import coach_world
from spil.testing import PersonalDataAccessMixin, World, sign_in

COACH = ("contact", "education", "identity", "language")


class _CoachWorld:
    @pytest.fixture
    def world(self, db: None) -> World:
        world, _yonas, assignment = coach_world()
        services.log_activity(
            world.user("buddy"), assignment, on=date(2026, 11, 20), kind="first_session", minutes=90
        )
        return world


def _assignment(world: World) -> Assignment:
    return Assignment.objects.get(person=world.person_a)


class TestPersonPage(_CoachWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "language")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("peercoaches:person", args=[world.person_a.public_id])


class TestAssign(_CoachWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "language")
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("peercoaches:person", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        mariam = PeerCoach.objects.get(display_name="Mariam Ahmadi")
        return client.post(
            url,
            {
                "coach": mariam.pk,
                "started_on": "2026-11-23",
                "consent": "on",
                "consent_how": "paper",
            },
        )


class TestEndAssignment(_CoachWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        return reverse("peercoaches:end_assignment", args=[_assignment(world).public_id])


class TestWithdrawConsent(_CoachWorld, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("peercoaches:withdraw_consent", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"organisation": PeerCoach.objects.first().organisation_id})  # type: ignore[union-attr]


class TestMyPeople(_CoachWorld, PersonalDataAccessMixin):
    allowed_roles = ("buddy",)
    expected_categories = COACH
    list_endpoint = True

    def url(self, world: World) -> str:
        return reverse("peercoaches:my_people")


class TestMyPerson(_CoachWorld, PersonalDataAccessMixin):
    allowed_roles = ("buddy",)
    expected_categories = COACH

    def url(self, world: World) -> str:
        return reverse("peercoaches:my_person", args=[_assignment(world).public_id])


class TestLogActivity(_CoachWorld, PersonalDataAccessMixin):
    allowed_roles = ("buddy",)
    expected_categories = ("identity",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        return reverse("peercoaches:my_person", args=[_assignment(world).public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(
            url, {"date": "2026-11-23", "kind": "public_transport", "hours": "1.5", "note": ""}
        )


class TestMyHours(_CoachWorld, PersonalDataAccessMixin):
    allowed_roles = ("buddy",)
    expected_categories = ("identity",)
    list_endpoint = True

    def url(self, world: World) -> str:
        return reverse("peercoaches:my_hours") + "?month=2026-11"


# --------------------------------------------------------------------------- no basis, no access


@pytest.mark.django_db
def test_a_withdrawn_consent_closes_the_coach_pages_on_the_next_request() -> None:
    world, yonas, assignment = coach_world()
    assert world.person_a is not None
    coach = sign_in(Client(), world.user("buddy"))
    page = reverse("peercoaches:my_person", args=[assignment.public_id])
    assert coach.get(page).status_code == 200
    services.withdraw_consent(world.user("klantmanager_a"), world.person_a, yonas.organisation)

    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    assert coach.get(page).status_code == 404
    people = coach.get(reverse("peercoaches:my_people"))
    assert people.status_code == 200 and "Testpersoon" not in people.content.decode()
    logged = coach.post(page, {"date": "2026-11-23", "kind": "other", "hours": "1"})
    assert logged.status_code == 404
    new = ProcessingRecord.objects.exclude(pk__in=before)
    assert not new.filter(persons__person_ref=person_reference(world.person_a.pk)).exists()


@pytest.mark.django_db
def test_a_coach_sees_only_their_own_people() -> None:
    """Person B has another coach of the same organisation, with consent: Yonas (person A's
    coach) does not see B, and B's coach does not see A."""
    world, _yonas, _assignment = coach_world()
    assert world.person_b is not None
    mariam = PeerCoach.objects.get(display_name="Mariam Ahmadi")
    other = services.assign(
        world.user("klantmanager_b"), world.person_b, mariam, consent_how="in_person"
    )
    body = sign_in(Client(), world.user("buddy")).get(reverse("peercoaches:my_people"))
    assert "Testpersoon" in body.content.decode()
    assert "Anderpersoon" not in body.content.decode()
    page = reverse("peercoaches:my_person", args=[other.public_id])
    assert sign_in(Client(), world.user("buddy")).get(page).status_code == 404
