"""Access by basis, in the browser: the taalschool sees exactly the participant its
municipality contracted it for; the klantmanager records a consent for welzijn on the
access page; the newcomer stops sharing in Mijn inburgering, and the welzijn buddy no
longer finds the person. axe-core finds no violations on any page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from spil.partners.tests.support import contract_school_for_person_a
from spil.portal.tests.support import portal_world
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partners_see_exactly_their_basis(browser: Any, live_server: Any) -> None:
    world = build_world()
    portal_world(world)
    person, other = world.person_a, world.person_b
    assert person is not None and other is not None
    contract_school_for_person_a(world)

    school = browser.new_context(base_url=live_server.url, locale="nl-NL")
    school.set_default_timeout(15_000)
    page = school.new_page()
    staff = world.user("partner_staff")
    sign_in_ui(page, staff.username, TEST_PASSWORD, staff.pk)
    page.goto(reverse("partners:participants"))
    check_axe(page)
    table = page.locator("table").inner_text()
    assert person.full_name in table
    assert other.full_name not in table
    page.click(f"text={person.full_name}")
    page.wait_for_url(f"**/deelnemers/{person.public_id}/")
    check_axe(page)
    assert person.bsn not in page.content()
    assert page.goto(reverse("partners:participant", args=[other.public_id])).status == 404
    school.close()

    office = browser.new_context(base_url=live_server.url, locale="nl-NL")
    office.set_default_timeout(15_000)
    page = office.new_page()
    manager = world.user("klantmanager_a")
    sign_in_ui(page, manager.username, TEST_PASSWORD, manager.pk)
    page.goto(reverse("persons:detail", args=[person.public_id]))
    page.click("text=Wie mag wat zien en waarom")
    page.wait_for_url(f"**/personen/{person.public_id}/toegang/")
    check_axe(page)
    assert "Taalschool" in page.locator("table").inner_text()
    page.select_option("#id_organisation", label="Welzijn")
    page.select_option("#id_purpose", value="ervaringsdeskundige_begeleiding")
    page.check("input[name=categories][value=identity]")
    page.check("input[name=given_how][value=interpreter]")
    with page.expect_navigation():
        page.click("text=Toestemming vastleggen")
    check_axe(page)
    assert "Welzijn" in page.locator("table").inner_text()
    office.close()

    buddy_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    buddy_context.set_default_timeout(15_000)
    buddy_page = buddy_context.new_page()
    buddy = world.user("buddy")
    sign_in_ui(buddy_page, buddy.username, TEST_PASSWORD, buddy.pk)
    person_url = reverse("partners:participant", args=[person.public_id])
    assert buddy_page.goto(person_url).status == 200

    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="nl-NL"
    )
    phone.set_default_timeout(15_000)
    page = phone.new_page()
    page.goto(reverse("portal:sign_in"))
    page.click("button[type=submit]")
    page.wait_for_url("**/digid-mock/**")
    page.fill("#bsn", person.bsn)
    page.click("button[type=submit]")
    page.wait_for_url("**/mijn/")
    page.goto(reverse("portal:data"))
    check_axe(page)
    with page.expect_navigation():
        page.click("#sharing ~ section button[value=stop]")
    assert "sharing=stopped" in page.url
    check_axe(page)
    phone.close()

    assert buddy_page.goto(person_url).status == 404
    buddy_context.close()
