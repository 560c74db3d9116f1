"""Firing DUO events at Spil: the management command, the demo page (sandbox on) and the
link to it on the DUO status page."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from spil.duo.models import DuoNotification, NotificationStatus
from spil.duo.tests.support import DuoEnv, make_env
from spil.persons.models import Person
from spil.testing import World, next_test_bsn, sign_in
from spil.trajectories.models import Trajectory
from spil_dev.duo_sandbox import sandbox_tools

pytestmark = pytest.mark.django_db


@pytest.fixture
def duo(world: World, monkeypatch: pytest.MonkeyPatch, settings: Any) -> DuoEnv:
    settings.SPIL_DUO_SANDBOX = True
    env = make_env(world, monkeypatch)
    # the sandbox's admin endpoints, in-process (as `spil demo` serves them over HTTP)
    monkeypatch.setattr(
        sandbox_tools, "admin_transport", httpx.WSGITransport(app=sandbox_tools.AdminApp(env.app))
    )
    return env


def test_send_event_command_registers_the_person_and_fires(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any, capsys: Any
) -> None:
    bsn = next_test_bsn()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("duo", "send-event", "--bsn", bsn, "--event", "ss139", "--gemeente", duo.b)
    assert "SS139 -> 201" in capsys.readouterr().out
    assert duo.store.has_person(bsn)  # DUO's side seeded through the admin endpoint
    n = DuoNotification.objects.get()
    assert (n.gebeurtenis_id, n.doel, n.status) == ("SS139", duo.b, NotificationStatus.PROCESSED)
    person = Person.objects.get(bsn=bsn)
    assert person.municipality == duo.world.gemeente_b
    assert Trajectory.objects.get(person=person).leerroute_period_start is not None


def test_send_event_command_refuses_bad_input(duo: DuoEnv, settings: Any) -> None:
    with pytest.raises(CommandError, match="Unknown event"):
        call_command("duo", "send-event", "--bsn", next_test_bsn(), "--event", "SS000")
    with pytest.raises(CommandError, match="valid BSN"):
        call_command("duo", "send-event", "--bsn", "123456789", "--event", "SS101")
    settings.SPIL_DUO_SANDBOX = False
    with pytest.raises(CommandError, match="SPIL_DUO_SANDBOX"):
        call_command("duo", "send-event", "--bsn", next_test_bsn(), "--event", "SS101")


def test_the_extended_duo_command_still_processes_pending(duo: DuoEnv, capsys: Any) -> None:
    duo.post("SS101", duo.person())
    call_command("duo", "process-pending")
    assert "processed: 1" in capsys.readouterr().out


def test_send_event_page_is_for_the_beheerder_only(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    url = reverse("duo_sandbox:send_event")
    for key in ("klantmanager_a", "trainer", "beleidsmedewerker"):
        assert sign_in(Client(), duo.world.user(key)).get(url).status_code == 403
    beheer = sign_in(Client(), duo.world.user("functioneel_beheerder"))
    assert beheer.get(url).status_code == 200
    bsn = next_test_bsn()
    with django_capture_on_commit_callbacks(execute=True):
        response = beheer.post(url, {"bsn": bsn, "event": "SS101", "gemeente": duo.a}, follow=True)
    assert response.status_code == 200
    assert bsn not in response.content.decode()
    assert Person.objects.filter(bsn=bsn, municipality=duo.world.gemeente_a).exists()
    settings.SPIL_DUO_SANDBOX = False
    assert beheer.get(url).status_code == 404


def test_the_status_page_links_the_send_event_page_for_the_beheerder_only(
    duo: DuoEnv, settings: Any
) -> None:
    link = f'href="{reverse("duo_sandbox:send_event")}"'
    beheer = sign_in(Client(), duo.world.user("functioneel_beheerder"))
    assert link in beheer.get(reverse("duo:status")).content.decode()
    klantmanager = sign_in(Client(), duo.world.user("klantmanager_a"))
    assert link not in klantmanager.get(reverse("duo:status")).content.decode()
    settings.SPIL_DUO_SANDBOX = False
    assert link not in beheer.get(reverse("duo:status")).content.decode()
