"""A client manager gives their own phone number on the account page: DUO gets it as the
contactpersoon of their people (DUO's pattern checked when entered)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.testing import World, sign_in
from spil.testing_i18n import _english  # noqa: F401

pytestmark = pytest.mark.django_db
URL = reverse("accounts:account")


def test_the_client_manager_sets_and_clears_their_phone_number(world: World) -> None:
    user = world.user("klantmanager_a")
    client = sign_in(Client(), user)
    assert "Phone number" in client.get(URL).content.decode()
    response = client.post(URL, {"phone": "+31 (0)30 123 4567"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == "+31 (0)30 123 4567"
    client.post(URL, {"phone": ""})
    user.refresh_from_db()
    assert user.phone == ""


def test_the_account_page_shows_the_phone_form_once_under_a_plain_title(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    page = client.get(URL).content.decode()
    assert "<title>My account · Spil</title>" in page
    assert page.count('name="phone"') == 1


def test_a_phone_number_duo_would_refuse_is_not_saved(world: World) -> None:
    user = world.user("klantmanager_a")
    client = sign_in(Client(), user)
    response = client.post(URL, {"phone": "call me"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_phone"' in page
    assert "Enter a phone number of digits" in page
    user.refresh_from_db()
    assert user.phone == ""


def test_the_functioneel_beheerder_sets_the_municipalitys_general_number(world: World) -> None:
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    url = reverse("accounts:municipal_choices")
    data = {
        "municipality": str(world.gemeente_a.pk),
        "pvt_hours": "",
        "pvt_hours_decision": "",
        "aftercare_months": "",
        "aftercare_months_decision": "",
    }
    refused = client.post(url, {**data, "general_phone": "030-CALL"})
    assert refused.status_code == 400
    assert 'href="#id_general_phone"' in refused.content.decode()
    assert client.post(url, {**data, "general_phone": "030 123 4567"}).status_code == 302
    world.gemeente_a.refresh_from_db()
    assert world.gemeente_a.phone == "030 123 4567"
    page = client.get(url, {"gemeente": world.gemeente_a.pk}).content.decode()
    assert 'value="030 123 4567"' in page
