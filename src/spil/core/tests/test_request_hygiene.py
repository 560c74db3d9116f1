"""What a browser or client sends cannot disguise text or choose the processing log's
request id, and no page with personal data is kept in a browser or proxy cache."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.persons.models import Person
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def test_a_note_cannot_carry_a_right_to_left_override(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    response = client.post(
        reverse("persons:contact_moment", args=[world.person_a.public_id]),
        {"cm-kind": "other", "cm-notes": f"Gebeld {RLO}gnidoolb", "cm-date": "2026-11-20"},
    )
    assert response.status_code == 302
    assert list(world.person_a.contact_moments.values_list("notes", flat=True)) == [
        "Gebeld gnidoolb"
    ]


def test_the_api_drops_bidirectional_controls_from_json(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    response = client.post(
        f"/api/v1/persons/{world.person_a.public_id}/appointments/",
        {"kind": "progress", "starts_at": "2026-11-26T10:00:00+01:00", "location": f"Zaal{RLO}2"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["location"] == "Zaal2"


def test_the_client_does_not_choose_the_request_id_in_the_log(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    chosen = "attacker-chosen-request-id"
    response = client.get(
        reverse("persons:detail", args=[world.person_a.public_id]), HTTP_X_REQUEST_ID=chosen
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] != chosen
    assert not ProcessingRecord.objects.filter(request_id=chosen).exists()


def test_personal_data_pages_are_not_stored(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    page = client.get(reverse("persons:detail", args=[world.person_a.public_id]))
    assert "no-store" in page["Cache-Control"]
    assert Person.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/ketenoverleg/reeks/nieuw/?programme=UP%00",  # a filter read without a form
        "/personen/beroepen/zoeken/?field=occupation&occupation__q=kok%00",  # a picker
        "/personen/?q=Jan%00",  # a search read through its form
    ],
)
def test_a_null_character_in_a_page_address_is_a_friendly_400(world: World, url: str) -> None:
    # PostgreSQL stores no NUL in text: compared with a column it was a server error there.
    client = sign_in(
        Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="nl"),
        world.user("klantmanager_a"),
    )
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode()


def test_a_null_character_in_a_posted_form_is_a_friendly_400(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    response = client.post(
        reverse("persons:contact_moment", args=[world.person_a.public_id]),
        {"cm-kind": "other", "cm-notes": "Gebeld\x00", "cm-date": "2026-11-20"},
    )
    assert response.status_code == 400
    assert not world.person_a.contact_moments.exists()
