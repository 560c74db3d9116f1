"""A query parameter that does not parse is a 400 naming it, on every list endpoint that
filters by person or date, never a server error; so is a NUL character in any text the
API reads (in its path: a 404, no object has such an identifier)."""

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


# PostgreSQL stores no NUL character (U+0000) in text: a query comparing with one was a
# server error there. These answer the same on SQLite, where it went unnoticed.
NUL = "\x00"


def test_a_null_character_in_a_body_field_is_refused_by_name(world: World) -> None:
    assert world.person_a is not None
    api = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    response = api.post(
        f"/api/v1/persons/{world.person_a.public_id}/appointments/",
        {"kind": "progress", "starts_at": "2026-11-26T10:00:00+01:00", "location": f"Zaal{NUL}2"},
        content_type="application/json",
    )
    assert response.status_code == 400 and list(response.json()) == ["location"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/persons/", "q"),
        ("/api/v1/tasks/", "person"),
        ("/api/v1/appointments/", "to"),
        ("/api/v1/persons/", "page"),
    ],
)
def test_a_null_character_in_a_query_parameter_is_refused_by_name(
    world: World, url: str, name: str
) -> None:
    assert world.person_a is not None
    api = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    response = api.get(url, {name: f"Jan{NUL}"})
    assert response.status_code == 400 and list(response.json()) == [name]
    # the message a body field with one gets
    body = api.post(
        f"/api/v1/persons/{world.person_a.public_id}/appointments/",
        {"kind": "progress", "starts_at": "2026-11-26T10:00:00+01:00", "location": NUL},
        content_type="application/json",
    )
    assert response.json()[name] == body.json()["location"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programme-templates/{code}%00/",
        "/api/v1/programme-groups/{code}%00/",
    ],
)
def test_a_null_character_in_an_identifier_names_no_object(world: World, url: str) -> None:
    api = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    response = api.get(url.format(code="NT2"))
    assert response.status_code == 404 and list(response.json()) == ["detail"]
    assert response["Content-Type"] == "application/json"


def test_a_null_character_in_an_identifier_that_is_written_to_names_no_object(
    world: World,
) -> None:
    api = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    response = api.post(
        "/api/v1/programme-groups/G%00/members/",
        {"person": str(world.person_a.public_id) if world.person_a else ""},
        content_type="application/json",
    )
    assert response.status_code == 404 and list(response.json()) == ["detail"]
