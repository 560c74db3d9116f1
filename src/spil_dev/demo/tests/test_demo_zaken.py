"""`spil demo` registers its trajectories as zaken in the ZGW sandbox it starts, and the
dossier links each zaak (in the sandbox's zaaksysteem page)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from spil.accounts.models import User
from spil.accounts.roles import Role
from spil.testing import sign_in
from spil.trajectories.models import Trajectory
from spil.zaken.models import CallState, ZaakRegistration, ZgwCall

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_demo_registers_its_trajectories_as_zaken(
    settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = f"http://127.0.0.1:{_free_port()}"
    settings.VAR_DIR = tmp_path
    settings.SPIL_ZGW_ENABLED = True
    settings.SPIL_ZGW_ZAKEN_URL = f"{base}/zaken/api/v1"
    settings.SPIL_ZGW_CATALOGI_URL = f"{base}/catalogi/api/v1"
    settings.SPIL_ZGW_DOCUMENTEN_URL = f"{base}/documenten/api/v1"
    settings.SPIL_ZGW_NOTIFICATIES_URL = f"{base}/notificaties/api/v1"
    catalogi = f"{base}/catalogi/api/v1"
    settings.SPIL_ZGW_ZAAKTYPE_URL = f"{catalogi}/zaaktypen/5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d02"
    settings.SPIL_ZGW_INFORMATIEOBJECTTYPE_PIP_URL = (
        f"{catalogi}/informatieobjecttypen/5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d03"
    )
    settings.SPIL_ZGW_INFORMATIEOBJECTTYPE_DOCUMENT_URL = (
        f"{catalogi}/informatieobjecttypen/5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d04"
    )
    settings.SPIL_ZGW_ZAAK_UI_URL = f"{base}/zaaksysteem/zaken/{{uuid}}"

    call_command("demo", "--no-serve", "--no-duo")

    assert "Zaaksysteem:" in capsys.readouterr().out
    trajectories = Trajectory.objects.count()
    assert trajectories and ZaakRegistration.objects.exclude(zaak_url="").count() == trajectories
    assert not ZgwCall.objects.exclude(state=CallState.DONE).exists()
    registration = ZaakRegistration.objects.select_related("person").first()
    assert registration is not None
    klantmanager = User.objects.filter(
        memberships__role=Role.KLANTMANAGER,
        memberships__organisation=registration.person.municipality,
    ).first()
    assert klantmanager is not None
    client = sign_in(Client(), klantmanager)
    page = client.get(reverse("persons:detail", args=[registration.person.public_id]))
    text = page.content.decode()
    zaak_uuid = registration.zaak_url.rsplit("/", 1)[-1]
    link = f"{base}/zaaksysteem/zaken/{zaak_uuid}"
    assert link in text and registration.identificatie in text
    assert httpx.get(link).status_code == 200  # the zaaksysteem's page of the zaak
