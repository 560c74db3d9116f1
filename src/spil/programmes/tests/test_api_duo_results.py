"""MAP and PVT results through the REST API: the client manager sends the final meeting
or the signed participation statement to DUO; Spil checks DUO's culpability rules first and
names the field; the result is kept (what the MAP and PVT report counts as completed)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from spil.duo.tests.support import make_env
from spil.programmes.models import DuoResult
from spil.testing import PersonalDataAccessMixin, World, sign_in
from spil_dev.duo_sandbox import sandbox_tools

pytestmark = pytest.mark.django_db

RESULTS = "/api/v1/duo-results/"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture(autouse=True)
def _duo(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
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


class TestSendResult(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 201

    def url(self, world: World) -> str:
        self.person = world.person_a
        return RESULTS

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        body = {"person": str(self.person.public_id), "kind": "pvt", "on": "2025-01-06"}
        return post(client, url, body)


def test_a_signed_participation_statement_reaches_duo_and_counts(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    person = str(world.person_a.public_id)
    sent = post(client, RESULTS, {"person": person, "kind": "pvt", "on": "2025-01-06"})
    assert sent.status_code == 201, sent.content
    assert sent.json()["kind"] == "pvt" and sent.json()["on"] == "2025-01-06"
    result = DuoResult.objects.get(person=world.person_a, kind="pvt")
    assert result.on == date(2025, 1, 6)
    future = post(client, RESULTS, {"person": person, "kind": "map", "on": "2030-01-01"})
    assert future.status_code == 400 and "on" in future.json()
    culpable = post(
        client, RESULTS, {"person": person, "kind": "map", "on": "2025-01-06", "verwijtbaar": "Ja"}
    )
    assert culpable.status_code == 400 and "verwijtbaar" in culpable.json()
    wrong = post(client, RESULTS, {"person": person, "kind": "exam", "on": "2025-01-06"})
    assert wrong.status_code == 400 and "kind" in wrong.json()
