"""The PIP through the REST API: the client manager makes the draft and establishes it on
its date; DUO's and the Wi2021's checks name the field they refuse, the PIP goes to DUO,
and the trajectory has the PIP's date the reports count (DUO notification → PIP)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from spil.audit.models import ProcessingRecord
from spil.plans.models import DuoStatus, Pip, PipVersion
from spil.plans.tests.support import new_trajectory, sandbox
from spil.testing import PersonalDataAccessMixin, World, sign_in
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db

VERSIONS = "/api/v1/pip-versions/"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture(autouse=True)
def _duo(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    duo = sandbox(monkeypatch, world.gemeente_a, world.gemeente_b)
    assert world.person_a is not None
    duo.register(world.person_a)
    new_trajectory(world.person_a)


class TestPipDraftCreate(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 201

    def url(self, world: World) -> str:
        self.person = world.person_a
        return VERSIONS

    def request(self, client: Client, url: str) -> Any:
        assert self.person is not None
        Pip.objects.filter(person=self.person).delete()
        body = {"person": str(self.person.public_id), "leerroute": "b1", "niveau": "B1"}
        return post(client, url, body)


class TestPipEstablish(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    method = "post"

    def url(self, world: World) -> str:
        client = sign_in(Client(), world.user("klantmanager_a"))
        assert world.person_a is not None
        body = {"person": str(world.person_a.public_id), "leerroute": "b1", "niveau": "B1"}
        draft = post(client, VERSIONS, body).json()
        return f"{VERSIONS}{draft['id']}/establish/"

    def request(self, client: Client, url: str) -> Any:
        return post(client, url, {"dagtekening": "2026-03-02"})

    def test_authorised_access_writes_one_processing_record(
        self, world: World, client: Client
    ) -> None:
        url = self.url(world)
        before = set(ProcessingRecord.objects.values_list("pk", flat=True))
        response = self.request(sign_in(Client(), world.user("klantmanager_a")), url)
        assert response.status_code == 200, response.content
        new = ProcessingRecord.objects.exclude(pk__in=before)
        assert new.count() == 2, "one record for the decision, one for the exchange with DUO"
        records = {r.purpose_code: r for r in new}
        assert records["regie_inburgering"].actie_naam.endswith("established")
        assert set(records["duo_gegevensuitwisseling"].data_categories) == {"bsn", "trajectory"}


def test_a_pip_made_and_established_through_the_api(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    person = str(world.person_a.public_id)
    made = post(client, VERSIONS, {"person": person, "leerroute": "b1", "niveau": "B1"})
    assert made.status_code == 201, made.content
    draft = made.json()
    assert (draft["status"], draft["leerroute"], draft["niveau"]) == ("draft", "b1", "B1")
    again = post(client, VERSIONS, {"person": person, "leerroute": "z"})
    assert again.status_code == 200 and again.json()["id"] == draft["id"]
    establish = f"{VERSIONS}{draft['id']}/establish/"
    early = post(client, establish, {"dagtekening": "2020-01-01"})
    assert early.status_code == 400 and "dagtekening" in early.json()
    done = post(client, establish, {"dagtekening": "2026-03-02"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "vastgesteld"
    assert done.json()["duo_status"] == DuoStatus.ACCEPTED
    trajectory = Trajectory.objects.get(person=world.person_a)
    assert trajectory.pip_dagtekening == date(2026, 3, 2)
    twice = post(client, establish, {"dagtekening": "2026-03-03"})
    assert twice.status_code == 400 and "status" in twice.json()
    assert PipVersion.objects.filter(pip__person=world.person_a).count() == 1
    wrong = post(client, VERSIONS, {"person": person, "leerroute": "c3"})
    assert wrong.status_code == 400 and "leerroute" in wrong.json()
