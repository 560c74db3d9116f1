"""The PIP API: scoped to the caller's caseload, one processing record per response."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from spil.plans import services
from spil.plans.tests.support import new_trajectory
from spil.testing import PersonalDataAccessMixin, World, sign_in
from spil.trajectories.models import Niveau


def _version_id(world: World) -> int:
    assert world.person_a is not None
    new_trajectory(world.person_a)
    user = world.user("klantmanager_a")
    draft = services.draft_for(world.person_a, actor=user)
    draft.niveau = Niveau.B1
    draft.save()
    services.vaststellen(draft, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user)
    return draft.pk


class TestPipVersionsApiList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    list_endpoint = True

    def url(self, world: World) -> str:
        _version_id(world)
        return reverse("pip-version-list")


class TestPipVersionsApiDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        return reverse("pip-version-detail", args=[_version_id(world)])


def test_detail_carries_components_and_duo_status(world: World) -> None:
    pk = _version_id(world)
    client = sign_in(Client(), world.user("klantmanager_a"))
    data = client.get(reverse("pip-version-detail", args=[pk])).json()
    assert data["status"] == "vastgesteld" and data["dagtekening"] == "2026-03-02"
    assert data["duo_status"] == "not_sent" and data["components"] == []
    assert "bsn" not in str(data)
