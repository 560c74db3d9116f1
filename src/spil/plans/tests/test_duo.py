"""Vaststelling sends the PIP to DUO (the sandbox, in-process): accepted once, refusals and
outages kept on the version and signalled on the dossier."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from spil.dossier.models import Signal, TimelineEntry
from spil.duo.models import DuoCall
from spil.persons.models import Person
from spil.plans import services
from spil.plans.models import DuoStatus, PipVersion
from spil.plans.tests.support import Duo, new_trajectory, sandbox
from spil.testing import World
from spil.trajectories.models import Niveau

pytestmark = pytest.mark.django_db


@pytest.fixture
def duo(world: World, monkeypatch: pytest.MonkeyPatch) -> Duo:
    return sandbox(monkeypatch, world.gemeente_a, world.gemeente_b)


@pytest.fixture
def person(world: World) -> Person:
    assert world.person_a is not None
    new_trajectory(world.person_a)
    return world.person_a


def _established(world: World, person: Person, day: date = date(2026, 3, 2)) -> PipVersion:
    user = world.user("klantmanager_a")
    draft = services.draft_for(person, actor=user)
    draft.niveau = Niveau.B1
    draft.save()
    return services.vaststellen(draft, dagtekening=day, confirm_late_switch=False, actor=user)


def test_accepted_by_duo_and_shown_on_the_dossier(world: World, person: Person, duo: Duo) -> None:
    duo.register(person)
    version = services.send_to_duo(_established(world, person))
    assert version.duo_status == DuoStatus.ACCEPTED
    stored = duo.store.person(person.bsn).actuele_pip
    assert stored is not None and stored.pip["dagtekeningPip"] == "2026-03-02"
    assert stored.pip["leerroute"] == "B" and stored.pip["niveau"] == "B1"
    assert TimelineEntry.objects.filter(person=person, code="pip_accepted_by_duo").exists()
    assert not Signal.objects.filter(person=person, code="pip_not_accepted_by_duo").exists()


def test_sending_twice_sends_once(world: World, person: Person, duo: Duo) -> None:
    duo.register(person)
    version = services.send_to_duo(_established(world, person))
    calls = DuoCall.objects.filter(operation_id="postPipByBsn").count()
    again = services.send_to_duo(version)
    assert again.duo_status == DuoStatus.ACCEPTED and again.duo_attempts == 1
    assert DuoCall.objects.filter(operation_id="postPipByBsn").count() == calls
    assert len(duo.store.person(person.bsn).pips) == 1


def test_refusal_is_kept_and_signalled(world: World, person: Person, duo: Duo) -> None:
    # DUO knows an earlier obligation start than Spil: its rule refuses the dagtekening.
    duo.register(person, plicht_start=date(2026, 6, 1))
    version = services.send_to_duo(_established(world, person))
    assert version.duo_status == DuoStatus.REFUSED
    assert "dagtekening" in version.duo_message.lower()
    signal = Signal.objects.get(person=person, code="pip_not_accepted_by_duo")
    assert signal.params["duo_status"] == "refused"
    assert person.bsn not in version.duo_message


def test_outage_is_signalled_and_sent_again_later(world: World, person: Person, duo: Duo) -> None:
    duo.register(person)
    version = _established(world, person)
    duo.store.inject_fault(503, times=1, operation_id="postPipByBsn")
    version = services.send_to_duo(version)
    assert version.duo_status == DuoStatus.UNAVAILABLE
    assert Signal.objects.filter(
        person=person, code="pip_not_accepted_by_duo", resolved_at__isnull=True
    ).exists()
    assert services.resend_pending() == 1
    version.refresh_from_db()
    assert version.duo_status == DuoStatus.ACCEPTED and version.duo_attempts == 2
    assert not Signal.objects.filter(
        person=person, code="pip_not_accepted_by_duo", resolved_at__isnull=True
    ).exists()


def test_payload_matches_duo_contract(world: World, person: Person) -> None:
    version = _established(world, person)
    payload = services.duo_payload(version)
    assert payload == {
        "dagtekeningPip": "2026-03-02",
        "leerroute": "B",
        "niveau": "B1",
        "indicatorAlfabetiseringsonderwijs": "NVT",
    }


def test_the_established_pip_answers_the_leerroute_task_and_duos_signal(
    world: World, person: Person, duo: Duo
) -> None:
    from spil.dossier import services as dossier_services
    from spil.dossier.models import Task, TaskStatus

    duo.register(person)
    task = dossier_services.create_task(person, code="duo_set_learning_route", source_key="x")
    dossier_services.raise_signal(person, "SS126")
    services.send_to_duo(_established(world, person))
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert not Task.objects.filter(person=person, status=TaskStatus.OPEN).exists()
    assert not Signal.objects.filter(person=person, code="SS126", resolved_at=None).exists()


def test_duo_is_called_outside_any_transaction_and_a_second_sender_waits(
    world: World, person: Person, duo: Duo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow DUO holds no database lock; a send that starts meanwhile posts nothing."""
    from django.db import connection

    from spil.duo import services as duo_services

    duo.register(person)
    version = _established(world, person)
    outer_blocks = len(connection.atomic_blocks)  # the test's own transaction
    seen: dict[str, object] = {}
    sandbox_factory = duo_services.client_factory

    def factory(bron: str) -> duo_services.RecordingDuoClient:
        client = sandbox_factory(bron)
        post = client.post_pip

        def post_pip(bsn: str, body: object, **kw: object) -> object:
            seen["blocks"] = len(connection.atomic_blocks)
            meanwhile = services.send_to_duo(PipVersion.objects.get(pk=version.pk))
            seen["meanwhile"] = meanwhile.duo_status
            return post(bsn, body, **kw)  # type: ignore[arg-type]

        client.post_pip = post_pip  # type: ignore[method-assign,assignment]
        return client  # type: ignore[return-value]

    monkeypatch.setattr(duo_services, "client_factory", factory)
    sent = services.send_to_duo(version)
    assert seen == {"blocks": outer_blocks, "meanwhile": DuoStatus.SENDING}
    assert sent.duo_status == DuoStatus.ACCEPTED and sent.duo_attempts == 1
    assert len(duo.store.person(person.bsn).pips) == 1


def test_a_send_left_half_way_is_sent_again_by_the_periodic_task(
    world: World, person: Person, duo: Duo, clock
) -> None:
    duo.register(person)
    version = services.queue_for_duo(_established(world, person))
    PipVersion.objects.filter(pk=version.pk).update(
        duo_status=DuoStatus.SENDING, duo_sent_at=timezone.now()
    )
    assert services.resend_pending() == 0  # a worker may still be sending it
    clock.shift(services.SEND_STALE_AFTER + timedelta(seconds=1))
    assert services.resend_pending() == 1
    version.refresh_from_db()
    assert version.duo_status == DuoStatus.ACCEPTED


def test_a_resend_after_a_read_timeout_reuses_the_bericht_id_and_registers_once(
    world: World, person: Person, duo: Duo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DUO registered the PIP but its answer never arrived: the resend is the same message
    (same berichtId), DUO answers it as before, and no HTTP call runs in a transaction."""
    import httpx
    from django.db import connection

    from spil.duo import services as duo_services
    from spil_dev.duo_sandbox import SANDBOX_DUO_OIN, make_app

    duo.register(person)
    app = make_app(duo.store)
    posts: list[tuple[str, int]] = []
    outer_blocks = len(connection.atomic_blocks)  # the test's own transaction

    class AnswerLost(httpx.BaseTransport):
        inner = httpx.WSGITransport(app=app)

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = self.inner.handle_request(request)
            if request.method == "POST":
                posts.append((request.headers["berichtId"], len(connection.atomic_blocks)))
                if len(posts) == 1:
                    raise httpx.ReadTimeout("DUO's answer did not arrive", request=request)
            return response

    def factory(bron: str) -> duo_services.RecordingDuoClient:
        return duo_services.RecordingDuoClient(
            "http://duo.test/v1",
            bron,
            SANDBOX_DUO_OIN,
            transport=AnswerLost(),
            retries=2,
            sleep=lambda _s: None,
        )

    monkeypatch.setattr(duo_services, "client_factory", factory)
    version = services.send_to_duo(_established(world, person))
    assert version.duo_status == DuoStatus.UNAVAILABLE and version.duo_bericht_id is not None
    assert len(duo.store.person(person.bsn).pips) == 1  # DUO did register it
    assert services.resend_pending() == 1
    version.refresh_from_db()
    assert version.duo_status == DuoStatus.ACCEPTED
    assert [bericht for bericht, _blocks in posts] == [str(posts[0][0])] * 2
    assert all(blocks == outer_blocks for _bericht, blocks in posts)
    assert len(duo.store.person(person.bsn).pips) == 1  # not registered twice


def test_the_inburgeringsaanbod_of_an_asielstatushouder_goes_to_duo_and_answers_ss127(
    world: World, person: Person, duo: Duo
) -> None:
    from decimal import Decimal

    from spil.dossier import services as dossier_services
    from spil.persons.models import Doelgroep
    from spil.plans.models import PipComponent

    Person.objects.filter(pk=person.pk).update(doelgroep=Doelgroep.ASIEL)
    person.refresh_from_db()
    duo.register(person)
    duo.store.add_instelling(
        {
            "instellingsnummer": "1234567890",
            "naam": "Taalschool Noord",
            "postcode": "1234AB",
            "huisnummer": 1,
            "plaatsnaam": "Aadorp",
            "indicatieBowKeurmerk": True,
        }
    )
    dossier_services.raise_signal(person, "SS127")
    user = world.user("klantmanager_a")
    draft = services.draft_for(person, actor=user)
    draft.niveau = Niveau.B1
    draft.save()
    PipComponent.objects.create(
        version=draft,
        kind="language",
        provider="Taalschool Noord",
        hours_per_week=Decimal(12),
        start=date(2026, 3, 9),
        end=date(2026, 12, 18),
    )
    version = services.vaststellen(
        draft, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user
    )
    sent = services.send_to_duo(version)
    assert sent.duo_status == DuoStatus.ACCEPTED
    aanbod = duo.store.person(person.bsn).aanbiedingen["1234567890"]
    assert aanbod.aanbod["datumInburgeringsaanbod"] == "2026-03-02"
    assert aanbod.aanbod["verwachteEinddatumOpleiding"] == "2026-12-19"  # exclusive
    assert not Signal.objects.filter(person=person, code="SS127", resolved_at=None).exists()
    assert TimelineEntry.objects.filter(person=person, code="aanbod_registered_by_duo").exists()
