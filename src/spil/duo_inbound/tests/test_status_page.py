"""The DUO status page: who sees it, what it shows (never a full BSN), retry now."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.duo.models import DuoCall, DuoNotification, NotificationStatus
from spil.duo.tests.support import make_env
from spil.testing import PersonalDataAccessMixin, World, sign_in

pytestmark = pytest.mark.django_db


def failed_notification(world: World, *, gemeente: str = "a") -> DuoNotification:
    person = world.person_a if gemeente == "a" else world.person_b
    org = world.gemeente_a if gemeente == "a" else world.gemeente_b
    assert person is not None
    return DuoNotification.objects.create(
        bericht_id=uuid.uuid4(),
        bron="00000099000000000001",
        doel=org.oin,
        municipality=org,
        gebeurtenis_id="SS102",
        bsn=person.bsn,
        registratie_datum_tijd=datetime(2025, 5, 1, tzinfo=UTC),
        status=NotificationStatus.FAILED,
        attempts=8,
        last_error="DUO unavailable (getInburgeringstermijnByBsn: HTTP 503)",
        person=person,
    )


class TestDuoStatusPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a", "functioneel_beheerder")
    expected_categories = ("bsn", "trajectory")
    list_endpoint = True

    def url(self, world: World) -> str:
        failed_notification(world)
        return reverse("duo:status")


def test_the_page_masks_the_bsn_and_scopes_by_gemeente(world: World, settings: Any) -> None:
    settings.SPIL_DUO_BASE_URL = "http://127.0.0.1:9/v1"  # nothing listens there
    mine = failed_notification(world)
    theirs = failed_notification(world, gemeente="b")
    DuoCall.objects.create(
        operation_id="getInburgeringstermijnByBsn",
        status_code=503,
        error="HTTP 503",
        notification=mine,
    )
    page = (
        sign_in(Client(), world.user("klantmanager_a")).get(reverse("duo:status")).content.decode()
    )
    assert world.person_a is not None and world.person_b is not None
    assert world.person_a.bsn not in page and "*****0019" in page
    assert "*****0020" not in page  # gemeente B's failure
    assert str(world.person_a.public_id) in page  # a link to the dossier for the own caseload
    assert "getInburgeringstermijnByBsn" in page
    assert f'action="{reverse("duo:retry", args=[theirs.pk])}"' not in page
    beheer = sign_in(Client(), world.user("functioneel_beheerder")).get(reverse("duo:status"))
    text = beheer.content.decode()
    assert "*****0019" in text and "*****0020" in text
    assert str(world.person_a.public_id) not in text  # beheer does not open dossiers
    assert "not reachable" in text or "niet bereikbaar" in text


def test_retry_now_processes_again(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    env = make_env(world, monkeypatch)
    assert world.person_a is not None
    from spil_dev.duo_sandbox import sandbox_tools

    sandbox_tools.ensure_person(
        env.store, world.person_a.bsn, env.a, plicht_begindatum=datetime(2025, 1, 1).date()
    )
    n = failed_notification(world)
    client = sign_in(Client(), world.user("klantmanager_b"))
    assert client.post(reverse("duo:retry", args=[n.pk])).status_code == 404  # other gemeente
    assert (
        sign_in(Client(), world.user("trainer")).post(reverse("duo:retry", args=[n.pk])).status_code
        == 403
    )
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert client.get(reverse("duo:retry", args=[n.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("duo:retry", args=[n.pk]))
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.status == NotificationStatus.PROCESSED and n.last_error == ""
