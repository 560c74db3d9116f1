"""The municipality chooses which MAP themes are e-learning, per template or MAP group."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.elearning import services
from spil.elearning.models import Setting
from spil.elearning.tests.support import THEMES
from spil.portal.tests.support import portal_world
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_the_klantmanager_sets_almere_five_themes_in_nine_weeks(world: World) -> None:
    services.load_starter()
    group = portal_world(world)
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    overview = client.get(reverse("elearning:schedules")).content.decode()
    assert group.name in overview
    url = reverse("elearning:schedule_edit", args=["group", group.pk])
    wrong = client.post(
        url, {"themes": THEMES, "window_weeks": "9", "counts_as_practice_hours": "on"}
    )
    assert wrong.status_code == 400
    assert "Give the most hours a module can count for." in wrong.content.decode()
    assert not Setting.objects.exists()
    saved = client.post(
        url,
        {
            "themes": THEMES,
            "window_weeks": "9",
            "counts_as_practice_hours": "on",
            "cap_hours_per_module": "2",
        },
    )
    assert saved.status_code == 302
    setting = Setting.objects.get(group=group)
    assert setting.themes == THEMES and setting.window_weeks == 9
    assert "werkcultuur" in client.get(reverse("elearning:schedules")).content.decode()
    client.post(url, {"clear": "1"})
    assert not Setting.objects.filter(group=group).exists()


def test_others_cannot_choose(world: World) -> None:
    group = portal_world(world)
    for key in ("trainer", "partner_staff", "beleidsmedewerker", "buddy"):
        client = sign_in(Client(), world.user(key))
        assert client.get(reverse("elearning:schedules")).status_code == 403, key
    other = sign_in(Client(), world.user("klantmanager_b"))
    url = reverse("elearning:schedule_edit", args=["group", group.pk])
    assert other.post(url, {"clear": "1"}).status_code == 404  # another municipality's group
