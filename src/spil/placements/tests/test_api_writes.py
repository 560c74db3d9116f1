"""Outcomes and placements through the REST API: scoped like the pages, each change and
each response with its processing record."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from spil.audit.models import ProcessingRecord
from spil.audit.services import person_reference
from spil.placements.models import Outcome, Placement, PlacementStatus
from spil.placements.tests.support import employer_of, offer
from spil.testing import PersonalDataAccessMixin, World, sign_in

pytestmark = pytest.mark.django_db

OUTCOMES = "/api/v1/outcomes/"
PLACEMENTS = "/api/v1/placements/"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


class TestOutcomeCreate(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work",)
    method = "post"
    success_status = 201

    def url(self, world: World) -> str:
        self.person = world.person_a
        return OUTCOMES

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        body = {
            "person": str(self.person.public_id),
            "kind": "paid_job",
            "started_on": "2026-10-01",
            "hours_per_week": 24,
            "with_benefit": True,
        }
        return post(client, url, body)


class TestOutcomeList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work", "education")
    list_endpoint = True

    def url(self, world: World) -> str:
        assert world.person_a is not None
        Outcome.objects.create(
            person=world.person_a, kind="certificate", started_on=date(2026, 6, 1)
        )
        return OUTCOMES


class TestPlacementPropose(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work", "language")
    method = "post"
    success_status = 201

    def url(self, world: World) -> str:
        self.person = world.person_a
        self.offer = offer(employer_of(world), title="Stage magazijn")
        return PLACEMENTS

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        Placement.objects.filter(person=self.person).delete()
        return post(
            client, url, {"person": str(self.person.public_id), "offer": str(self.offer.public_id)}
        )


def test_an_outcome_keeps_paid_work_details_and_one_person_can_have_several(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert world.person_a is not None
    person = str(world.person_a.public_id)
    paid = post(
        client,
        OUTCOMES,
        {
            "person": person,
            "kind": "paid_job",
            "started_on": "2026-10-01",
            "hours_per_week": 36,
            "with_benefit": False,
        },
    )
    assert paid.status_code == 201, paid.content
    assert paid.json()["hours_per_week"] == 36 and paid.json()["with_benefit"] is False
    certificate = post(
        client,
        OUTCOMES,
        {"person": person, "kind": "certificate", "started_on": "2026-09-01", "hours_per_week": 10},
    )
    assert certificate.status_code == 201
    assert certificate.json()["hours_per_week"] is None  # only paid work keeps hours
    listed = client.get(OUTCOMES, {"person": person}).json()
    assert [o["kind"] for o in listed["results"]] == ["paid_job", "certificate"]
    wrong = post(
        client,
        OUTCOMES,
        {
            "person": person,
            "kind": "internship",
            "started_on": "2026-09-01",
            "ended_on": "2026-08-01",
        },
    )
    assert wrong.status_code == 400 and "ended_on" in wrong.json()


def test_a_placement_through_its_lifecycle_into_paid_work(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert world.person_a is not None
    work = offer(employer_of(world), title="Leerwerkplek keuken", hours=32)
    proposed = post(
        client, PLACEMENTS, {"person": str(world.person_a.public_id), "offer": str(work.public_id)}
    )
    assert proposed.status_code == 201, proposed.content
    url = f"{PLACEMENTS}{proposed.json()['id']}/"
    assert post(client, url + "introduction/", {"on": "2026-09-01"}).status_code == 200
    wrong = post(client, url + "convert/", {"job_start": "2026-09-02"})
    assert wrong.status_code == 400  # an introduction does not convert
    assert (
        post(client, url + "start/", {"on": "2026-09-07", "planned_end": "2026-12-31"}).status_code
        == 200
    )
    converted = post(client, url + "convert/", {"job_start": "2026-11-02"})
    assert converted.status_code == 200, converted.content
    assert converted.json()["status"] == PlacementStatus.CONVERTED
    assert converted.json()["aftercare_until"]
    outcome = Outcome.objects.get(person=world.person_a)
    assert (outcome.kind, outcome.hours_per_week) == ("paid_job", 32)
    names = set(
        ProcessingRecord.objects.filter(
            persons__person_ref=person_reference(world.person_a.pk)
        ).values_list("actie_naam", flat=True)
    )
    assert {
        "Placement proposed",
        "Placement introduction",
        "Placement started",
        "Converted to paid work",
    } <= names


def test_an_employer_contact_cannot_move_a_placement(world: World) -> None:
    from spil.placements import services

    assert world.person_a is not None
    work = offer(employer_of(world))
    placement = services.propose_placement(world.user("klantmanager_a"), world.person_a, work)
    services.give_consent(
        world.user("klantmanager_a"), world.person_a, employer_of(world), ["identity"]
    )
    client = sign_in(Client(), world.user("employer_contact"))
    response = post(
        client, f"{PLACEMENTS}{placement.public_id}/introduction/", {"on": "2026-09-01"}
    )
    assert response.status_code == 403
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PROPOSED


class TestOutcomeDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work", "education")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        outcome = Outcome.objects.create(
            person=world.person_a, kind="education", started_on=date(2026, 9, 1)
        )
        return f"{OUTCOMES}{outcome.pk}/"


class _PlacementStep(PersonalDataAccessMixin):
    """A lifecycle step of a placement of person_a; refused roles leave it as it was."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work",)
    method = "post"
    step = ""
    body: dict[str, Any] = {}
    #: the steps the placement has taken before the one under test
    before: tuple[str, ...] = ()

    def url(self, world: World) -> str:
        from spil.placements import services

        assert world.person_a is not None
        km = world.user("klantmanager_a")
        placement = services.propose_placement(km, world.person_a, offer(employer_of(world)))
        if "introduction" in self.before:
            services.plan_introduction(km, placement, date(2026, 9, 1))
        if "start" in self.before:
            services.start(km, placement, date(2026, 9, 7))
        return f"{PLACEMENTS}{placement.public_id}/{self.step}/"

    def request(self, client: Client, url: str) -> Any:
        return post(client, url, self.body)


class TestPlacementIntroduction(_PlacementStep):
    step = "introduction"
    body = {"on": "2026-09-01"}


class TestPlacementStart(_PlacementStep):
    step = "start"
    body = {"on": "2026-09-07"}
    before = ("introduction",)


class TestPlacementEvaluate(_PlacementStep):
    step = "evaluate"
    body = {"on": "2026-10-07", "evaluation": "Gaat goed."}
    before = ("introduction", "start")


class TestPlacementEnd(_PlacementStep):
    step = "end"
    body = {"on": "2026-11-02", "reason": "completed", "next_step": "Opleiding"}
    before = ("introduction", "start")


class TestPlacementConvert(_PlacementStep):
    step = "convert"
    body = {"job_start": "2026-11-02"}
    before = ("introduction", "start")


class TestOutcomeEnd(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work",)
    method = "post"

    def url(self, world: World) -> str:
        assert world.person_a is not None
        self.outcome = Outcome.objects.create(
            person=world.person_a, kind="paid_job", started_on=date(2026, 6, 1), hours_per_week=32
        )
        return f"{OUTCOMES}{self.outcome.pk}/end/"

    def request(self, client: Client, url: str) -> Any:
        Outcome.objects.filter(pk=self.outcome.pk).update(ended_on=None)
        return post(client, url, {"ended_on": "2026-11-20"})


def test_ending_an_outcome_names_what_is_wrong(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    job = Outcome.objects.create(
        person=world.person_a, kind="paid_job", started_on=date(2026, 6, 1)
    )
    early = post(client, f"{OUTCOMES}{job.pk}/end/", {"ended_on": "2026-05-31"})
    assert early.status_code == 400 and "ended_on" in early.json()
    ended = post(client, f"{OUTCOMES}{job.pk}/end/", {"ended_on": "2026-11-20"})
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-11-20"
    again = post(client, f"{OUTCOMES}{job.pk}/end/", {"ended_on": "2026-11-21"})
    assert again.status_code == 400 and "ended_on" in again.json()
    certificate = Outcome.objects.create(
        person=world.person_a, kind="certificate", started_on=date(2026, 6, 1)
    )
    kept = post(client, f"{OUTCOMES}{certificate.pk}/end/", {"ended_on": "2026-11-20"})
    assert kept.status_code == 400 and "ended_on" in kept.json()
