from __future__ import annotations

import pytest
from django.test import Client

from spil.audit.models import ProcessingRecord
from spil.programmes.tests.support import make_group
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_templates_api(world: World) -> None:
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    response = client.get("/api/v1/programme-templates/almere-map-b1/")
    assert response.status_code == 200
    data = response.json()
    assert [p["duration_weeks"] for p in data["phases"]] == [13, 13]
    listing = sign_in(Client(), world.user("buddy")).get("/api/v1/programme-templates/")
    assert listing.status_code == 200
    body = listing.json()
    assert (body["results"] if isinstance(body, dict) else body) == []


def test_groups_api_has_no_participants(world: World) -> None:
    assert world.person_a is not None
    make_group(world)
    response = sign_in(Client(), world.user("trainer")).get("/api/v1/programme-groups/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "map-aadorp" in text and world.person_a.family_name not in text
    assert not ProcessingRecord.objects.exists()
    other = sign_in(Client(), world.user("klantmanager_b")).get("/api/v1/programme-groups/")
    assert "map-aadorp" not in other.content.decode()
