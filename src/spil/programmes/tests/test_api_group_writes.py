"""MAP and PVT through the REST API: a client manager places a person of their caseload in
a group, and the trainer (or the client manager) records attendance of a session, which
credits the hours the reports count. Scoped to the caller; each change with its record."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from spil.programmes.models import Attendance, Group, GroupMember, Session
from spil.testing import PersonalDataAccessMixin, World, sign_in

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _group(world: World, *, max_size: int = 10) -> Group:
    group = Group.objects.create(
        code="map-api",
        name="MAP api",
        kind="map",
        municipality=world.gemeente_a,
        location="Bibliotheek",
        weekday="tue",
        moment="morning",
        start_time="09:00",
        end_time="12:00",
        start_date=date(2026, 11, 3),
        max_size=max_size,
    )
    group.trainers.add(world.user("trainer"))
    for number, day in ((1, 3), (2, 10), (3, 24)):
        Session.objects.create(
            group=group,
            number=number,
            starts_at=datetime(2026, 11, day, 8, tzinfo=UTC),
            ends_at=datetime(2026, 11, day, 11, tzinfo=UTC),
            hours=Decimal(3),
        )
    return group


class TestPlaceInGroup(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 201

    def url(self, world: World) -> str:
        self.person = world.person_a
        return f"/api/v1/programme-groups/{_group(world).code}/members/"

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        GroupMember.objects.filter(person=self.person).delete()
        return post(client, url, {"person": str(self.person.public_id)})


class TestRecordAttendance(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a", "trainer")
    expected_categories = ("trajectory",)
    method = "post"

    def url(self, world: World) -> str:
        assert world.person_a is not None
        self.person = world.person_a
        group = _group(world)
        GroupMember.objects.create(group=group, person=world.person_a)
        return f"/api/v1/programme-groups/{group.code}/attendance/"

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        body = {"session": 1, "person": str(self.person.public_id), "status": "present"}
        return post(client, url, body)


def test_placed_then_attending_credits_the_hours(world: World) -> None:
    assert world.person_a is not None
    group = _group(world)
    client = sign_in(Client(), world.user("klantmanager_a"))
    person = str(world.person_a.public_id)
    members = f"/api/v1/programme-groups/{group.code}/members/"
    placed = post(client, members, {"person": person})
    assert placed.status_code == 201, placed.content
    assert post(client, members, {"person": person}).status_code == 200  # already there
    attendance = f"/api/v1/programme-groups/{group.code}/attendance/"
    trainer = sign_in(Client(), world.user("trainer"))
    present = post(trainer, attendance, {"session": 1, "person": person, "status": "present"})
    assert present.status_code == 200, present.content
    assert present.json()["hours"] == "3.00"
    absent = post(
        trainer,
        attendance,
        {"session": 2, "person": person, "status": "absent", "reason": "ziek"},
    )
    assert absent.json()["hours"] == "0.00"
    marks = Attendance.objects.filter(person=world.person_a).order_by("session__number")
    assert [(m.session.number, m.status, m.hours) for m in marks] == [
        (1, "present", Decimal(3)),
        (2, "absent", Decimal(0)),
    ]


def test_writes_name_the_field_that_is_wrong(world: World) -> None:
    assert world.person_a is not None
    group = _group(world, max_size=0)
    client = sign_in(Client(), world.user("klantmanager_a"))
    person = str(world.person_a.public_id)
    full = post(client, f"/api/v1/programme-groups/{group.code}/members/", {"person": person})
    assert full.status_code == 400 and "person" in full.json()
    attendance = f"/api/v1/programme-groups/{group.code}/attendance/"
    outsider = post(client, attendance, {"session": 1, "person": person, "status": "present"})
    assert outsider.status_code == 400 and "person" in outsider.json()
    GroupMember.objects.create(group=group, person=world.person_a)
    no_session = post(client, attendance, {"session": 9, "person": person, "status": "present"})
    assert no_session.status_code == 400 and "session" in no_session.json()
    future = post(client, attendance, {"session": 3, "person": person, "status": "present"})
    assert future.status_code == 400 and "session" in future.json()
    wrong = post(client, attendance, {"session": 1, "person": person, "status": "asleep"})
    assert wrong.status_code == 400 and "status" in wrong.json()
