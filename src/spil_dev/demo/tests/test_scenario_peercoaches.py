"""The demo's peer coaches: three coaches who speak Tigrinya, Arabic and Dari, assigned with
consent to newcomers of Gorinchem who speak their language; the `buddy` demo login is Yonas,
who sees his person and his logged hours."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import User
from spil.peercoaches.models import Activity, Assignment, PeerCoach
from spil.testing import morning_of, sign_in
from spil_dev.demo import scenario_peercoaches
from spil_dev.demo.data import load_demo_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 20)


@pytest.fixture(autouse=True)
def _the_clock_shows_today(clock: Any) -> None:
    clock.move_to(morning_of(TODAY))


def test_the_demo_coaches_speak_their_newcomers_language() -> None:
    load_demo_data()
    first = scenario_peercoaches.load(TODAY)
    assert first["peer_coach_assignments"] >= 2
    assert scenario_peercoaches.load(TODAY) == {"peer_coach_assignments": 0}  # idempotent
    assert PeerCoach.objects.count() == 3
    for assignment in Assignment.objects.select_related("coach", "person"):
        assert assignment.person.preferred_language in assignment.coach.languages
    yonas = PeerCoach.objects.get(display_name="Yonas Tesfay")
    assert Activity.objects.filter(assignment__coach=yonas).count() == 3

    client = sign_in(Client(), User.objects.get(username="buddy"))
    people = client.get(reverse("peercoaches:my_people"))
    person = Assignment.objects.get(coach=yonas).person
    assert person.family_name in people.content.decode()
    hours = client.get(reverse("peercoaches:my_hours") + "?month=2026-10")
    body = hours.content.decode()
    assert "<dd>5,00</dd>" in body and "<dd>92,50</dd>" in body  # 150+90+60 min at € 18,50
