"""The intake asks the means of transport, the maximum travel time and the need for
childcare; the PIP's intake summary shows them and matching and group planning read them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.intake import services
from spil.intake.models import Intake
from spil.intake.presentation import intake_summary
from spil.intake.queries import matching_profile, practical_situation
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def km(world: World) -> Client:
    return sign_in(Client(), world.user("klantmanager_a"))


def test_the_life_step_records_transport_travel_time_and_childcare(
    world: World, km: Client
) -> None:
    person = world.person_a
    assert person is not None
    km.post(reverse("intake:start", args=[person.public_id]))
    url = reverse("intake:step", args=[person.public_id, "leefsituatie"])
    page = km.get(url).content.decode()
    assert "Means of transport" in page and "Maximum travel time one way (minutes)" in page
    assert "Day-parts childcare is arranged" in page
    response = km.post(
        url,
        {
            "transport": "public_transport",
            "max_travel_minutes": "40",
            "childcare_needed": "yes",
            "childcare_dayparts": ["mon-morning", "wed-morning"],
            "_stop": "",
        },
    )
    assert response.status_code == 302
    intake = Intake.objects.get(person=person)
    assert practical_situation(person) == {
        "transport": "public_transport",
        "max_travel_minutes": 40,
        "childcare_dayparts": ["mon-morning", "wed-morning"],
    }
    profile = matching_profile(person)
    assert profile["transport"] == "public_transport"
    assert profile["max_travel_minutes"] == 40
    rows = dict(intake_summary(intake))
    assert rows["Travel"] == "Public transport, at most 40 minutes one way"
    assert rows["Childcare"] == "Needed; arranged on Monday morning, Wednesday morning"
    # the form remembers the answers
    again = km.get(url).content.decode()
    assert 'value="mon-morning"' in again and "checked" in again


def test_a_travel_time_outside_the_range_is_refused_with_the_field_named(
    world: World, km: Client
) -> None:
    person = world.person_a
    assert person is not None
    km.post(reverse("intake:start", args=[person.public_id]))
    url = reverse("intake:step", args=[person.public_id, "leefsituatie"])
    response = km.post(url, {"max_travel_minutes": "600", "_stop": ""})
    assert response.status_code == 200
    assert "Maximum travel time one way (minutes)" in response.content.decode()
    assert practical_situation(person) == {}


def test_no_childcare_needed_and_no_transport_known(world: World) -> None:
    person = world.person_a
    assert person is not None
    intake = services.start_intake(person, actor=world.user("klantmanager_a"))
    services.save_step(
        intake, "leefsituatie", {"childcare_needed": "no"}, actor=world.user("klantmanager_a")
    )
    assert practical_situation(person) == {}
    assert dict(intake_summary(intake))["Childcare"] == "Not needed"
    assert "Travel" not in dict(intake_summary(intake))
