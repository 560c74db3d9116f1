"""The demo's access bases: the taalschool sees exactly the newcomers in its groups, the
re-integration company whose agreement ended sees nobody, and the Arabic-speaking portal
newcomer has one consent given and one asked."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import User
from spil.persons.models import AccessBasis
from spil.programmes.models import GroupMember
from spil.testing import morning_of, sign_in
from spil_dev.demo import scenario_access, scenario_consents, scenario_portal, scenario_programmes
from spil_dev.demo.data import load_demo_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 5)


@pytest.fixture(autouse=True)
def _the_clock_shows_today(clock: Any) -> None:
    clock.move_to(morning_of(TODAY))


def test_the_taalschool_sees_exactly_its_group_members() -> None:
    load_demo_data()
    assert scenario_access.load(TODAY) == {"agreements": 6}
    scenario_programmes.load(TODAY)
    scenario_portal.load(TODAY)
    assert scenario_consents.load(TODAY) == {"consents": 2}
    members = {
        str(public_id)
        for public_id in GroupMember.objects.filter(
            group__provider__name=scenario_access.TAALSCHOOL
        ).values_list("person__public_id", flat=True)
    }
    assert members
    client = sign_in(Client(), User.objects.get(username="taalschool"))
    html = client.get(reverse("partners:participants")).content.decode()
    shown = set(re.findall(r'href="/deelnemers/([0-9a-f-]{36})/"', html))
    assert shown == members
    jobcoach = sign_in(Client(), User.objects.get(username="jobcoach"))
    ended = jobcoach.get(reverse("partners:participants")).content.decode()
    assert not re.findall(r'href="/deelnemers/[0-9a-f-]{36}/"', ended)  # agreement ended
    newcomer = scenario_portal.portal_newcomers()[0]
    kinds = {
        (basis.organisation.name, basis.given_at is not None)
        for basis in AccessBasis.objects.filter(person=newcomer).select_related("organisation")
    }
    assert ("Welzijn Rivierenland", True) in kinds and ("ROC Rivierenland", False) in kinds
    assert scenario_access.load(TODAY) == {"agreements": 0}
    assert scenario_consents.load(TODAY) == {"consents": 0}
