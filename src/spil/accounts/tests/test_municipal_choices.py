"""Issue 16: the choices the rules leave to a municipality (PVT hours, months of
aftercare) are set per gemeente by the beleidsmedewerker or functioneel beheerder, shown
with their source, and used by the rules engine where it accepts a value."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import MunicipalSetting
from spil.placements import services as placement_services
from spil.programmes.services.attendance import hours_summary
from spil.testing import World, sign_in
from spil.testing_i18n import _english  # noqa: F401

pytestmark = pytest.mark.django_db
URL = reverse("accounts:municipal_choices")


def _choose(client: Client, world: World, **data: str) -> object:
    return client.post(
        URL,
        {
            "municipality": str(world.gemeente_a.pk),
            "pvt_hours": "",
            "pvt_hours_decision": "",
            "aftercare_months": "",
            "aftercare_months_decision": "",
            **data,
        },
    )


def test_the_policy_officer_sets_the_pvt_hours_and_the_engine_uses_them(world: World) -> None:
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    page = client.get(URL, {"gemeente": world.gemeente_a.pk}).content.decode()
    assert "Hours of the participatieverklaringstraject (PVT)" in page
    assert "12 hours" in page and "Spil seed 002" in page  # the rule and its source
    response = _choose(client, world, pvt_hours="15",
                       pvt_hours_decision="Raadsbesluit inburgering 2024")  # fmt: skip
    assert response.status_code == 302  # type: ignore[attr-defined]
    page = client.get(URL, {"gemeente": world.gemeente_a.pk}).content.decode()
    assert "15 hours" in page
    assert "Municipality's choice: Raadsbesluit inburgering 2024" in page
    assert "The rules say 12 hours" in page
    assert world.person_a is not None and world.person_b is not None
    assert hours_summary(world.person_a).pvt_required == 15
    assert hours_summary(world.person_b).pvt_required == 12  # another gemeente: the rule
    # emptying the value returns to the rule
    _choose(client, world)
    assert not MunicipalSetting.objects.exists()
    assert hours_summary(world.person_a).pvt_required == 12


def test_a_choice_needs_its_source_and_a_value_in_range(world: World) -> None:
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    response = _choose(client, world, pvt_hours="15")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Name the decision this choice rests on." in response.content.decode()  # type: ignore[attr-defined]
    response = _choose(client, world, pvt_hours="0", pvt_hours_decision="x")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert not MunicipalSetting.objects.exists()


def test_only_policy_officers_and_application_managers(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert client.get(URL).status_code == 403
    assert _choose(client, world, pvt_hours="15", pvt_hours_decision="x").status_code == 403  # type: ignore[attr-defined]
    assert not MunicipalSetting.objects.exists()


def test_the_aftercare_follows_the_municipality_months(world: World) -> None:
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    _choose(client, world, aftercare_months="12", aftercare_months_decision="Beleidsregel nazorg")
    assert world.person_a is not None
    outcome = placement_services.record_outcome(
        world.user("klantmanager_a"), world.person_a, kind="paid_job", started_on=date(2026, 12, 1)
    )
    assert outcome.aftercare_until == date(2027, 11, 30)
