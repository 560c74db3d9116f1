"""The portal's demo newcomers: an Arabic- and a Tigrinya-speaking newcomer of Gorinchem in
the running MAP group, who sign in through the DigiD mock and see their next session."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.programmes.models import Group
from spil.testing import morning_of
from spil_dev.demo import scenario_portal, scenario_programmes
from spil_dev.demo.data import load_demo_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 5)


@pytest.fixture(autouse=True)
def _the_clock_shows_today(clock: Any) -> None:
    clock.move_to(morning_of(TODAY))


def test_the_demo_newcomers_sign_in_and_see_their_next_session() -> None:
    load_demo_data()
    scenario_programmes.load(TODAY)
    first = scenario_portal.load(TODAY)
    newcomers = scenario_portal.portal_newcomers()
    assert [p.preferred_language for p in newcomers] == ["ara", "tir"]
    group = Group.objects.get(code=scenario_portal.GROUP)
    assert {p.pk for p in newcomers} <= set(group.members.values_list("person_id", flat=True))
    assert scenario_portal.load(TODAY) == {"portal_newcomers_in_group": 0}
    assert first["portal_newcomers_in_group"] <= 2
    for person in newcomers:
        client = Client()
        start = client.post(reverse("portal:digid_start"))
        back = client.post(start["Location"], {"bsn": person.bsn})
        client.get(back["Location"])
        page = client.get(reverse("portal:home")).content.decode()
        assert group.name in page


def test_the_demo_e_learning_newcomer_is_part_way() -> None:
    from spil.elearning import queries  # the e-learning part's own check
    from spil_dev.demo import scenario_elearning

    load_demo_data()
    scenario_programmes.load(TODAY)
    scenario_portal.load(TODAY)
    first = scenario_elearning.load(TODAY)
    assert first["elearning_modules"] == 8, first
    person = scenario_elearning.elearning_newcomer()
    assert person is not None
    plan = queries.plan_for(person)
    assert plan is not None, first
    assert plan.done_count == 2 and len(plan.modules) == 5
    assert scenario_elearning.load(TODAY)["elearning_modules_done"] == 0
