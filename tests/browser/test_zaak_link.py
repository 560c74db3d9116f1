"""With the zaaksysteem link on, the klantmanager finds the person's zaak in the dossier
(identificatie, status, "up to date") and a status a colleague set in the zaaksysteem on
the timeline; the beheerder finds the zaaksysteem page in the menu. axe-core checks each."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from spil.testing import TEST_PASSWORD, build_world
from spil.trajectories import services as trajectories
from spil.zaken import services as zaken
from spil_dev.testing import zgw as zgw_support
from spil_dev.zgw_sandbox import ZgwSandboxApp
from tests.browser.conftest import check_axe, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

zgw = zgw_support.zgw


def test_the_dossier_links_the_zaak_and_shows_changes_made_there(
    context: Any, zgw: ZgwSandboxApp
) -> None:
    world = build_world()
    person = world.person_a
    assert person is not None
    trajectories.open_trajectory(
        person, municipality=world.gemeente_a, plicht_start=date(2026, 10, 1)
    )
    zaken.subscribe()
    [zaak] = zgw.state.zaken.values()
    zgw.set_status_elsewhere(str(zaak["uuid"]), "Brede intake", "Intake gepland")
    zgw.deliver_pending()

    km = world.user("klantmanager_a")
    page = context.new_page()
    sign_in_ui(page, km.username, TEST_PASSWORD, km.pk)
    page.goto(f"/personen/{person.public_id}/")
    link = page.locator("#zaak a")
    assert link.inner_text() == zaak["identificatie"]
    assert link.get_attribute("href") == zaak["url"]
    assert "Brede intake" in page.locator("#zaak").inner_text()
    check_axe(page)
    page.goto(f"/personen/{person.public_id}/tijdlijn/")
    assert "Brede intake" in page.locator("#timeline").inner_text()
    check_axe(page)

    beheerder = world.user("functioneel_beheerder")
    admin = context.browser.new_context(base_url=context.pages[0].url.split("/personen")[0])
    admin_page = admin.new_page()
    sign_in_ui(admin_page, beheerder.username, TEST_PASSWORD, beheerder.pk)
    admin_page.goto("/beheer/zaaksysteem/")
    assert "Alle berichten aan het zaaksysteem zijn verstuurd." in admin_page.content()
    check_axe(admin_page)
    admin.close()


def test_the_beheerder_finds_a_refused_call_and_retries_it(
    context: Any, zgw: ZgwSandboxApp, settings: Any
) -> None:
    world = build_world()
    person = world.person_a
    assert person is not None
    good = settings.SPIL_ZGW_ZAAKTYPE_URL
    settings.SPIL_ZGW_ZAAKTYPE_URL = good + "-unknown"
    trajectories.open_trajectory(
        person, municipality=world.gemeente_a, plicht_start=date(2026, 10, 1)
    )
    settings.SPIL_ZGW_ZAAKTYPE_URL = good

    beheerder = world.user("functioneel_beheerder")
    page = context.new_page()
    sign_in_ui(page, beheerder.username, TEST_PASSWORD, beheerder.pk)
    page.goto("/beheer/zaaksysteem/")
    rows = page.locator("#zgw-open ~ .spil-table-wrap tbody tr")
    assert rows.count() == 2  # the refused zaak, its status waiting behind it
    assert "De zaak registreren" in rows.first.inner_text()
    check_axe(page)
    rows.first.get_by_role("button").click()
    page.wait_for_url("**/beheer/zaaksysteem/")
    assert "Alle berichten aan het zaaksysteem zijn verstuurd." in page.content()
    assert len(zgw.state.zaken) == 1
