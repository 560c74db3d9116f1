"""The klantmanager's daily screens in Dutch and Arabic, on a desktop (1280 px) and a phone
(390 px): the start page, the caseload with its views, the dossier's summary and every
section, and the pages its forms open on. axe-core (WCAG 2.2 AA) checks each page; none
scrolls sideways; the caseload remembers its filters; a saved view comes back."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from spil.persons.models import Person
from spil.persons.tests import factories
from spil.testing import TEST_PASSWORD, World, build_world
from spil.trajectories.models import DeadlineKind, TrajectoryStatus
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["", "persoon/", "traject/", "programmas/", "werk/", "afspraken/", "tijdlijn/"]
FORMS = ["documenten/", "contactmoment/", "regisseur/", "overdracht/"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _data() -> tuple[World, Person]:
    world = build_world()
    person = world.person_a
    assert person is not None
    person.regisseur = world.user("klantmanager_a")
    person.date_of_birth = date(1991, 3, 14)
    person.country_of_origin = "SY"
    person.languages = ["ara"]
    person.phone = "0612345678"
    person.save()
    factories.add_child(person, timezone.localdate() - timedelta(days=800), "Rima")
    factories.make_trajectory(
        person, next_deadline=timezone.localdate() + timedelta(days=9), kind=DeadlineKind.LEERROUTE
    )
    factories.make_task(person, "set_leerroute", due=timezone.localdate() + timedelta(days=5))
    factories.make_signal(person, "SS126", "urgent")
    factories.make_history(person, 25)
    other = factories.make_person(world.gemeente_a, "Nieuwkomer", given_names="Yonas")
    factories.make_trajectory(other, status=TrajectoryStatus.NEW)
    return world, person


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("code", ["nl", "ar"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_start_caseload_and_every_dossier_section(
    code: str, viewport: str, browser: Any, live_server: Any
) -> None:
    world, person = _data()
    km = world.user("klantmanager_a")
    ctx = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport=VIEWPORTS[viewport]
    )
    ctx.set_default_timeout(15_000)
    try:
        set_language(ctx, live_server.url, code)
        page = ctx.new_page()
        sign_in_ui(page, km.username, TEST_PASSWORD, km.pk)
        page.goto("/")
        check_axe(page)
        assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
        assert _fits(page), "the start page scrolls sideways"

        page.goto("/personen/")
        check_axe(page)
        assert page.locator("tbody tr").count() == 2
        # A ready-made view: intake not started.
        page.locator(".spil-views__link").nth(1).click()
        page.wait_for_url("**status=new**")
        check_axe(page)
        assert page.locator("tbody tr").count() == 1
        assert "Nieuwkomer" in page.locator("tbody").inner_text()
        assert page.locator(".spil-views__link[aria-current=page]").count() == 1
        assert _fits(page), "the caseload scrolls sideways"

        base = f"/personen/{person.public_id}/"
        for path in [base + s for s in SECTIONS + FORMS]:
            page.goto(path)
            check_axe(page)
            assert _fits(page), f"{path} scrolls sideways"
            current = page.locator(".spil-sections__link[aria-current=page]")
            assert current.count() == 1, path
    finally:
        ctx.close()


def test_the_caseload_remembers_filters_and_keeps_a_saved_view(context: Any) -> None:
    world, person = _data()
    km = world.user("klantmanager_a")
    page = context.new_page()
    sign_in_ui(page, km.username, TEST_PASSWORD, km.pk)
    page.goto("/personen/")
    page.select_option("#id_signal", "urgent")
    page.check("#id_mine")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**signal=urgent**")
    assert page.locator("tbody tr").count() == 1
    # "My urgent" is the view these filters make.
    assert page.locator(".spil-views__link[aria-current=page]").first.inner_text() == (
        "Mijn urgente"
    )

    # Saved under a name of one's own.
    page.click(".spil-save-view summary")
    check_axe(page)
    page.fill("#id_view_name", "Spoed Aadorp")
    page.click(".spil-save-view button[type=submit]")
    page.wait_for_selector(".utrecht-alert--ok")
    check_axe(page)
    own = page.locator(".spil-views__own .spil-views__link")
    assert own.inner_text() == "Spoed Aadorp"

    # Cleared, then back after leaving: the caseload opens with the last filters.
    page.click("text=Filters wissen")
    page.wait_for_url("**sort=deadline")
    assert page.locator("tbody tr").count() == 2
    page.select_option("#id_status", "running")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**status=running**")
    page.goto(f"/personen/{person.public_id}/")
    page.goto("/personen/")
    page.wait_for_url("**status=running**")
    assert page.locator("#id_status").input_value() == "running"

    # The saved view brings its filters back; deleting it removes it.
    own.click()
    page.wait_for_url("**signal=urgent**")
    assert page.locator("tbody tr").count() == 1
    page.click(".spil-views__delete")
    page.wait_for_selector(".utrecht-alert--ok")
    assert page.locator(".spil-views__own").count() == 0
    check_axe(page)
