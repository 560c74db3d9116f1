"""Every PIP page and action: only the roles allowed get through, and each allowed request
leaves exactly one processing record (vaststelling: one for the decision, one for DUO)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.plans import services
from spil.plans.models import ComponentKind, DuoStatus, PipVersion
from spil.plans.tests.support import new_trajectory, sandbox
from spil.testing import PersonalDataAccessMixin, World, sign_in
from spil.trajectories.models import Niveau


def _draft(world: World) -> PipVersion:
    assert world.person_a is not None
    if not world.person_a.trajectories.exists():
        new_trajectory(world.person_a)
    draft = services.draft_for(world.person_a, actor=world.user("klantmanager_a"))
    draft.niveau = Niveau.B1
    draft.save()
    return draft


def _established(world: World, *, duo_status: str = DuoStatus.ACCEPTED) -> PipVersion:
    draft = _draft(world)
    version = services.vaststellen(
        draft,
        dagtekening=date(2026, 3, 2),
        confirm_late_switch=False,
        actor=world.user("klantmanager_a"),
    )
    version.duo_status = duo_status
    version.save()
    return version


def _url(name: str, version: PipVersion, *extra: int) -> str:
    return reverse(name, args=[version.pip.person.public_id, version.pk, *extra])


class TestPlanOverview(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("plans:overview", args=[world.person_a.public_id])


class TestNewDraft(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("plans:new_draft", args=[world.person_a.public_id])


class TestEditDraftPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        return _url("plans:edit", _draft(world))


class TestEditDraftSave(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    success_status = 302

    def url(self, world: World) -> str:
        return _url("plans:edit", _draft(world))

    def request(self, client: Client, url: str) -> Any:
        return client.post(
            url,
            {
                "leerroute": "b1",
                "niveau": "B1",
                "alfabetisering": "NVT",
                "progress_every_weeks": "8",
            },
        )


class TestAddComponent(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    success_status = 302

    def url(self, world: World) -> str:
        return _url("plans:add_component", _draft(world))

    def request(self, client: Client, url: str) -> Any:
        return client.post(
            url,
            {
                "component-kind": "language",
                "component-provider": "Taalschool",
                "component-hours_per_week": "12",
                "component-start": "2026-03-09",
                "component-end": "2027-03-08",
            },
        )


class TestRemoveComponent(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        draft = _draft(world)
        component = draft.components.create(
            kind=ComponentKind.KNM,
            provider="Taalschool",
            start=date(2026, 3, 9),
            end=date(2026, 6, 9),
        )
        return _url("plans:remove_component", draft, component.pk)


class TestVersionPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        return _url("plans:version", _established(world))


class TestPipPdf(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "bsn", "trajectory")

    def url(self, world: World) -> str:
        return _url("plans:pdf", _established(world))


class TestSummaryPdf(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        return _url("plans:summary", _established(world)) + "?taal=ar"


class _WithDuo:
    @pytest.fixture(autouse=True)
    def _duo(self, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
        duo = sandbox(monkeypatch, world.gemeente_a, world.gemeente_b)
        assert world.person_a is not None
        duo.register(world.person_a)


class TestResend(_WithDuo, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("bsn", "trajectory")
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        return _url("plans:resend", _established(world, duo_status=DuoStatus.UNAVAILABLE))


class TestEstablish(_WithDuo, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    success_status = 302

    def url(self, world: World) -> str:
        return _url("plans:establish", _draft(world))

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"establish-dagtekening": "2026-03-02"})

    def test_authorised_access_writes_one_processing_record(
        self, world: World, client: Client
    ) -> None:
        url = self.url(world)
        before = set(ProcessingRecord.objects.values_list("pk", flat=True))
        response = self.request(sign_in(Client(), world.user("klantmanager_a")), url)
        assert response.status_code == 302
        new = ProcessingRecord.objects.exclude(pk__in=before)
        assert new.count() == 2, "one record for the decision, one for the exchange with DUO"
        records = {r.purpose_code: r for r in new}
        decision = records["regie_inburgering"]
        assert decision.actie_naam.endswith("established")
        assert set(decision.data_categories) == {"trajectory"}
        exchange = records["duo_gegevensuitwisseling"]
        assert set(exchange.data_categories) == {"bsn", "trajectory"}
        assert exchange.actor == world.user("klantmanager_a")
        version = PipVersion.objects.get()
        assert version.duo_status == DuoStatus.ACCEPTED
