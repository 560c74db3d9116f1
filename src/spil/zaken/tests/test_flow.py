"""Trajectories become zaken in the zaaksysteem (the ZGW sandbox, in-process): status
changes, the PIP decision and dossier PDFs follow; changes made there come back; nothing is
lost while the zaaksysteem is down; switched off, nothing happens and nothing shows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from spil.dossier import services as dossier
from spil.dossier.models import TimelineEntry
from spil.plans import services as plans
from spil.testing import World, sign_in
from spil.trajectories import services as trajectories
from spil.trajectories.models import EndReason, Niveau, Trajectory, TrajectoryStatus
from spil.zaken import services
from spil.zaken.models import CallState, ZaakRegistration, ZgwCall
from spil_dev.zgw_sandbox import STATUSTYPEN, ZgwSandboxApp

pytestmark = pytest.mark.django_db(transaction=True)


def _open(world: World) -> Trajectory:
    assert world.person_a is not None
    return trajectories.open_trajectory(
        world.person_a, municipality=world.gemeente_a, plicht_start=date(2026, 10, 1)
    )


def _only_zaak(sandbox: ZgwSandboxApp) -> dict[str, object]:
    [zaak] = sandbox.state.zaken.values()
    return zaak


def _status_names(sandbox: ZgwSandboxApp) -> list[str]:
    names = {sandbox.statustype(*row)["url"]: row[2] for row in STATUSTYPEN}
    ordered = sorted(sandbox.state.statussen.values(), key=lambda s: str(s["datumStatusGezet"]))
    return [names[str(s["statustype"])] for s in ordered]


def test_an_opened_trajectory_becomes_a_zaak_with_its_status(
    world: World, zgw: ZgwSandboxApp
) -> None:
    trajectory = _open(world)
    zaak = _only_zaak(zgw)
    registration = ZaakRegistration.objects.get(trajectory=trajectory)
    assert registration.zaak_url == zaak["url"]
    assert registration.identificatie == zaak["identificatie"]
    assert zaak["startdatum"] == "2026-10-01" and zaak["zaaktype"] == zgw.zaaktype_url
    assert "Testpersoon" not in str(zaak) and world.person_a and world.person_a.bsn not in str(zaak)
    assert _status_names(zgw) == ["Aangemeld"]
    assert registration.zaak_status == "Aangemeld"


def test_status_changes_are_mirrored_and_ending_closes_the_zaak(
    world: World, zgw: ZgwSandboxApp, clock: TimeMachineFixture
) -> None:
    trajectory = _open(world)
    clock.shift(timedelta(minutes=1))
    trajectories.change_status(trajectory, TrajectoryStatus.INTAKE)
    clock.shift(timedelta(minutes=1))
    trajectories.change_status(
        trajectory, TrajectoryStatus.COMPLETED, end_reason=EndReason.EXAM_PASSED
    )
    assert _status_names(zgw) == ["Aangemeld", "Brede intake", "Afgerond"]
    zaak = _only_zaak(zgw)
    assert zaak["einddatum"] == "2026-11-23"
    last = max(zgw.state.statussen.values(), key=lambda s: str(s["datumStatusGezet"]))
    assert last["statustoelichting"] == "Examen gehaald (diploma)"
    assert not ZgwCall.objects.exclude(state=CallState.DONE).exists()


def test_a_suspension_keeps_the_zaak_status_and_blocks_nothing(
    world: World, zgw: ZgwSandboxApp, clock: TimeMachineFixture
) -> None:
    trajectory = _open(world)
    clock.shift(timedelta(minutes=1))
    trajectories.change_status(trajectory, TrajectoryStatus.INTAKE)
    clock.shift(timedelta(minutes=1))
    trajectories.suspend_trajectory(trajectory)
    clock.shift(timedelta(minutes=1))
    trajectories.resume_trajectory(trajectory)
    assert _status_names(zgw) == ["Aangemeld", "Brede intake", "Brede intake"]
    assert not ZgwCall.objects.exclude(state=CallState.DONE).exists()


def test_the_pip_decision_is_stored_with_the_zaak(world: World, zgw: ZgwSandboxApp) -> None:
    trajectory = _open(world)
    trajectories.change_status(trajectory, TrajectoryStatus.INTAKE)
    assert world.person_a is not None
    user = world.user("klantmanager_a")
    draft = plans.draft_for(world.person_a, actor=user)
    draft.niveau = Niveau.B1
    draft.save()
    plans.vaststellen(draft, dagtekening=date(2026, 11, 20), confirm_late_switch=False, actor=user)
    [document] = zgw.state.documenten.values()
    assert document["titel"].startswith("PIP-beschikking")
    assert document["informatieobjecttype"] == zgw.informatieobjecttype_url("pip")
    content = zgw.state.inhoud[document["url"].rsplit("/", 1)[-1]]
    assert content.startswith(b"%PDF")
    [link] = zgw.state.zios.values()
    assert link["zaak"] == _only_zaak(zgw)["url"] and link["informatieobject"] == document["url"]


def test_a_dossier_pdf_is_stored_with_the_zaak_once(world: World, zgw: ZgwSandboxApp) -> None:
    _open(world)
    assert world.person_a is not None
    for _ in range(2):
        dossier.add_document(
            world.person_a,
            code="map_report",
            title="MAP-verslag",
            filename="map.pdf",
            content=b"%PDF-1.4 test",
            source_key="report-1",
        )
    [document] = zgw.state.documenten.values()
    assert document["titel"] == "MAP-verslag"
    assert document["informatieobjecttype"] == zgw.informatieobjecttype_url("document")
    assert len(zgw.state.zios) == 1


def test_a_status_set_in_the_zaaksysteem_reaches_the_dossier_once(
    world: World, zgw: ZgwSandboxApp
) -> None:
    trajectory = _open(world)
    services.subscribe()
    zgw.deliver_pending()  # the zaak Spil created itself: nothing to record
    zaak = _only_zaak(zgw)
    zgw.set_status_elsewhere(str(zaak["uuid"]), "Afgerond", "Afgehandeld in het zaaksysteem")
    [delivery] = zgw.pending
    zgw.pending.append(delivery)  # the Notificaties API delivers the same event twice
    zgw.deliver_pending()
    registration = ZaakRegistration.objects.get(trajectory=trajectory)
    assert registration.zaak_status == "Afgerond"
    assert registration.zaak_closed_on is not None
    entries = TimelineEntry.objects.filter(person=world.person_a, code="zaak_status")
    assert entries.count() == 1
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert world.person_a is not None
    page = client.get(reverse("persons:timeline", args=[world.person_a.public_id]))
    text = page.content.decode()
    assert "status in het zaaksysteem gezet op Afgerond" in text


def test_spils_own_changes_coming_back_are_not_recorded_as_changes_elsewhere(
    world: World, zgw: ZgwSandboxApp
) -> None:
    services.subscribe()
    trajectory = _open(world)
    trajectories.change_status(trajectory, TrajectoryStatus.INTAKE)
    assert zgw.deliver_pending() >= 2
    assert not TimelineEntry.objects.filter(code="zaak_status").exists()


def test_nothing_is_lost_while_the_zaaksysteem_is_down(
    world: World, zgw: ZgwSandboxApp, clock: TimeMachineFixture
) -> None:
    zgw.down = True
    trajectory = _open(world)
    trajectories.change_status(trajectory, TrajectoryStatus.INTAKE)
    waiting = ZgwCall.objects.filter(state=CallState.PENDING)
    assert waiting.count() == 3  # zaak, Aangemeld, Brede intake
    first = waiting.first()
    assert first is not None and first.attempts >= 1 and "503" in first.last_error
    assert zgw.state.zaken == {}
    zgw.down = False
    assert services.drain().done == 0  # the retry is not due yet
    clock.shift(timedelta(hours=1, minutes=1))
    assert services.drain().done == 3
    assert _status_names(zgw) == ["Aangemeld", "Brede intake"]


def test_a_refused_call_waits_for_the_beheerder(
    world: World, zgw: ZgwSandboxApp, settings: Any
) -> None:
    good = settings.SPIL_ZGW_ZAAKTYPE_URL
    settings.SPIL_ZGW_ZAAKTYPE_URL = good + "-unknown"
    _open(world)
    call = ZgwCall.objects.get(kind="create_zaak")
    assert call.state == CallState.FAILED and "400" in call.last_error
    status = ZgwCall.objects.get(kind="set_status")
    assert status.state == CallState.PENDING and status.attempts == 0  # waits behind it
    beheerder = sign_in(Client(), world.user("functioneel_beheerder"))
    page = beheerder.get(reverse("zaken:calls"))
    assert page.status_code == 200 and "De zaak registreren" in page.content.decode()
    assert page.context["counts"] == {"pending": 1, "failed": 1, "done": 0}
    settings.SPIL_ZGW_ZAAKTYPE_URL = good
    beheerder.post(reverse("zaken:retry", args=[call.pk]))
    call.refresh_from_db()
    assert call.state == CallState.DONE and len(zgw.state.zaken) == 1
    assert _status_names(zgw) == ["Aangemeld"]
    klantmanager = sign_in(Client(), world.user("klantmanager_a"))
    assert klantmanager.get(reverse("zaken:calls")).status_code == 403


def test_the_dossier_links_to_the_zaak(world: World, zgw: ZgwSandboxApp) -> None:
    _open(world)
    zaak = _only_zaak(zgw)
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert world.person_a is not None
    text = client.get(reverse("persons:detail", args=[world.person_a.public_id])).content.decode()
    assert f'href="{zaak["url"]}"' in text and str(zaak["identificatie"]) in text
    assert "Bijgewerkt" in text  # up to date


def test_switched_off_no_calls_and_nothing_shows(world: World, settings: Any) -> None:
    assert settings.SPIL_ZGW_ENABLED is False
    _open(world)
    assert not ZaakRegistration.objects.exists() and not ZgwCall.objects.exists()
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    assert client.get(reverse("zaken:calls")).status_code == 404
    assert "Zaaksysteem" not in client.get("/").content.decode()
    assert (
        Client().post("/api/zgw/notificaties", data={}, content_type="application/json").status_code
        == 404
    )
    klantmanager = sign_in(Client(), world.user("klantmanager_a"))
    assert world.person_a is not None
    text = klantmanager.get(
        reverse("persons:detail", args=[world.person_a.public_id])
    ).content.decode()
    assert "zaaksysteem" not in text.lower()
