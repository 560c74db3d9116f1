"""A klantmanager filters the caseload, opens a dossier, records a contact moment with an
interpreter and finds it on the timeline; axe-core checks every state of every page, on a
desktop and at phone width."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from spil.persons.models import Person
from spil.persons.tests import factories
from spil.testing import TEST_PASSWORD, World, build_world
from spil.trajectories.models import DeadlineKind, TrajectoryStatus
from tests.browser.conftest import check_axe, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _data() -> tuple[World, Person]:
    world = build_world()
    person = world.person_a
    assert person is not None
    km = world.user("klantmanager_a")
    person.regisseur = km
    person.date_of_birth = date(1991, 3, 14)
    person.country_of_origin = "ER"
    person.languages = ["tir", "ara"]
    person.preferred_language = "tir"
    person.interpreter_needed = True
    person.phone = "0612345678"
    person.street = "Dorpsstraat 1"
    person.postcode = "4201AA"
    person.city = "Aadorp"
    person.save()
    factories.add_child(person, timezone.localdate() - timedelta(days=800), "Saba")
    trajectory = factories.make_trajectory(
        person, next_deadline=timezone.localdate() + timedelta(days=20), kind=DeadlineKind.LEERROUTE
    )
    factories.make_extension(trajectory, date(2028, 9, 2))
    factories.make_task(person, "set_leerroute", due=timezone.localdate() + timedelta(days=10))
    factories.make_signal(person, "SS126", "urgent")
    factories.make_history(person, 30)
    other = factories.make_person(world.gemeente_a, "Zonderpad", given_names="Yonas")
    factories.make_trajectory(other, status=TrajectoryStatus.INTAKE)
    return world, person


def test_klantmanager_records_a_contact_moment_with_an_interpreter(context: Any) -> None:
    world, person = _data()
    km = world.user("klantmanager_a")
    page = context.new_page()
    sign_in_ui(page, km.username, TEST_PASSWORD, km.pk)

    # The caseload, then filtered to running trajectories with an open SS126 signal.
    page.goto("/personen/")
    check_axe(page)
    assert page.locator("tbody tr").count() == 2
    page.select_option("#id_status", "running")
    page.select_option("#id_signal", "SS126")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**status=running**")
    check_axe(page)
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Testpersoon" in rows.inner_text() and "SS126" in rows.inner_text()

    # The dossier opens on its summary: the next deadline with its countdown, the urgent
    # signal, the open task.
    base = f"/personen/{person.public_id}/"
    page.click(f"a[href='{base}']")
    page.wait_for_url(f"**{base}")
    check_axe(page)
    assert page.locator("h1").inner_text() == "Amal Testpersoon"
    assert "20 dagen" in page.locator(".spil-countdown").inner_text()
    assert "SS126" in page.locator("#signals").inner_text()
    assert page.locator("#tasks li").count() == 1

    # The person section has a URL of its own; the back button returns to the summary.
    page.click(f"nav a[href='{base}persoon/']")
    page.wait_for_url(f"**{base}persoon/")
    check_axe(page)
    assert "Tigrinya" in page.locator("#person-heading + dl").inner_text()
    page.go_back()
    page.wait_for_url(f"**{base}")
    assert page.locator("#tasks li").count() == 1

    # The contact-moment form opens from the timeline, on its own page. An interpreter
    # without a language: the error names the field, nothing is recorded.
    page.click(f"nav a[href='{base}tijdlijn/']")
    page.wait_for_url(f"**{base}tijdlijn/")
    check_axe(page)
    page.click(f"main a[href='{base}contactmoment/']")
    page.wait_for_url(f"**{base}contactmoment/")
    check_axe(page)
    page.check("#id_cm-interpreter_present")
    page.select_option("#id_cm-interpreter_language", "")
    page.click("#contact-moment button[type=submit]")
    page.wait_for_selector("#contact-moment [role=alert]")
    check_axe(page)
    assert page.locator("#id_cm-interpreter_language").get_attribute("aria-invalid") == "true"
    page.click("#contact-moment [role=alert] a")
    assert page.evaluate("document.activeElement.id") == "id_cm-interpreter_language"

    # Now complete, and it shows on the timeline.
    page.select_option("#id_cm-kind", "home_visit")
    page.check("#id_cm-interpreter_present")
    page.select_option("#id_cm-interpreter_language", "tir")
    page.check("#id_cm-peer_expert_present")
    page.fill("#id_cm-notes", "Kennismaking thuis, met tolk Tigrinya.")
    page.click("#contact-moment button[type=submit]")
    page.wait_for_url(f"**{base}tijdlijn/")
    check_axe(page)
    first = page.locator("#timeline-list > li").first
    assert "Kennismaking thuis, met tolk Tigrinya." in first.inner_text()
    assert "Tigrinya" in first.inner_text()

    # Older entries through HTMX.
    before = page.locator("#timeline-list > li").count()
    page.click("#timeline-more a")
    # A locator, not wait_for_function: its polling evaluates a string, which the CSP forbids.
    page.locator("#timeline-list > li").nth(before).wait_for()
    check_axe(page)

    # Another client manager: a page of its own, reached from the person section.
    page.goto(f"{base}persoon/")
    page.click(f"main a[href='{base}regisseur/']")
    page.wait_for_url(f"**{base}regisseur/")
    check_axe(page)

    # The task is done without leaving the summary.
    page.goto(base)
    page.click("#tasks button[type=submit]")
    page.wait_for_selector("#tasks .utrecht-alert--ok")
    check_axe(page)


def test_caseload_and_dossier_at_phone_width(browser: Any, live_server: Any) -> None:
    world, person = _data()
    km = world.user("klantmanager_a")
    ctx = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 390, "height": 844}
    )
    ctx.set_default_timeout(15_000)
    try:
        page = ctx.new_page()
        sign_in_ui(page, km.username, TEST_PASSWORD, km.pk)
        base = f"/personen/{person.public_id}/"
        for path in ["/personen/", base, f"{base}overdracht/", f"{base}afspraken/"]:
            page.goto(path)
            check_axe(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} scrolls sideways at phone width ({width}px)"
    finally:
        ctx.close()
