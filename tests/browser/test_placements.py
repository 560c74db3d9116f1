"""Wish first, then the work place: ambitions from the intake → ranked offers with their
explanation → proposal → introduction → start → employer check-in (on a phone) → the
buddy's own view and check-in → end with a next step. Every page on the way has zero
WCAG 2.2 A/AA violations."""

from __future__ import annotations

from typing import Any

import pytest

from spil.accounts.models import User
from spil.dossier.models import Signal
from spil.placements import services
from spil.placements.models import CheckIn, Placement, PlacementStatus
from spil.placements.tests.support import BAKKER, ambitions, employer_of, offer
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _on_a_phone(browser: Any, live_server: Any, user: User) -> tuple[Any, Any]:
    """A phone-sized browser context in English with `user` signed in, and its page."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=PHONE)
    set_language(context, live_server.url, "en")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    return context, page


def test_from_ambitions_to_the_end_of_a_placement(
    context: Any, browser: Any, live_server: Any
) -> None:
    # The steps below find buttons by their English labels.
    set_language(context, live_server.url, "en")
    world = build_world()
    person = world.person_a
    assert person is not None
    person.postcode = "4203"
    person.save()
    # The klantmanager recorded the ambitions in the broad intake: dream job cook, plan B
    # baker, speaking and listening A2 (through spil.intake.services).
    ambitions(person)
    employer = employer_of(world)
    kitchen = offer(employer, title="Leerwerkplek keuken")
    offer(employer, uri=BAKKER, title="Stage bakkerij")
    km = world.user("klantmanager_a")
    services.give_consent(km, person, employer, ["identity"])

    page = context.new_page()
    sign_in_ui(page, "klantmanager_a", TEST_PASSWORD, km.pk)
    page.goto("/werk/voorstel/")
    check_axe(page)
    page.click(f"a:has-text('{person.full_name}')")
    page.wait_for_url("**/matches/")
    check_axe(page)
    wish = page.locator("section[aria-labelledby=wish-heading]").inner_text()
    assert "kok" in wish and "bakker" in wish and "A2 / A2" in wish  # read from the intake
    first = page.locator("ol.spil-list > li").first
    assert "Leerwerkplek keuken" in first.inner_text()  # dream job (kok) before plan B (bakker)
    first.locator("summary").click()
    explanation = first.locator(".spil-parts").inner_text()
    assert "same occupation as dream job" in explanation
    check_axe(page)

    first.locator("button[type=submit]").click()
    page.wait_for_url("**/werk/plaatsingen/**")
    check_axe(page)
    placement = Placement.objects.get(offer=kitchen)
    assert placement.status == PlacementStatus.PROPOSED and placement.score

    page.click("summary:has-text('Assign the team')")
    page.select_option("#id_job_coach", label="jobcoach")
    page.select_option("#id_buddy", label="buddy")
    with page.expect_navigation():
        page.click("form[action$='/team/'] button[type=submit]")
    page.fill("#id_introduction-on", "2026-09-01")
    page.click("section[aria-labelledby=action-introduction] button[type=submit]")
    page.wait_for_selector("#id_start-on")
    check_axe(page)
    page.fill("#id_start-on", "2026-09-07")
    page.fill("#id_start-planned_end", "2026-12-31")
    page.click("section[aria-labelledby=action-start] button[type=submit]")
    page.wait_for_selector("#id_end-on")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.STARTED
    assert placement.job_coach == world.user("jobcoach")
    assert placement.buddy == world.user("buddy")

    # The employer checks in on a phone and sees only what the newcomer shared (the name).
    employer_ctx, phone = _on_a_phone(browser, live_server, world.user("employer_contact"))
    phone.goto("/werk/plaatsingen/")
    check_axe(phone)
    phone.click(f"a:has-text('{person.full_name}')")
    assert person.phone == "" or person.phone not in phone.content()
    phone.click("a:has-text('Check in')")
    phone.wait_for_url("**/checkin/")
    check_axe(phone)
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.check("input[name=mood][value=good]")
    phone.fill("#id_note", "Goede eerste week, op tijd en vrolijk.")
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/werk/plaatsingen/*/")
    check_axe(phone)
    employer_ctx.close()
    check = CheckIn.objects.get(placement=placement, author_role="employer_contact")
    assert check.mood == "good"

    # The buddy sees the placement they support (name, work place, schedule), on a phone.
    buddy_ctx, buddy_page = _on_a_phone(browser, live_server, world.user("buddy"))
    buddy_page.goto("/werk/begeleiding/")
    check_axe(buddy_page)
    buddy_page.click(f"a:has-text('{person.full_name}')")
    buddy_page.wait_for_url("**/werk/begeleiding/*/")
    check_axe(buddy_page)
    assert "Goede eerste week" not in buddy_page.content()  # not the employer's check-in
    buddy_page.check("input[name=mood][value=good]")
    buddy_page.fill("#id_note", "Samen geluncht.")
    buddy_page.click("main button[type=submit]")
    buddy_page.wait_for_url("**/werk/begeleiding/*/")
    assert "Samen geluncht." in buddy_page.content()
    check_axe(buddy_page)
    buddy_ctx.close()

    # The klantmanager ends the placement with a next step: no momentum signal.
    page.reload()
    assert "Goede eerste week" in page.content()
    page.fill("#id_end-on", "2026-12-31")
    page.select_option("#id_end-reason", "completed")
    page.fill("#id_end-next_step", "Opleiding kok niveau 2 (BBL)")
    page.fill("#id_end-next_step_on", "2027-02-01")
    page.select_option("#id_end-outcome", "internship")
    page.click("section[aria-labelledby=action-end] button[type=submit]")
    page.wait_for_selector("#id_next_step-next_step")
    check_axe(page)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED
    assert placement.next_step == "Opleiding kok niveau 2 (BBL)"
    assert not Signal.objects.filter(code=services.MOMENTUM_SIGNAL).exists()
    page.goto(f"/werk/personen/{person.public_id}/resultaten/")
    check_axe(page)
    assert "Leerwerkplek keuken" in page.content()
