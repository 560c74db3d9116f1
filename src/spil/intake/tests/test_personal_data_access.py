"""Every intake page and action: only the roles allowed get through, and each allowed
request leaves exactly one processing record naming persons and categories."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from spil.intake import services
from spil.intake.models import Intake
from spil.testing import PersonalDataAccessMixin, World


def _intake(world: World) -> Intake:
    assert world.person_a is not None
    return services.start_intake(world.person_a, actor=world.user("klantmanager_a"))


class TestIntakeOverview(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("intake:overview", args=[world.person_a.public_id])


class TestIntakeStart(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("intake:start", args=[world.person_a.public_id])


class TestIntakeStepPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "education")

    def url(self, world: World) -> str:
        intake = _intake(world)
        return reverse("intake:step", args=[intake.person.public_id, "opleiding"])


class TestIntakeStepSave(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("work",)
    success_status = 302

    def url(self, world: World) -> str:
        intake = _intake(world)
        return reverse("intake:step", args=[intake.person.public_id, "werk"])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"years_1": "3", "country_1": "Syrië", "_next": ""})


class TestHealthPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "health")

    def url(self, world: World) -> str:
        intake = _intake(world)
        return reverse("intake:health", args=[intake.person.public_id])


class TestHealthSave(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("health",)
    success_status = 302

    def url(self, world: World) -> str:
        intake = _intake(world)
        return reverse("intake:health", args=[intake.person.public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"bodily_functions": "7", "notes": "rugklachten"})
