"""DUO's rule "A2 not in a first B1-route PIP, whichever municipality": Spil asks DUO (the
sandbox, in-process) for an earlier PIP, and falls back to its own PIPs with a visible
note when DUO cannot be asked. Also: PIPs queued for DUO and sent by the periodic task."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from spil.audit.models import ProcessingRecord
from spil.dossier.models import Signal
from spil.duo import services as duo_services
from spil.duo.contract.types import Pip as DuoPipBody
from spil.persons.models import Person
from spil.plans import services
from spil.plans.models import DuoStatus, PipVersion
from spil.plans.tests.support import BASE_URL, Duo, new_trajectory, sandbox
from spil.testing import World
from spil.trajectories.models import Niveau
from spil_dev.duo_sandbox import SANDBOX_DUO_OIN

pytestmark = pytest.mark.django_db

EARLIER: DuoPipBody = {
    "dagtekeningPip": "2026-01-20",
    "leerroute": "B",
    "niveau": "B1",
    "indicatorAlfabetiseringsonderwijs": "NVT",
}


@pytest.fixture
def duo(world: World, monkeypatch: pytest.MonkeyPatch) -> Duo:
    return sandbox(monkeypatch, world.gemeente_a, world.gemeente_b)


@pytest.fixture
def person(world: World) -> Person:
    assert world.person_a is not None
    new_trajectory(world.person_a)
    return world.person_a


def _a2_draft(world: World, person: Person) -> PipVersion:
    draft = services.draft_for(person, actor=world.user("klantmanager_a"))
    draft.niveau = Niveau.A2
    draft.save()
    return draft


def _establish(world: World, draft: PipVersion) -> PipVersion:
    return services.vaststellen(
        draft,
        dagtekening=date(2026, 3, 2),
        confirm_late_switch=False,
        actor=world.user("klantmanager_a"),
    )


def _refusal(world: World, draft: PipVersion) -> str:
    with pytest.raises(services.PipNotAllowed) as caught:
        _establish(world, draft)
    problems = {p.code: p for p in caught.value.problems}
    assert problems["a2_first_b1"].field == "niveau"
    return problems["a2_first_b1"].message


def test_an_earlier_pip_of_another_municipality_at_duo_allows_a2(
    world: World, person: Person, duo: Duo
) -> None:
    duo.register(person)
    duo.store.seed_pip(person.bsn, world.gemeente_b.oin, EARLIER, date(2026, 1, 20))
    version = _establish(world, _a2_draft(world, person))
    assert version.status == "vastgesteld"
    lookup = ProcessingRecord.objects.get(actie_naam__startswith="PIP check")
    assert lookup.purpose_code == "duo_gegevensuitwisseling"
    assert set(lookup.data_categories) == {"bsn", "trajectory"}
    assert lookup.actor == world.user("klantmanager_a")
    # DUO applies the same rule and accepts it too.
    assert services.send_to_duo(version).duo_status == DuoStatus.ACCEPTED


def test_no_earlier_pip_anywhere_refuses_a2(world: World, person: Person, duo: Duo) -> None:
    duo.register(person)
    message = _refusal(world, _a2_draft(world, person))
    assert "first PIP with the B1-route" in message
    assert "DUO knows no earlier PIP" in message


def test_duo_unreachable_falls_back_to_spil_with_a_note(
    world: World, person: Person, duo: Duo
) -> None:
    duo.register(person)
    duo.store.seed_pip(person.bsn, world.gemeente_b.oin, EARLIER, date(2026, 1, 20))
    duo.store.inject_fault(503, times=5, operation_id="getPipByBsn")
    message = _refusal(world, _a2_draft(world, person))
    assert "first PIP with the B1-route" in message
    assert "DUO could not be asked" in message and "only the PIPs in Spil" in message


def test_a2_revision_in_spil_does_not_ask_duo(world: World, person: Person, duo: Duo) -> None:
    duo.register(person)
    user = world.user("klantmanager_a")
    first = services.draft_for(person, actor=user)
    first.niveau = Niveau.B1
    first.save()
    _establish(world, first)
    revision = services.draft_for(person, actor=user)
    revision.niveau = Niveau.A2
    revision.save()
    services.vaststellen(
        revision, dagtekening=date(2026, 9, 1), confirm_late_switch=False, actor=user
    )
    assert not ProcessingRecord.objects.filter(actie_naam__startswith="PIP check").exists()


# --------------------------------------------------------------------------- queued


def _b1(world: World, person: Person) -> PipVersion:
    draft = services.draft_for(person, actor=world.user("klantmanager_a"))
    draft.niveau = Niveau.B1
    draft.save()
    return _establish(world, draft)


def test_a_queued_pip_waits_for_duo_and_is_sent_by_the_task(
    world: World, person: Person, duo: Duo
) -> None:
    duo.register(person)
    version = services.queue_for_duo(_b1(world, person))
    assert version.duo_status == DuoStatus.PENDING and version.duo_attempts == 0
    assert Signal.objects.filter(
        person=person, code="pip_not_accepted_by_duo", resolved_at__isnull=True
    ).exists()
    assert services.queue_for_duo(version).duo_status == DuoStatus.PENDING  # idempotent
    assert services.resend_pending() == 1
    version.refresh_from_db()
    assert version.duo_status == DuoStatus.ACCEPTED
    assert not Signal.objects.filter(
        person=person, code="pip_not_accepted_by_duo", resolved_at__isnull=True
    ).exists()


def test_the_task_stops_at_the_first_outage(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        raise httpx.ConnectError("refused", request=request)

    def factory(bron: str) -> duo_services.RecordingDuoClient:
        return duo_services.RecordingDuoClient(
            BASE_URL,
            bron,
            SANDBOX_DUO_OIN,
            transport=httpx.MockTransport(refuse),
            retries=2,
            sleep=lambda _s: None,
        )

    monkeypatch.setattr(duo_services, "client_factory", factory)
    assert world.person_a is not None and world.person_b is not None
    for person in (world.person_a, world.person_b):
        new_trajectory(person)
        draft = services.draft_for(person, actor=world.user("klantmanager_a"))
        draft.niveau = Niveau.B1
        draft.save()
        services.queue_for_duo(_establish(world, draft))
    assert services.resend_pending() == 0
    assert len(calls) == 3, "one version tried (with its retries), the other left waiting"
    statuses = sorted(PipVersion.objects.values_list("duo_status", flat=True))
    assert statuses == [DuoStatus.PENDING, DuoStatus.UNAVAILABLE]
