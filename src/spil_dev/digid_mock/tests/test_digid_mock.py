"""The DigiD mock: asks for a valid (synthetic) BSN and sends the browser back to the
portal only, never to another site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.portal import digid
from spil_dev.digid_mock.backend import SESSION_KEY, MockDigidBackend

pytestmark = pytest.mark.django_db


def test_the_mock_is_the_portals_digid_backend() -> None:
    assert isinstance(digid.backend(), MockDigidBackend)


def test_a_valid_bsn_goes_back_to_the_portal(client: Client) -> None:
    response = client.post(
        reverse("digid_mock:login"), {"bsn": "999990019", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:digid_return")
    assert client.session[SESSION_KEY] == "999990019"


def test_an_invalid_bsn_stays_on_the_page(client: Client) -> None:
    response = client.post(reverse("digid_mock:login"), {"bsn": "999990018"})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
