"""A peer coach on a phone logs the first session and the first bus trip for the newcomer
assigned to them; the functioneel beheerder's monthly statement adds the hours up and
multiplies by the hourly rate. The klantmanager assigns the coach suggested first for the
newcomer's language, with the consent. Every page has zero WCAG 2.2 A/AA violations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from spil.accounts.models import Organisation
from spil.peercoaches import services
from spil.peercoaches.models import Activity, Assignment, CoachKind, Gender, PeerCoach
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_a_peer_coach_logs_hours_and_the_statement_adds_them_up(
    context: Any, browser: Any, live_server: Any
) -> None:
    set_language(context, live_server.url, "en")
    world = build_world()
    person = world.person_a
    assert person is not None
    person.languages = ["tir", "ara"]
    person.preferred_language = "tir"
    person.phone = "0612345678"
    person.save()
    welzijn = Organisation.objects.get(name="Welzijn")
    beheer = world.user("functioneel_beheerder")
    services.save_coach(
        beheer,
        PeerCoach(
            organisation=welzijn,
            display_name="Rania Haddad",
            languages=["ara"],
            gender=Gender.FEMALE,
            kind=CoachKind.PAID,
            hourly_rate=Decimal("20.00"),
        ),
    )
    yonas = services.save_coach(
        beheer,
        PeerCoach(
            organisation=welzijn,
            user=world.user("buddy"),
            display_name="Yonas Tesfay",
            languages=["tir"],
            gender=Gender.MALE,
            kind=CoachKind.PAID,
            hourly_rate=Decimal("18.50"),
        ),
    )

    # The klantmanager assigns the coach suggested first: Tigrinya is the preferred language.
    km = world.user("klantmanager_a")
    page = context.new_page()
    sign_in_ui(page, "klantmanager_a", TEST_PASSWORD, km.pk)
    page.goto(f"/ervaringsdeskundigen/personen/{person.public_id}/")
    check_axe(page)
    first = page.locator("#suggestions li").first
    assert "Yonas Tesfay" in first.inner_text()
    assert "Speaks Tigrinya, the preferred language" in first.inner_text()
    first.locator("input").check()
    page.check("#id_consent")
    page.check("input[name=consent_how][value=interpreter]")
    with page.expect_navigation():
        page.click("button:has-text('Assign the coach')")
    check_axe(page)
    assert "Yonas Tesfay" in page.locator("section[aria-labelledby=coaches-heading]").inner_text()
    assignment = Assignment.objects.get(coach=yonas, person=person)

    # The coach, on a phone, sees only his person and logs two activities.
    phone = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=PHONE)
    set_language(phone, live_server.url, "en")
    phone.set_default_timeout(15_000)
    coach = phone.new_page()
    sign_in_ui(coach, "buddy", TEST_PASSWORD, world.user("buddy").pk)
    coach.goto("/ervaringsdeskundigen/mijn-mensen/")
    check_axe(coach)
    people = coach.locator("#people").inner_text()
    assert "Amal Testpersoon" in people and "0612345678" in people
    assert "Anderpersoon" not in coach.content()
    coach.click("a:has-text('Amal Testpersoon')")
    coach.wait_for_url(f"**/{assignment.public_id}/")
    check_axe(coach)
    for kind, hours in (("first_session", "2.5"), ("public_transport", "1.25")):
        coach.check(f"input[name=kind][value={kind}]")
        coach.fill("#id_date", "2026-11-23")
        coach.fill("#id_hours", hours)
        with coach.expect_navigation():
            coach.click("button:has-text('Log the activity')")
        check_axe(coach)
    assert Activity.objects.filter(assignment=assignment).count() == 2
    assert "3.75 hours in all." in coach.locator("main").inner_text()
    coach.goto("/ervaringsdeskundigen/mijn-uren/?month=2026-11")
    check_axe(coach)
    totals = coach.locator("#totals").inner_text()
    assert "3.75" in totals and "69.38" in totals  # 3.75 h at 18.50 = 69.375
    phone.close()

    # The functioneel beheerder's statement for November adds the hours up.
    page.close()
    desk = browser.new_context(base_url=live_server.url, locale="nl-NL", accept_downloads=True)
    set_language(desk, live_server.url, "en")
    desk.set_default_timeout(15_000)
    admin = desk.new_page()
    sign_in_ui(admin, "functioneel_beheerder", TEST_PASSWORD, beheer.pk)
    admin.goto("/ervaringsdeskundigen/urenstaat/?month=2026-11")
    check_axe(admin)
    row = admin.locator("#statement tbody tr", has_text="Yonas Tesfay")
    assert "3.75" in row.inner_text() and "69.38" in row.inner_text()
    assert admin.locator("#total-hours").inner_text() == "3.75"
    assert admin.locator("#total-amount").inner_text() == "69.38"
    assert "Testpersoon" not in admin.locator("main").inner_text()
    with admin.expect_download() as download:
        admin.click("a:has-text('Download as CSV')")
    assert "Total for the coach" in download.value.path().read_text(encoding="utf-8-sig")
    desk.close()
