"""The newcomer's portal on a phone (360 x 740), in Arabic and in Tigrinya: sign in through
the DigiD mock, see the next session on the home page, report absence for it with a
reason; then the trainer sees the absence on the attendance list. axe-core finds no WCAG
2.2 A/AA violations on any page, and no page scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from spil.core.newcomer_texts import newcomer_gettext
from spil.portal.tests.support import portal_world
from spil.programmes.models import Attendance
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def checked(page: Any) -> None:
    check_axe(page)
    fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, f"{page.url} scrolls sideways at 360 px"


@pytest.mark.parametrize(
    ("preferred", "lang", "direction", "reason"),
    [
        ("ara", "ar", "rtl", "ابني مريض"),
        ("tir", "ti", "ltr", "ወደይ ሓሚሙ"),
    ],
)
def test_newcomer_reports_absence_and_the_trainer_sees_it(
    browser: Any, live_server: Any, preferred: str, lang: str, direction: str, reason: str
) -> None:
    world = build_world()
    group = portal_world(world)
    person = world.person_a
    assert person is not None
    person.preferred_language = preferred
    person.save()
    session = group.sessions.order_by("number")[0]

    def t(msgid: str) -> str:
        return newcomer_gettext(lang, msgid)

    phone = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    phone.set_default_timeout(15_000)
    page = phone.new_page()
    page.goto(reverse("portal:sign_in"))
    checked(page)
    page.click("button[type=submit]")  # Sign in with DigiD
    page.wait_for_url("**/digid-mock/**")
    checked(page)
    page.fill("#bsn", person.bsn)
    page.click("button[type=submit]")
    page.wait_for_url("**/mijn/")
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "dir") == direction
    checked(page)
    home = page.locator("#content")
    assert t("Your next lesson") in home.inner_text()
    assert group.name in home.inner_text()
    assert "24-11-2026" in home.inner_text()

    # Read aloud: headless chromium has no voice for the language, and says so.
    page.click("#read-aloud")
    page.wait_for_selector("#read-aloud-note:not([hidden])")
    assert t("Your browser has no voice for this language. Ask someone to read with you.") in (
        page.inner_text("#read-aloud-note")
    )
    checked(page)

    page.click(f"text={t('I cannot come')}")
    page.wait_for_url(f"**/mijn/agenda/{session.pk}/afmelden/")
    checked(page)
    page.fill("#reason", reason)
    page.click("#content button[type=submit]")
    page.wait_for_url("**/mijn/agenda/?sent=1")
    checked(page)
    assert t("Thank you. Your trainer knows that you cannot come.") in page.inner_text("#content")

    # The other pages, in the same language and as light.
    for name in ("portal:plan", "portal:progress", "portal:people", "portal:data"):
        page.goto(reverse(name))
        assert page.get_attribute("html", "lang") == lang
        checked(page)
    assert t("Who used your data") in page.inner_text("#content")
    page.goto(reverse("portal:agenda"))

    # The switch to Dutch, on every page.
    page.click("header button[value=nl]")
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "lang") == "nl"
    assert "U heeft gezegd dat u niet kunt komen." in page.inner_text("#content")
    checked(page)
    phone.close()

    mark = Attendance.objects.get(session=session, person=person)
    assert mark.reported_by_participant and mark.reason == reason

    office = browser.new_context(base_url=live_server.url, locale="nl-NL")
    office.set_default_timeout(15_000)
    trainer_page = office.new_page()
    trainer = world.user("trainer")
    sign_in_ui(trainer_page, trainer.username, TEST_PASSWORD, trainer.pk)
    trainer_page.goto(reverse("programmes:attendance", args=[group.code, session.number]))
    checked(trainer_page)
    text = trainer_page.inner_text("main")
    assert "De deelnemer heeft zich afgemeld in het portaal." in text
    assert trainer_page.input_value(f"#r-{person.pk}") == reason
    assert trainer_page.is_checked(f"#s-{person.pk}-excused")
    office.close()


def test_klantmanager_link_signs_a_newcomer_without_digid_in(
    browser: Any, live_server: Any
) -> None:
    """The klantmanager makes a one-time link on the dossier (QR code), the newcomer opens
    it on a phone and is signed in once; the link does not work a second time."""
    world = build_world()
    portal_world(world)
    person = world.person_a
    assert person is not None
    office = browser.new_context(base_url=live_server.url, locale="nl-NL")
    office.set_default_timeout(15_000)
    page = office.new_page()
    klantmanager = world.user("klantmanager_a")
    sign_in_ui(page, klantmanager.username, TEST_PASSWORD, klantmanager.pk)
    page.goto(reverse("persons:detail", args=[person.public_id]))
    page.click("text=Inloglink voor het portaal (inburgeraar zonder DigiD)")
    page.wait_for_url("**/portaal-link/")
    checked(page)
    page.click("main button[type=submit]")
    page.wait_for_selector("main img[alt='QR-code van de inloglink']")
    checked(page)
    link = page.get_attribute("main a[href*='/mijn/inloggen/link/']", "href")
    assert link
    office.close()

    phone = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    phone.set_default_timeout(15_000)
    mobile = phone.new_page()
    mobile.goto(link)
    checked(mobile)
    mobile.click("#content button[type=submit]")
    mobile.wait_for_url("**/mijn/")
    assert mobile.get_attribute("html", "lang") == "ar"
    checked(mobile)
    phone.close()

    again = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    second = again.new_page()
    second.goto(link)
    second.click("#content button[type=submit]")
    second.wait_for_selector("#content .error")
    checked(second)
    again.close()
