"""Issue 3, end to end: DUO fires SS139 at Spil's Notificatie API; Spil looks the details
up at the DUO sandbox and the name at the BRP sandbox (both real servers, DUO's and the
BRP's own OpenAPI contracts enforced); the person appears in the right klantmanager's
caseload with the 10-week deadline; the regisseur records a contact moment; the timeline
shows the DUO event and the contact moment. axe checks every page state."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from spil.duo.models import DuoNotification
from spil.persons.models import Person
from spil.rules import engine
from spil.testing import TEST_PASSWORD, build_world
from spil_dev.brp_sandbox import build_server
from spil_dev.duo_sandbox.sandbox_tools import (
    ensure_gemeente,
    ensure_person,
    fire_event,
    start_sandbox,
)
from tests.browser.conftest import check_axe, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BSN = "999990081"


@pytest.fixture
def sandboxes(settings: Any) -> Iterator[tuple[Any, Any]]:
    duo_server, duo_store = start_sandbox("127.0.0.1", 0, duo_oin=settings.SPIL_DUO_OIN)
    brp_server, brp_app = build_server("127.0.0.1", 0)
    brp_thread = threading.Thread(target=brp_server.serve_forever, daemon=True)
    brp_thread.start()
    settings.SPIL_DUO_BASE_URL = f"http://127.0.0.1:{duo_server.server_port}/v1"
    settings.SPIL_BRP_BASE_URL = f"http://127.0.0.1:{brp_server.server_port}/haalcentraal/api/brp"
    try:
        yield duo_store, brp_app.store
    finally:
        duo_server.shutdown()
        brp_server.shutdown()


def test_duo_event_to_caseload_to_contact_moment(
    context: Any, live_server: Any, settings: Any, sandboxes: tuple[Any, Any]
) -> None:
    duo_store, brp_store = sandboxes
    world = build_world()
    notificaties = f"{live_server.url}/api/duo/v1/notificaties"
    today = timezone.localdate()
    ensure_gemeente(duo_store, world.gemeente_a.oin, "0001", "Aadorp", notificaties)
    ensure_gemeente(duo_store, world.gemeente_b.oin, "0002", "Bedorp", None)
    ensure_person(duo_store, BSN, world.gemeente_a.oin, plicht_begindatum=today)
    brp_store.add_person(
        bsn=BSN,
        voornamen="Selam",
        geslachtsnaam="Haile",
        geboortedatum="1994-05-17",
        straat="Kerkstraat",
        huisnummer=12,
        postcode="4201AB",
        woonplaats="Aadorp",
    )

    fired = fire_event(
        bsn=BSN,
        gebeurtenis_id="SS139",
        gemeente_oin=world.gemeente_a.oin,
        duo_oin=settings.SPIL_DUO_OIN,
        url=notificaties,
    )
    assert fired.status_code == 201, fired.response_errors
    assert not fired.response_errors
    notification = DuoNotification.objects.get(bericht_id=fired.bericht_id)
    assert notification.status == "processed", notification.last_error
    person = Person.objects.get(bsn=BSN)
    assert person.municipality == world.gemeente_a
    assert person.family_name == "Haile"
    due = engine.leerroute_deadline(notification.registratie_datum_tijd.date()).due
    assert today + timedelta(weeks=10) - timedelta(days=1) <= due <= today + timedelta(weeks=10)

    # The other municipality's klantmanager does not see the person.
    other = world.user("klantmanager_b")
    page = context.new_page()
    sign_in_ui(page, other.username, TEST_PASSWORD, other.pk)
    page.goto("/personen/?q=Haile")
    assert page.locator("tbody tr").count() == 0
    context.clear_cookies()

    # The regisseur finds the person in the caseload with the 10-week deadline.
    km = world.user("klantmanager_a")
    person.refresh_from_db()
    assert person.regisseur == km
    sign_in_ui(page, km.username, TEST_PASSWORD, km.pk)
    page.goto("/personen/?q=Haile")
    check_axe(page)
    row = page.locator("tbody tr")
    assert row.count() == 1
    assert row.locator(f"time[datetime='{due:%Y-%m-%d}']").count() == 1

    # The dossier's summary shows the deadline, its timeline the DUO event.
    base = f"/personen/{person.public_id}/"
    page.click(f"a[href='{base}']")
    page.wait_for_url(f"**{base}")
    check_axe(page)
    assert page.locator(f".spil-summary time[datetime='{due:%Y-%m-%d}']").count() == 1
    page.click(f"nav a[href='{base}tijdlijn/']")
    page.wait_for_url(f"**{base}tijdlijn/")
    check_axe(page)
    assert "SS139" in page.locator("#timeline-list").inner_text()

    # The regisseur records a contact moment; the timeline shows both.
    page.click(f"main a[href='{base}contactmoment/']")
    page.wait_for_url(f"**{base}contactmoment/")
    page.select_option("#id_cm-kind", "intake")
    page.fill("#id_cm-notes", "Eerste kennismaking na melding van DUO.")
    page.click("#contact-moment button[type=submit]")
    page.wait_for_url(f"**{base}tijdlijn/")
    check_axe(page)
    timeline = page.locator("#timeline-list").inner_text()
    assert "Eerste kennismaking na melding van DUO." in timeline
    assert "SS139" in timeline
