"""A query parameter that does not parse is a 400 naming it, on every list endpoint that
filters by person or date, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client

from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db

PERSON_FILTERED = [
    "/api/v1/tasks/",
    "/api/v1/appointments/",
    "/api/v1/trajectories/",
    "/api/v1/intakes/",
    "/api/v1/pip-versions/",
]


@pytest.mark.parametrize("url", PERSON_FILTERED)
def test_a_person_that_is_no_uuid_is_refused_by_name(world: World, url: str) -> None:
    api = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    response = api.get(url, {"person": "999990019"})
    assert response.status_code == 400
    assert list(response.json()) == ["person"]
    assert world.person_a is not None
    assert api.get(url, {"person": str(world.person_a.public_id)}).status_code == 200


def test_a_date_that_does_not_parse_is_refused_by_name(world: World) -> None:
    api = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    for value in ("23-11-2026", "2026-02-30"):
        response = api.get("/api/v1/appointments/", {"to": value})
        assert response.status_code == 400 and list(response.json()) == ["to"]
