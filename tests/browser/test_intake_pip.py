"""From the first conversation to a PIP DUO accepts, in the browser, in Dutch and Arabic:
the intake in steps (interrupted and resumed), the PIP drafted, a DUO rule refusing it with
a clear message, then established and accepted by DUO's sandbox, and the PDF downloaded.
Zero WCAG 2.2 A/AA violations (axe) on every step."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from spil.plans.models import DuoStatus, PipVersion
from spil.plans.tests.support import new_trajectory, sandbox
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next(page: Any) -> None:
    page.click("button[name=_next]")
    page.wait_for_load_state()


@pytest.mark.parametrize(("code", "direction"), [("nl", "ltr"), ("ar", "rtl")])
def test_intake_to_pip_accepted_by_duo(
    code: str, direction: str, context: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = build_world()
    person = world.person_a
    assert person is not None
    person.settlement_date = date(2026, 2, 2)
    person.save()
    new_trajectory(person)
    duo = sandbox(monkeypatch, world.gemeente_a, world.gemeente_b)
    duo.register(person)
    user = world.user("klantmanager_a")

    set_language(context, live_server.url, code)
    page = context.new_page()
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    base = f"/personen/{person.public_id}"

    # --- the intake, in steps
    page.goto(f"{base}/intake/")
    assert page.locator("html").get_attribute("dir") == direction
    check_axe(page)
    page.click(f"form[action='{base}/intake/starten/'] button")
    page.wait_for_url(f"**{base}/intake/gesprek/")
    check_axe(page)
    page.fill("#id_date", "2026-02-10")
    page.check("#id_interpreter_present")
    page.fill("#id_interpreter_language", "Arabisch")
    page.check("#id_peer_expert_present")
    page.check("#id_own_conversation_offered")
    _next(page)
    page.wait_for_url(f"**{base}/intake/opleiding/")
    check_axe(page)
    page.select_option("#id_highest_level", "secondary_upper")
    # Interrupted: save and stop.
    page.click("button[name=_stop]")
    page.wait_for_url(f"**{base}/intake/")
    check_axe(page)
    # Resumed: continue where it stopped.
    page.click(f"form[action='{base}/intake/starten/'] button")
    page.wait_for_url(f"**{base}/intake/werk/")
    check_axe(page)
    page.fill("#id_occupation_1", "lasser")
    page.wait_for_selector("input[type=radio][name=occupation_1]")
    check_axe(page)
    page.check("#id_occupation_1-hit-1")
    page.fill("#id_years_1", "6")
    _next(page)
    page.wait_for_url(f"**{base}/intake/taal/")
    check_axe(page)
    page.select_option("#id_speaking", "A1")
    _next(page)
    page.wait_for_url(f"**{base}/intake/gezondheid/")
    check_axe(page)
    page.fill("#id_mental_wellbeing", "6")
    _next(page)
    for slug in ("leefsituatie", "ambities"):
        page.wait_for_url(f"**{base}/intake/{slug}/")
        check_axe(page)
        _next(page)
    page.wait_for_url(f"**{base}/intake/belemmeringen/")
    check_axe(page)
    page.select_option("#id_kind", "childcare")
    page.fill("#id_owner", "Klantmanager")
    page.fill("#id_action", "Kinderopvang aanvragen")
    _next(page)
    page.wait_for_url(f"**{base}/intake/leerbaarheid/")
    check_axe(page)
    _next(page)
    page.wait_for_url(f"**{base}/intake/focus/")
    check_axe(page)
    page.check("#id_focus_1")
    _next(page)
    page.wait_for_url(f"**{base}/intake/")
    check_axe(page)

    # --- the PIP, drafted
    page.goto(f"{base}/pip/")
    check_axe(page)
    page.click(f"form[action='{base}/pip/concept/'] button")
    page.wait_for_url("**/bewerken/")
    check_axe(page)
    edit_url = page.url
    edit_path = edit_url.split(live_server.url)[1]
    page.select_option("#id_niveau", "A2")  # A2 in a first B1-route PIP: DUO refuses it
    page.fill("#id_goal_language", "B1 halen")
    with page.expect_navigation():
        page.click(f"form[action='{edit_path}'] button[type=submit]")
    page.fill("#id_component-provider", "Taalschool De Brug")
    page.fill("#id_component-hours_per_week", "12")
    page.fill("#id_component-start", "2026-03-09")
    page.fill("#id_component-end", "2027-03-08")
    with page.expect_navigation():
        page.click("form[action$='/onderdelen/'] button[type=submit]")
    check_axe(page)

    # --- a DUO rule refuses it, with a clear message naming the field
    page.fill("#id_establish-dagtekening", "2026-03-02")
    page.click("button[name=establish]")
    problem = page.locator(".spil-problem[data-code=a2_first_b1]")
    problem.wait_for()
    assert "A2" in problem.inner_text()
    if code == "nl":
        assert "Niveau" in problem.inner_text() or "Level" in problem.inner_text()
    check_axe(page)

    # --- fixed, established, accepted by DUO's sandbox
    page.goto(edit_url)
    page.select_option("#id_niveau", "B1")
    with page.expect_navigation():
        page.click(f"form[action='{edit_path}'] button[type=submit]")
    page.fill("#id_establish-dagtekening", "2026-03-02")
    page.click("button[name=establish]")
    page.wait_for_selector("#duo-status.utrecht-alert--ok")
    check_axe(page)
    stored = duo.store.person(person.bsn).actuele_pip
    assert stored is not None and stored.pip["niveau"] == "B1"

    # --- the PDF, downloaded
    with page.expect_download() as download_info:
        page.click("#pip-pdf")
    download = download_info.value
    path = download.path()
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.select_option("#summary-language", "ar")
    with page.expect_download() as summary_info:
        page.click("#summary-pdf")
    assert summary_info.value.suggested_filename.endswith("-ar.pdf")
    page.close()
    # The database is read only once the browser is done (SQLite in the live server).
    version = PipVersion.objects.get()
    assert version.status == "vastgesteld" and version.duo_status == DuoStatus.ACCEPTED
    assert version.dagtekening == date(2026, 3, 2)
