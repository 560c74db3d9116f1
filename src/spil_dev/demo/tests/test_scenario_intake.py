"""The intake part of the demo story: intakes at every stage, draft and established PIPs
on each learning route, every write with its processing record, idempotent, and never
waiting on DUO."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import httpx
import pytest
from django.utils import timezone

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.audit.models import ProcessingRecord
from spil.audit.services import person_reference
from spil.dossier.models import Signal
from spil.duo import services as duo_services
from spil.intake.models import Barrier, HealthAssessment, Intake, IntakeStatus
from spil.occupations import esco
from spil.persons.models import Person
from spil.plans.models import DuoStatus, PipComponent, PipVersion, VersionStatus
from spil.plans.tests.support import BASE_URL, sandbox
from spil.trajectories.models import Trajectory
from spil_dev.demo import scenario_intake
from spil_dev.demo.data import load_demo_data
from spil_dev.duo_sandbox import SANDBOX_DUO_OIN

pytestmark = pytest.mark.django_db

PERSONS_PER_MUNICIPALITY = 6
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def _snapshot() -> tuple[int, ...]:
    return (
        Trajectory.objects.count(),
        Intake.objects.count(),
        HealthAssessment.objects.count(),
        Barrier.objects.count(),
        PipVersion.objects.count(),
        PipComponent.objects.count(),
        ProcessingRecord.objects.count(),
        Signal.objects.count(),
    )


def test_every_stage_exists_and_a_second_run_adds_nothing(today: date) -> None:
    load_demo_data(persons_per_municipality=PERSONS_PER_MUNICIPALITY)
    first = scenario_intake.load(today)
    assert first["intakes_started"] == Intake.objects.count() > 0
    snapshot = _snapshot()
    second = scenario_intake.load(today)
    assert set(second.values()) == {0}
    assert _snapshot() == snapshot

    # About two thirds of each gemeente's newcomers have an intake.
    for gemeente in Organisation.objects.filter(type=OrganisationType.GEMEENTE):
        persons = Person.objects.filter(municipality=gemeente)
        with_intake = persons.filter(intakes__isnull=False).distinct().count()
        assert with_intake == round(persons.count() * 2 / 3)

    # Stages: some steps saved, nearly done, completed.
    in_progress = Intake.objects.filter(status=IntakeStatus.IN_PROGRESS)
    assert any(len(i.completed_steps) <= 3 for i in in_progress)
    assert any(len(i.completed_steps) >= 8 for i in in_progress)
    completed = Intake.objects.filter(status=IntakeStatus.COMPLETED)
    assert completed.exists()
    assert all(i.focus and i.suggested_focus and i.completed_at for i in completed)
    assert Barrier.objects.exclude(status="solved").exists()
    assert all(b.owner and b.action for b in Barrier.objects.all())

    # PIPs: drafts and established ones on every learning route, with components.
    assert PipVersion.objects.filter(status=VersionStatus.DRAFT).exists()
    established = PipVersion.objects.filter(status=VersionStatus.VASTGESTELD)
    assert {v.leerroute for v in established} == {"b1", "onderwijs", "z"}
    for version in established:
        assert version.dagtekening is not None and version.dagtekening <= today
        assert version.components.count() >= 3
        trajectory = version.pip.trajectory
        assert trajectory is not None and trajectory.pip_dagtekening == version.dagtekening
        # Committed in a test transaction that never commits: still waiting for DUO.
        assert version.duo_status == DuoStatus.PENDING
    assert first["pips_established"] == established.count()

    # Issue 16: transport, travel time and childcare recorded, in several variants.
    from spil.intake.queries import practical_situation

    situations = [practical_situation(i.person) for i in Intake.objects.all()]
    recorded = [s for s in situations if s]
    assert len({s["transport"] for s in recorded}) >= 3
    assert any("childcare_dayparts" in s for s in recorded)


def test_every_write_left_its_processing_record(today: date) -> None:
    load_demo_data(persons_per_municipality=PERSONS_PER_MUNICIPALITY)
    scenario_intake.load(today)
    for intake in Intake.objects.all():
        names = set(
            ProcessingRecord.objects.filter(
                persons__person_ref=person_reference(intake.person_id)
            ).values_list("actie_naam", flat=True)
        )
        assert "Start broad intake" in names
        for slug in intake.completed_steps:
            if slug == "gezondheid":
                expected = "Broad intake: health"
            elif slug == "focus":
                expected = "Broad intake: focus decided"
            elif slug == "belemmeringen":
                expected = "Broad intake: barriers"
            else:
                expected = f"Broad intake: {slug}"
            assert expected in names, f"{expected} missing"
    for health in HealthAssessment.objects.select_related("intake"):
        record = ProcessingRecord.objects.get(
            persons__person_ref=person_reference(health.intake.person_id),
            actie_naam="Broad intake: health",
        )
        assert record.purpose_code == "brede_intake_gezondheid"
        assert record.data_categories == ["health"]
        assert record.vertrouwelijkheid == "vertrouwelijk"
        assert record.actor is not None
    others = ProcessingRecord.objects.exclude(purpose_code="brede_intake_gezondheid")
    assert not [r for r in others if "health" in r.data_categories]
    for version in PipVersion.objects.select_related("pip"):
        names = set(
            ProcessingRecord.objects.filter(
                persons__person_ref=person_reference(version.pip.person_id)
            ).values_list("actie_naam", flat=True)
        )
        assert f"PIP version {version.number}: draft" in names
        if version.status == VersionStatus.VASTGESTELD:
            assert f"PIP version {version.number}: established" in names
            assert f"PIP version {version.number}: queued for DUO" in names


def test_the_occupations_are_real_esco_concepts() -> None:
    for uri in scenario_intake.OCCUPATIONS:
        assert esco.get_occupation(uri).uri == uri


def test_established_pips_reach_duo_after_commit(
    today: date,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    load_demo_data(persons_per_municipality=PERSONS_PER_MUNICIPALITY)
    gemeenten = list(Organisation.objects.filter(type=OrganisationType.GEMEENTE))
    duo = sandbox(monkeypatch, *gemeenten)
    for person in Person.objects.all():
        duo.register(person, plicht_start=date(today.year - 2, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        counts = scenario_intake.load(today)
    established = PipVersion.objects.filter(status=VersionStatus.VASTGESTELD)
    assert established.count() == counts["pips_established"] > 0
    assert {v.duo_status for v in established} == {DuoStatus.ACCEPTED}
    assert not Signal.objects.filter(code="pip_not_accepted_by_duo", resolved_at__isnull=True)


def test_an_unreachable_duo_never_holds_up_loading(
    today: date,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    attempts: list[str] = []

    def unreachable(request: httpx.Request) -> httpx.Response:
        attempts.append(request.url.path)
        raise httpx.ConnectError("connection refused", request=request)

    def factory(bron: str) -> duo_services.RecordingDuoClient:
        # As configured (two retries with back-off), only the transport fails.
        return duo_services.RecordingDuoClient(
            BASE_URL, bron, SANDBOX_DUO_OIN, transport=httpx.MockTransport(unreachable)
        )

    monkeypatch.setattr(duo_services, "client_factory", factory)
    load_demo_data(persons_per_municipality=PERSONS_PER_MUNICIPALITY)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        scenario_intake.load(today)
    assert time.monotonic() - started < 30
    assert len(attempts) == 3, "one PIP tried (with its retries); the others wait"
    statuses = list(
        PipVersion.objects.filter(status=VersionStatus.VASTGESTELD).values_list(
            "duo_status", flat=True
        )
    )
    assert statuses.count(DuoStatus.UNAVAILABLE) == 1
    assert set(statuses) == {DuoStatus.UNAVAILABLE, DuoStatus.PENDING}
    assert Signal.objects.filter(code="pip_not_accepted_by_duo", resolved_at__isnull=True).count()
