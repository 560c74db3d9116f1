"""Errors are said plainly, in the user's language: never a debug or default page."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_a_too_large_note_gets_a_plain_413_page(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    response = client.post(
        reverse("persons:contact_moment", args=[world.person_a.public_id]),
        {"cm-kind": "other", "cm-date": "2026-11-20", "cm-notes": "x" * (2 * 1024 * 1024)},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Te veel om in één keer te versturen" in page
    assert "1 MB" in page
    assert world.person_a.contact_moments.count() == 0
