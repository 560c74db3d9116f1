"""Access and processing-log checks for the agenda pages that change a person's data
(spil.testing.PersonalDataAccessMixin)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.testing import PersonalDataAccessMixin, World

pytestmark = pytest.mark.django_db


class TestPersonFeed(PersonalDataAccessMixin):
    """Making a person's agenda link: the service's one record, then back to their page."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("agenda:person_feed", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"action": "create"})
