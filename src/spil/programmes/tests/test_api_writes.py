"""Enrolments and language results through the REST API: scoped to the caller, each
change and each response with its processing record."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from spil.audit.models import ProcessingRecord
from spil.programmes.models import Enrolment, EnrolmentStatus, LanguageResult
from spil.testing import PersonalDataAccessMixin, World, logged_person_ids, sign_in

pytestmark = pytest.mark.django_db

ENROLMENTS = "/api/v1/enrolments/"
RESULTS = "/api/v1/language-results/"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


class TestEnrolmentCreate(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 201

    def url(self, world: World) -> str:
        self.person = world.person_a
        return ENROLMENTS

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        body = {
            "person": str(self.person.public_id),
            "template": "dordrecht-drechtsteden",
            "start_date": "2026-09-02",
        }
        Enrolment.objects.filter(person=self.person).delete()  # each role starts afresh
        return post(client, url, body)


class TestEnrolmentList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    list_endpoint = True

    def url(self, world: World) -> str:
        assert world.person_a is not None
        Enrolment.objects.create(
            person=world.person_a,
            template_id=_template_id("dordrecht-drechtsteden"),
            start_date=date(2026, 9, 7),
        )
        return ENROLMENTS


class TestLanguageResultCreate(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("language",)
    method = "post"
    success_status = 201

    def url(self, world: World) -> str:
        self.person = world.person_a
        return RESULTS

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        LanguageResult.objects.filter(person=self.person).delete()
        body = {
            "person": str(self.person.public_id),
            "skill": "reading",
            "level": "A2",
            "on": "2026-10-01",
        }
        return post(client, url, body)


def _template_id(code: str) -> int:
    from spil.programmes.models import ProgrammeTemplate

    return ProgrammeTemplate.objects.get(code=code).pk


def test_enrol_then_complete_the_programme(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert world.person_a is not None
    created = post(
        client,
        ENROLMENTS,
        {
            "person": str(world.person_a.public_id),
            "template": "taalsnelweg-naar-werk",
            "start_date": "2026-09-02",  # a Wednesday: the week plan starts on Monday
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["start_date"] == "2026-08-31" and body["status"] == "active"
    enrolment = Enrolment.objects.get(pk=body["id"])
    assert enrolment.items.exists()  # the week plan
    ended = post(
        client, f"{ENROLMENTS}{enrolment.pk}/end/", {"status": "completed", "on": "2026-11-20"}
    )
    assert ended.status_code == 200, ended.content
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_on) == (EnrolmentStatus.COMPLETED, date(2026, 11, 20))
    again = post(
        client, f"{ENROLMENTS}{enrolment.pk}/end/", {"status": "stopped", "on": "2026-11-21"}
    )
    assert again.status_code == 400 and "status" in again.json()
    record = ProcessingRecord.objects.filter(actie_naam="Programme completed").get()
    assert sorted(logged_person_ids(record)) == [world.person_a.pk]


def test_enrolment_refuses_an_unknown_template_and_an_early_end(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert world.person_a is not None
    person = str(world.person_a.public_id)
    unknown = post(
        client, ENROLMENTS, {"person": person, "template": "nope", "start_date": "2026-09-07"}
    )
    assert unknown.status_code == 400 and "template" in unknown.json()
    created = post(
        client,
        ENROLMENTS,
        {"person": person, "template": "dordrecht-drechtsteden", "start_date": "2026-09-07"},
    ).json()
    early = post(
        client, f"{ENROLMENTS}{created['id']}/end/", {"status": "stopped", "on": "2026-09-01"}
    )
    assert early.status_code == 400 and "on" in early.json()


def test_a_language_result_again_is_unchanged_and_a_new_level_corrects_it(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert world.person_a is not None
    body = {
        "person": str(world.person_a.public_id),
        "skill": "writing",
        "level": "A1",
        "on": "2026-10-01",
    }
    assert post(client, RESULTS, body).status_code == 201
    assert post(client, RESULTS, body).status_code == 200
    corrected = post(client, RESULTS, {**body, "level": "A2"})
    assert corrected.status_code == 200 and corrected.json()["level"] == "A2"
    assert LanguageResult.objects.get(person=world.person_a).level == "A2"
    invalid = post(client, RESULTS, {**body, "level": "D9"})
    assert invalid.status_code == 400 and "level" in invalid.json()


def test_a_trainer_records_results_for_members_of_their_group(world: World) -> None:
    from spil.programmes.models import Group, GroupMember

    trainer = world.user("trainer")
    assert world.person_a is not None
    group = Group.objects.create(
        code="map-1",
        name="MAP 1",
        kind="map",
        municipality=world.gemeente_a,
        location="Bibliotheek",
        weekday="tue",
        moment="morning",
        start_time="09:00",
        end_time="12:00",
        start_date=date(2026, 9, 1),
    )
    group.trainers.add(trainer)
    GroupMember.objects.create(group=group, person=world.person_a)
    client = sign_in(Client(), trainer)
    body = {
        "person": str(world.person_a.public_id),
        "skill": "speaking",
        "level": "A2",
        "on": "2026-10-01",
    }
    response = post(client, RESULTS, body)
    assert response.status_code == 201, response.content
    assert response.json()["provider"] == "Taalschool"  # the trainer's language school


def _enrolment(world: World) -> Enrolment:
    assert world.person_a is not None
    return Enrolment.objects.create(
        person=world.person_a,
        template_id=_template_id("dordrecht-drechtsteden"),
        start_date=date(2026, 9, 7),
    )


class TestEnrolmentDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        return f"{ENROLMENTS}{_enrolment(world).pk}/"


class TestEnrolmentEnd(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"

    def url(self, world: World) -> str:
        return f"{ENROLMENTS}{_enrolment(world).pk}/end/"

    def request(self, client: Client, url: str) -> Any:
        return post(client, url, {"status": "stopped", "on": "2026-11-02"})


def _result(world: World) -> LanguageResult:
    assert world.person_a is not None
    return LanguageResult.objects.create(
        person=world.person_a, skill="listening", level="A1", on=date(2026, 9, 1)
    )


class TestLanguageResultList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("language",)
    list_endpoint = True

    def url(self, world: World) -> str:
        _result(world)
        return RESULTS


class TestLanguageResultDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("language",)

    def url(self, world: World) -> str:
        return f"{RESULTS}{_result(world).pk}/"
