"""The broad intake through the REST API: a client manager starts it, records the CEFR
levels of the language step and completes it with the focus, on the day of the
conversation; the reports count the completion day and the levels."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from spil.intake import queries
from spil.intake.api.serializers import INTAKE_CEFR_LEVELS
from spil.intake.models import Intake, IntakeStatus
from spil.intake.steps import CEFR
from spil.testing import PersonalDataAccessMixin, World, sign_in

pytestmark = pytest.mark.django_db

INTAKES = "/api/v1/intakes/"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


class TestStartIntake(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 201

    def url(self, world: World) -> str:
        self.person = world.person_a
        return INTAKES

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        Intake.objects.filter(person=self.person).delete()
        return post(client, url, {"person": str(self.person.public_id)})


class TestIntakeLanguage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("language",)
    method = "post"

    def url(self, world: World) -> str:
        assert world.person_a is not None
        intake = Intake.objects.create(person=world.person_a)
        return f"{INTAKES}{intake.pk}/language/"

    def request(self, client: Client, url: str) -> Any:
        return post(client, url, {"listening": "A1", "speaking": "A0"})


class TestIntakeComplete(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"

    def url(self, world: World) -> str:
        assert world.person_a is not None
        self.intake = Intake.objects.create(person=world.person_a)
        return f"{INTAKES}{self.intake.pk}/complete/"

    def request(self, client: Client, url: str) -> Any:
        Intake.objects.filter(pk=self.intake.pk).update(status=IntakeStatus.IN_PROGRESS)
        return post(client, url, {"focus": "education"})


def test_start_record_levels_and_complete_on_the_day_of_the_conversation(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    started = post(client, INTAKES, {"person": str(world.person_a.public_id)})
    assert started.status_code == 201, started.content
    intake_id = started.json()["id"]
    again = post(client, INTAKES, {"person": str(world.person_a.public_id)})
    assert again.status_code == 200 and again.json()["id"] == intake_id
    levels = {"listening": "A2", "speaking": "A1", "reading": "0", "writing": ""}
    language = post(client, f"{INTAKES}{intake_id}/language/", levels)
    assert language.status_code == 200, language.content
    assert language.json()["answers"]["taal"]["listening"] == "A2"
    day = timezone.localdate().replace(day=2)
    done = post(
        client,
        f"{INTAKES}{intake_id}/complete/",
        {"focus": "participation", "completed_on": day.isoformat()},
    )
    assert done.status_code == 200, done.content
    intake = Intake.objects.get(pk=intake_id)
    assert intake.status == IntakeStatus.COMPLETED and intake.focus == "participation"
    facts = queries.report_intakes(type(world.person_a).objects.filter(pk=world.person_a.pk))
    fact = facts[world.person_a.pk]
    assert fact.completed_on == day
    assert fact.levels == {"listening": "A2", "speaking": "A1", "reading": "A0"}
    twice = post(client, f"{INTAKES}{intake_id}/complete/", {"focus": "education"})
    assert twice.status_code == 400 and "focus" in twice.json()


def test_wrong_values_are_named(world: World) -> None:
    # The API takes exactly the levels the language step of the application takes.
    assert set(INTAKE_CEFR_LEVELS) == {value for value, _label in CEFR if value}
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    intake_id = post(client, INTAKES, {"person": str(world.person_a.public_id)}).json()["id"]
    level = post(client, f"{INTAKES}{intake_id}/language/", {"reading": "D9"})
    assert level.status_code == 400 and "reading" in level.json()
    focus = post(client, f"{INTAKES}{intake_id}/complete/", {"focus": "holiday"})
    assert focus.status_code == 400 and "focus" in focus.json()
    future = post(
        client,
        f"{INTAKES}{intake_id}/complete/",
        {"focus": "education", "completed_on": date(2030, 1, 1).isoformat()},
    )
    assert future.status_code == 400 and "completed_on" in future.json()
    unknown = post(client, INTAKES, {"person": "00000000-0000-4000-8000-000000000000"})
    assert unknown.status_code == 404
