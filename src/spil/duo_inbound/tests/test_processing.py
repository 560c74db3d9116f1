"""Processing a notification: look-ups at the sandbox, one transaction, retries,
out-of-order delivery, the processing log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from django.core.management import call_command

from spil.accounts.roles import Role
from spil.audit.models import ProcessingRecord
from spil.dossier.models import Signal, Task, TimelineEntry
from spil.duo.models import DuoCall, DuoNotification, NotificationStatus
from spil.duo.tests.support import DuoEnv, make_env
from spil.duo_inbound import brp_adapter, handlers, services
from spil.duo_inbound.management.commands import duo as duo_command
from spil.persons.models import Person
from spil.persons.services import register_person
from spil.testing import World, logged_person_ids, make_user
from spil.trajectories.models import Trajectory, TrajectoryStatus
from spil_dev.duo_sandbox import sandbox_tools

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def duo(world: World, monkeypatch: pytest.MonkeyPatch) -> DuoEnv:
    return make_env(world, monkeypatch)


def duo_record() -> ProcessingRecord | None:
    return (
        ProcessingRecord.objects.filter(actie_naam__startswith="DUO notification")
        .order_by("-tijdstip")
        .first()
    )


def send(duo: DuoEnv, capture: Any, event: str, bsn: str, **kw: Any) -> DuoNotification:
    with capture(execute=True):
        response = duo.post(event, bsn, **kw)
    assert response.status_code == 201
    return DuoNotification.objects.order_by("-pk").first()  # type: ignore[return-value]


def test_a_new_bsn_without_brp_becomes_a_person_with_name_unknown(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person(v_nummer=1234567890)
    n = send(duo, django_capture_on_commit_callbacks, "SS139", bsn, at=T0)
    assert n.status == NotificationStatus.PROCESSED and n.last_error == ""
    person = Person.objects.get(bsn=bsn)
    assert n.person == person
    assert person.family_name == handlers.NAME_UNKNOWN_FAMILY
    assert person.municipality == duo.world.gemeente_a
    assert person.regisseur == duo.world.user("klantmanager_a")
    assert person.doelgroep == "asiel"
    assert Signal.objects.filter(person=person, code="duo_name_unknown").exists()
    codes = set(Task.objects.filter(person=person).values_list("code", flat=True))
    assert {"duo_complete_person_details", "duo_plan_intake", "duo_set_learning_route"} <= codes
    trajectory = Trajectory.objects.get(person=person)
    assert trajectory.leerroute_period_start == T0.date()
    assert trajectory.plicht_start is not None
    assert trajectory.last_duo_event_at == T0
    assert trajectory.next_deadline_kind == "leerroute"
    entry = TimelineEntry.objects.get(person=person, kind="duo_event")
    assert entry.code == "SS139" and entry.occurred_at == T0
    assert bsn not in str(entry.params)
    record = duo_record()
    assert record is not None
    assert record.handeling == "ontvangen" and record.actor is None
    assert logged_person_ids(record) == {person.pk}
    # DUO was asked what the event requires, and every call is in the call log
    ops = set(DuoCall.objects.filter(notification=n).values_list("operation_id", flat=True))
    assert ops == {"getInburgeringsplichtByBsn", "getDoelgroepByBsn", "getExamenresultatenByBsn"}


def test_a_known_person_is_changed_and_logged_as_wijzigen(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    person = duo.world.person_a
    assert person is not None
    sandbox_tools.ensure_person(duo.store, person.bsn, duo.a, plicht_begindatum=T0.date())
    send(duo, django_capture_on_commit_callbacks, "SS101", person.bsn, at=T0)
    person.refresh_from_db()
    assert person.family_name == "Testpersoon"
    record = duo_record()
    assert record is not None and record.handeling == "wijzigen"


def test_brp_supplies_name_address_and_household(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spil.brp import BrpClient
    from spil_dev.brp_sandbox import make_app as make_brp_app

    bsn = duo.person()
    brp = make_brp_app()
    brp.store.add_person(
        bsn=bsn,
        voornamen="Amina",
        geslachtsnaam="Haddad",
        geboortedatum="1990-04-01",
        straat="Lingewal",
        huisnummer=3,
        postcode="4201AB",
        woonplaats="Gorinchem",
        datum_inschrijving_in_gemeente="2025-02-10",
    )

    def factory() -> BrpClient:
        return BrpClient(
            "http://brp.test/haalcentraal/api/brp", transport=httpx.WSGITransport(app=brp)
        )

    monkeypatch.setattr(brp_adapter, "client_factory", factory)
    send(duo, django_capture_on_commit_callbacks, "SS101", bsn, at=T0)
    person = Person.objects.get(bsn=bsn)
    assert (person.given_names, person.family_name) == ("Amina", "Haddad")
    assert (person.street, person.postcode, person.city) == ("Lingewal 3", "4201AB", "Gorinchem")
    assert person.date_of_birth is not None and person.date_of_birth.year == 1990
    # the vestiging in de gemeente, for the PIP check "dagtekening >= vestiging"
    assert person.settlement_date == date(2025, 2, 10)
    assert not Signal.objects.filter(person=person, code="duo_name_unknown").exists()
    record = duo_record()
    assert record is not None
    assert {"address", "identity"} <= set(record.data_categories)
    # unknown to the BRP: created as name unknown, with a task
    other = duo.person()
    send(duo, django_capture_on_commit_callbacks, "SS101", other, at=T0)
    assert Person.objects.get(bsn=other).family_name == handlers.NAME_UNKNOWN_FAMILY
    # the BRP unreachable: the notification waits for a retry instead of losing the name
    monkeypatch.setattr(
        brp_adapter,
        "client_factory",
        lambda: BrpClient("http://127.0.0.1:9/brp", retries=0, timeout=0.5),
    )
    third = duo.person()
    n = send(duo, django_capture_on_commit_callbacks, "SS101", third, at=T0)
    assert n.status == NotificationStatus.RECEIVED and n.last_error.startswith("BRP unavailable")
    assert n.next_attempt_at is not None
    assert not Person.objects.filter(bsn=third).exists()


def test_the_regisseur_is_the_klantmanager_with_the_smallest_open_caseload(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    busy = duo.world.user("klantmanager_a")
    quiet = make_user("klantmanager_a2", duo.world.gemeente_a, Role.KLANTMANAGER)
    for _ in range(2):
        bsn = duo.person()
        send(duo, django_capture_on_commit_callbacks, "SS101", bsn, at=T0)
    known = [p.pk for p in (duo.world.person_a, duo.world.person_b) if p is not None]
    regisseurs = list(Person.objects.exclude(pk__in=known).values_list("regisseur", flat=True))
    assert sorted(regisseurs) == sorted([busy.pk, quiet.pk])


def test_an_older_status_event_does_not_undo_a_newer_state(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person(start=T0.date())
    send(duo, django_capture_on_commit_callbacks, "SS139", bsn, at=T0)
    sandbox_tools.apply_event(duo.store, bsn, "SS106", duo.a, (T0 + timedelta(days=400)).date())
    send(duo, django_capture_on_commit_callbacks, "SS106", bsn, at=T0 + timedelta(days=400))
    trajectory = Trajectory.objects.get(person__bsn=bsn)
    assert trajectory.status == TrajectoryStatus.COMPLETED
    # DUO's SS102 of long before arrives late: no new trajectory, no change of state
    late = send(duo, django_capture_on_commit_callbacks, "SS101", bsn, at=T0 + timedelta(days=1))
    late2 = send(duo, django_capture_on_commit_callbacks, "SS102", bsn, at=T0 + timedelta(days=90))
    assert (late.status, late2.status) == (NotificationStatus.PROCESSED,) * 2
    assert Trajectory.objects.filter(person__bsn=bsn).count() == 1
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.COMPLETED
    assert trajectory.last_duo_event_at == T0 + timedelta(days=400)
    stale = TimelineEntry.objects.filter(person__bsn=bsn, kind="duo_event", code="SS101").get()
    assert stale.params.get("stale") is True


def test_an_older_move_does_not_take_the_person_back(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person(start=T0.date())
    send(duo, django_capture_on_commit_callbacks, "SS139", bsn, at=T0)
    later = T0 + timedelta(days=200)
    sandbox_tools.apply_event(duo.store, bsn, "SS121", duo.b, later.date())
    send(duo, django_capture_on_commit_callbacks, "SS121", bsn, doel=duo.b, at=later)
    person = Person.objects.get(bsn=bsn)
    assert person.municipality == duo.world.gemeente_b
    assert person.regisseur == duo.world.user("klantmanager_b")
    old = Trajectory.objects.get(person=person, municipality=duo.world.gemeente_a)
    new = Trajectory.objects.get(person=person, municipality=duo.world.gemeente_b)
    assert old.status == TrajectoryStatus.MOVED and new.is_active
    assert new.leerroute == "b1" and not new.termijn_is_estimate
    # an SS120 for gemeente A registered before the move arrives late
    send(duo, django_capture_on_commit_callbacks, "SS120", bsn, at=T0 + timedelta(days=10))
    person.refresh_from_db()
    assert person.municipality == duo.world.gemeente_b
    assert Trajectory.objects.filter(person=person).count() == 2


def test_duo_unreachable_is_retried_then_succeeds(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person()
    # 3 failing answers: the client's own attempts (1 + 2 retries) all fail once
    duo.store.inject_fault(503, times=3, operation_id="getInburgeringsplichtByBsn")
    n = send(duo, django_capture_on_commit_callbacks, "SS101", bsn, at=T0)
    assert n.status == NotificationStatus.PROCESSED
    assert n.attempts == 2
    failed_calls = DuoCall.objects.filter(notification=n, ok=False)
    assert failed_calls.count() == 1 and failed_calls.get().status_code == 503
    assert Person.objects.filter(bsn=bsn).exists()


def test_duo_unreachable_for_long_is_never_failed_and_nothing_is_lost(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any, clock: Any
) -> None:
    bsn = duo.person()
    duo.store.inject_fault(503, times=10_000)
    n = send(duo, django_capture_on_commit_callbacks, "SS139", bsn, at=T0)
    # The task stopped retrying on its own, but the notification waits: never failed.
    assert n.status == NotificationStatus.RECEIVED
    assert n.attempts == services.MAX_PROCESSING_ATTEMPTS
    assert n.next_attempt_at is not None
    assert "DUO unavailable" in n.last_error and bsn not in n.last_error
    assert not Person.objects.filter(bsn=bsn).exists()
    # DUO is back: the periodic requeue takes it up when its time has come
    with duo.store.transaction() as state:
        state.faults.clear()
    clock.move_to(n.next_attempt_at + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_pending() == 1
    n.refresh_from_db()
    assert n.status == NotificationStatus.PROCESSED
    assert Person.objects.filter(bsn=bsn).exists()


def test_an_undeclared_429_is_retried_and_nothing_is_lost(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person()
    # DUO's YAML declares no 429: a gateway's rate limit is transient, not a contract breach
    duo.store.inject_fault(429, times=3, operation_id="getInburgeringsplichtByBsn")
    n = send(duo, django_capture_on_commit_callbacks, "SS101", bsn, at=T0)
    assert n.status == NotificationStatus.PROCESSED
    assert n.attempts == 2
    call = DuoCall.objects.get(notification=n, ok=False)
    assert call.status_code == 429 and call.transient
    assert Person.objects.filter(bsn=bsn).exists()


def test_duo_refusing_connections_loses_nothing_and_the_beheerder_sees_it(
    duo: DuoEnv,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    world: World,
) -> None:
    from django.test import Client
    from django.urls import reverse

    from spil.duo import services as duo_services
    from spil.testing import sign_in

    class Refusing(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("connection refused", request=request)

    def down(bron: str) -> duo_services.RecordingDuoClient:
        return duo_services.RecordingDuoClient(
            "http://duo.test/v1", bron, "0" * 20, transport=Refusing(), sleep=lambda _s: None
        )

    monkeypatch.setattr(duo_services, "client_factory", down)
    bsn = duo.person()
    n = send(duo, django_capture_on_commit_callbacks, "SS139", bsn, at=T0)
    assert n.status == NotificationStatus.RECEIVED and n.next_attempt_at is not None
    assert "ConnectError" in n.last_error
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    page = client.get(reverse("duo:status")).content.decode()
    assert 'id="duo-transient"' in page  # the alert for the functioneel beheerder
    assert "SS139" in page and bsn not in page


def test_a_failure_half_way_rolls_everything_back(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    bsn = duo.person()
    before = (Person.objects.count(), Trajectory.objects.count(), Task.objects.count())
    records = ProcessingRecord.objects.count()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(handlers, "record_processing", broken)
    n = send(duo, django_capture_on_commit_callbacks, "SS139", bsn, at=T0)
    assert n.status == NotificationStatus.FAILED
    assert n.last_error == "Internal error (RuntimeError)"
    assert (Person.objects.count(), Trajectory.objects.count(), Task.objects.count()) == before
    assert ProcessingRecord.objects.count() == records
    assert not TimelineEntry.objects.filter(kind="duo_event").exists()


def test_a_person_unknown_at_duo_fails_with_a_bsn_free_error(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    n = send(duo, django_capture_on_commit_callbacks, "SS101", "999990032", at=T0)
    assert n.status == NotificationStatus.FAILED
    assert n.last_error == "DUO refused getInburgeringsplichtByBsn (HTTP 404)"


def test_an_unknown_event_fails_visibly(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    n = send(duo, django_capture_on_commit_callbacks, "SS999", duo.person(), at=T0)
    assert n.status == NotificationStatus.FAILED
    assert "Unknown gebeurtenisId SS999" in n.last_error


def test_stored_notifications_are_processed_when_the_queue_comes_back(
    duo: DuoEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    bsn = duo.person()
    response = duo.post("SS101", bsn, at=T0)  # on_commit never runs: as if the broker was down
    assert response.status_code == 201
    n = DuoNotification.objects.get()
    assert n.status == NotificationStatus.RECEIVED
    assert services.requeue_pending() == 0  # within the grace period: maybe still queued
    DuoNotification.objects.filter(pk=n.pk).update(received_at=n.received_at - timedelta(minutes=5))
    assert services.requeue_pending() == 1  # eager here: queued means processed
    n.refresh_from_db()
    assert n.status == NotificationStatus.PROCESSED and n.bsn == ""
    assert Person.objects.filter(bsn=bsn).exists()
    assert services.process_pending() == {}


def test_process_pending_command(duo: DuoEnv, capsys: Any) -> None:
    duo.post("SS101", duo.person())
    call_command(duo_command.Command(), "process-pending")  # Spil's own command, as in production
    assert "processed: 1" in capsys.readouterr().out


def test_register_person_is_untouched_for_existing_callers(world: World) -> None:
    person = register_person(
        actor=None, bsn="999990044", given_names="A", family_name="B", municipality=world.gemeente_a
    )
    assert person.pk
