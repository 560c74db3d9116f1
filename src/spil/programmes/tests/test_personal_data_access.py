"""Access and processing-log checks for every programmes page that shows or changes a
person's data (spil.testing.PersonalDataAccessMixin)."""

from __future__ import annotations

import io
import itertools
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.duo.tests.support import make_env
from spil.programmes.models import Group, WaitingEntry
from spil.programmes.tests.support import make_group
from spil.testing import PersonalDataAccessMixin, World
from spil_dev.duo_sandbox import sandbox_tools

pytestmark = pytest.mark.django_db


def _group(world: World) -> Group:
    existing = Group.objects.filter(code="map-aadorp").first()
    return existing or make_group(world)


class TestPersonProgrammePage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a", "trainer")
    expected_categories = ("identity", "trajectory", "language")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        _group(world)  # the trainer trains person_a's group
        return reverse("programmes:person", args=[world.person_a.public_id])


class TestGroupPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a", "trainer")
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        return reverse("programmes:group", args=[_group(world).code])


class TestAttendancePage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a", "trainer")
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        return reverse("programmes:attendance", args=[_group(world).code, 1])


class TestAttendanceSave(PersonalDataAccessMixin):
    """Saving attendance: the service's one record, then a redirect."""

    allowed_roles = ("klantmanager_a", "trainer")
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        return reverse("programmes:attendance", args=[_group(world).code, 1])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"everyone": "present"})


class TestAssignmentPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")
    list_endpoint = True

    def url(self, world: World) -> str:
        assert world.person_a is not None
        _group(world)
        WaitingEntry.objects.get_or_create(
            person=world.person_a,
            kind="map",
            defaults={
                "waiting_since": date(2026, 6, 1),
                "earliest_start": date(2026, 6, 1),
                "available": ["tue-morning"],
                "locations": ["Aadorp"],
            },
        )
        return reverse("programmes:assignment") + "?kind=map"


class _Post(PersonalDataAccessMixin):
    method = "post"
    success_status = 302
    data: dict[str, Any] = {}

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, self.data)


class TestEnrol(_Post):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("programmes:enrol", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        from spil.programmes.models import ProgrammeTemplate

        template = ProgrammeTemplate.objects.get(code="almere-map-b1")
        return client.post(url, {"template": template.pk, "start_date": "2026-09-07"})


class TestWait(_Post):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    data = {
        "kind": "map",
        "available": ["tue-morning", "thu-evening"],
        "locations": "Aadorp, Bedorp",
        "earliest_start": "2026-09-01",
    }

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("programmes:wait", args=[world.person_a.public_id])


class TestResultToDuo(_Post):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    data = {"kind": "pvt", "on": "2025-01-06", "verwijtbaar": ""}

    @pytest.fixture(autouse=True)
    def _duo(self, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
        assert world.person_a is not None
        env = make_env(world, monkeypatch)
        sandbox_tools.ensure_person(
            env.store, world.person_a.bsn, env.a, plicht_begindatum=date(2024, 1, 8)
        )
        env.store.seed_pip(
            world.person_a.bsn,
            env.a,
            {"dagtekeningPip": "2024-03-01", "leerroute": "B", "niveau": "B1"},
            date(2024, 3, 1),
        )

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("programmes:result", args=[world.person_a.public_id])


_lines = itertools.count(1)


class TestUpload(_Post):
    """A language school's upload about a member of one of its groups."""

    allowed_roles = ("partner_staff", "trainer")
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        _group(world)
        return reverse("programmes:upload")

    def request(self, client: Client, url: str) -> Any:
        from spil.programmes.tests.support import school

        day = date(2026, 9, next(_lines))
        upload = io.BytesIO(f"bsn;date;status;hours\n999990019;{day};present;3\n".encode())
        upload.name = "week.csv"
        provider = school()
        return client.post(url, {"provider": provider.pk, "file": upload})
