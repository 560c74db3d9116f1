"""A ketenoverleg from signals to task lists: the klantmanager plans a monthly meeting,
takes the proposal from signals, holds it (a note and an action), the action lands in the
owner's task lists, and closing writes the decision into the person's timeline. A
participant without access sees the meeting, never the name. Every page on the way has
zero WCAG 2.2 A/AA violations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from spil.dossier import services as dossier
from spil.dossier.models import Task, TaskStatus
from spil.ketenoverleg.models import MeetingSeries
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_prepared_from_signals_held_and_actions_in_task_lists(
    context: Any, browser: Any, live_server: Any
) -> None:
    set_language(context, live_server.url, "en")
    world = build_world()
    person = world.person_a
    assert person is not None
    dossier.raise_signal(person, "absence_streak", params={"count": 3})
    km = world.user("klantmanager_a")
    first = timezone.localdate() + timedelta(days=7)
    due = timezone.localdate() + timedelta(days=14)

    page = context.new_page()
    sign_in_ui(page, "klantmanager_a", TEST_PASSWORD, km.pk)
    page.goto("/ketenoverleg/")
    check_axe(page)
    page.click("text=Plan a recurring chain meeting")
    check_axe(page)
    page.fill("#id_name", "Ketenoverleg Aadorp")
    page.select_option("#id_organisation", label="Gemeente Aadorp")
    page.fill("#id_first_date", first.isoformat())
    page.fill("#id_start_time", "09:30")
    page.fill("#id_location", "Stadhuis")
    page.check("label:has-text('klantmanager_b') >> xpath=preceding-sibling::input")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/voorbereiden/" in page.url
    check_axe(page)

    proposal = page.locator("section[aria-labelledby=proposal-heading]").inner_text()
    assert person.full_name in proposal and "Absent several sessions in a row" in proposal
    with page.expect_navigation():
        page.click("text=Put the chosen cases on the agenda")
    agenda = page.locator("section[aria-labelledby=agenda-heading]").inner_text()
    assert person.full_name in agenda
    check_axe(page)

    page.click("text=Hold the meeting")
    check_axe(page)
    case = page.locator("section[id^=case-]").first
    case.locator("textarea").fill("Afwezig door kinderopvang; taalschool zoekt andere groep.")
    with page.expect_navigation():
        case.locator("text=Save note").click()
    case = page.locator("section[id^=case-]").first
    case.locator("input[name$=-description]").fill("Kinderopvang regelen met welzijn")
    case.locator("select[name$=-owner]").select_option(label=str(km))
    case.locator("input[name$=-due]").fill(due.isoformat())
    with page.expect_navigation():
        case.locator("text=Add action").click()
    check_axe(page)
    task = Task.objects.get(assignee=km, code="chain_action")
    assert task.status == TaskStatus.OPEN and task.due == due

    # The action is in the owner's task lists: the ketenoverleg's and the person's file.
    page.goto("/ketenoverleg/")
    assert (
        "Kinderopvang regelen met welzijn"
        in page.locator("section[aria-labelledby=actions-heading]").inner_text()
    )
    check_axe(page)
    page.goto(f"/personen/{person.public_id}/")
    assert "Kinderopvang regelen met welzijn" in page.locator("#tasks").inner_text()

    meeting = MeetingSeries.objects.get().meetings.get()
    page.goto(f"/ketenoverleg/{meeting.public_id}/")
    with page.expect_navigation():
        page.click("text=Close the meeting")
    check_axe(page)
    with page.expect_download() as download:
        page.click("button:has-text('Minutes (PDF)')")
    assert download.value.suggested_filename.startswith("verslag-ketenoverleg-")
    page.goto(f"/personen/{person.public_id}/tijdlijn/")
    assert "Discussed in the ketenoverleg" in page.content()

    # klantmanager_b takes part but may not see this person: the case is counted only.
    other = browser.new_context(base_url=live_server.url, locale="nl-NL")
    set_language(other, live_server.url, "en")
    other_page = other.new_page()
    sign_in_ui(other_page, "klantmanager_b", TEST_PASSWORD, world.user("klantmanager_b").pk)
    other_page.goto(f"/ketenoverleg/{meeting.public_id}/")
    check_axe(other_page)
    body = other_page.content()
    assert person.family_name not in body and "1 case outside your access" in body
    other.close()
