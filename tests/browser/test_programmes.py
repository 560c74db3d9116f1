"""Programmes at phone width (390 x 844): a klantmanager creates a group, runs the
assignment, registers attendance for a session and sees the hours on the person's
programme page and dossier; enrols a person from their PIP; a functioneel beheerder adds a
school holiday after checking its effect. axe-core finds no WCAG 2.2 A/AA violations on
any of the pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.programmes.models import (
    Attendance,
    Enrolment,
    GroupMember,
    ProgrammeTemplate,
    SchoolHoliday,
)
from spil.programmes.pilot_templates import PILOT_TEMPLATES, load_pilot_templates
from spil.programmes.services import assignment
from spil.programmes.tests.support import established_pip, make_group
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits_phone_width(page: Any) -> bool:
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    )


def checked(page: Any) -> None:
    check_axe(page)
    assert fits_phone_width(page), f"{page.url} scrolls sideways at phone width"


def test_group_assignment_attendance_and_hours(context: Any, live_server: Any) -> None:
    world = build_world()
    person = world.person_a
    assert person is not None
    person.languages = ["ara", "nld"]
    person.save()
    today = timezone.localdate()
    assignment.register_waiting(
        person,
        "map",
        available=[f"{d}-morning" for d in ("mon", "tue", "wed", "thu", "fri", "sat")],
        locations=["Aadorp"],
        earliest_start=today,
        actor=None,
    )
    user = world.user("klantmanager_a")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)

    # Create a group.
    page.goto("/groepen/")
    checked(page)
    with page.expect_navigation():
        page.click("a[href='/groepen/nieuw/']")
    checked(page)
    page.fill("#id_g-name", "MAP Aadorp ochtend")
    page.fill("#id_g-code", "map-aadorp-ochtend")
    page.select_option("#id_g-kind", "map")
    page.fill("#id_g-location", "Aadorp")
    page.select_option("#id_g-weekday", "mon")
    page.select_option("#id_g-moment", "morning")
    page.fill("#id_g-start_time", "09:00")
    page.fill("#id_g-end_time", "12:00")
    page.fill("#id_g-start_date", today.isoformat())
    page.fill("#id_g-min_size", "1")
    page.click("main button[type=submit]")
    page.wait_for_url("**/groepen/map-aadorp-ochtend/")
    checked(page)

    # Run the assignment and accept the proposal.
    page.goto("/groepen/indeling/?kind=map")
    checked(page)
    page.click("button[name=action][value=propose]")
    page.wait_for_selector("button[name=action][value=accept]")
    checked(page)
    page.click("button[name=action][value=accept]")
    page.wait_for_url("**/groepen/indeling/?kind=map")
    checked(page)
    assert GroupMember.objects.filter(person=person, group__code="map-aadorp-ochtend").exists()

    # Register attendance for the first session: the whole group in one tap.
    page.goto("/groepen/map-aadorp-ochtend/")
    with page.expect_navigation():
        page.click("a[href='/groepen/map-aadorp-ochtend/bijeenkomsten/1/aanwezigheid/']")
    checked(page)
    page.click("button[name=everyone][value=present]")
    page.wait_for_url("**/groepen/map-aadorp-ochtend/")
    checked(page)
    assert Attendance.objects.get(person=person).status == "present"

    # The hours on the person's programme page: 3 MAP practice hours of at least 40.
    page.goto(f"/deelname/{person.public_id}/")
    checked(page)
    hours = page.locator("section[aria-labelledby=hours-heading] dd").first.inner_text()
    assert re.search(r"\b3[,.]0\b.*\b40\b", hours), hours

    # ... and inline on the dossier.
    page.goto(reverse("persons:programmes", args=[person.public_id]))
    checked(page)
    panel = page.locator("#programme-hours").inner_text()
    assert re.search(r"\b3[,.]0\b.*\b40\b", panel), panel


def test_enrol_from_the_pip(context: Any, live_server: Any) -> None:
    world = build_world()
    load_pilot_templates()  # flushed between tests
    person = world.person_a
    assert person is not None
    start = timezone.localdate() + timedelta(days=7)
    established_pip(
        person,
        [
            ("language", "Taalschool", "10", start, start + timedelta(weeks=40)),
            ("map", "Taalschool", "3", start, start + timedelta(weeks=13)),
        ],
    )
    user = world.user("klantmanager_a")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    page.goto(f"/deelname/{person.public_id}/")
    with page.expect_navigation():
        page.click(f"a[href='/deelname/{person.public_id}/uit-pip/']")
    checked(page)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/deelname/{person.public_id}/")
    checked(page)
    enrolment = Enrolment.objects.get(person=person)
    assert enrolment.pip_version is not None
    assert enrolment.items.filter(from_pip=True, provider="Taalschool").exists()


def test_school_holiday_with_its_effect(context: Any, live_server: Any) -> None:
    world = build_world()
    first = timezone.localdate() + timedelta(days=400)
    first -= timedelta(days=first.weekday())  # a Monday
    make_group(world, start_date=first - timedelta(weeks=1), session_count=4, weekday="tue")
    user = world.user("functioneel_beheerder")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    page.goto("/schoolvakanties/")
    checked(page)
    page.fill("#id_h-name", "Testvakantie")
    page.fill("#id_h-first_day", first.isoformat())
    page.fill("#id_h-last_day", (first + timedelta(days=6)).isoformat())
    page.click("button[name=action][value=check]")
    page.wait_for_selector("#effect")
    checked(page)
    assert "MAP Aadorp" in page.locator("#effect").inner_text()
    page.click("button[name=action][value=save]")
    page.wait_for_url("**/schoolvakanties/")
    checked(page)
    assert SchoolHoliday.objects.filter(name="Testvakantie").exists()


def test_enrol_from_the_pip_into_every_seed_template_shows_its_milestones(
    context: Any, live_server: Any
) -> None:
    """Each of the 13 seed programmes, enrolled from the PIP (accepting unmet entry
    conditions where asked), puts its milestones in the week plan; one is checked off."""
    world = build_world()
    load_pilot_templates()  # flushed between tests
    person = world.person_a
    assert person is not None
    start = timezone.localdate() + timedelta(days=7)
    established_pip(person, [("language", "Taalschool", "10", start, start + timedelta(weeks=40))])
    user = world.user("klantmanager_a")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    for spec in PILOT_TEMPLATES:
        template = ProgrammeTemplate.objects.get(code=spec.code)
        page.goto(
            f"/deelname/{person.public_id}/uit-pip/?template={template.pk}"
            f"&start_date={start.isoformat()}"
        )
        if spec.code == PILOT_TEMPLATES[0].code or spec.entry_level:
            checked(page)
        if page.locator("#id_accept_unmet").count():
            page.check("#id_accept_unmet")
        page.click("main form[method=post] button[type=submit]")
        page.wait_for_url(f"**/deelname/{person.public_id}/")
        assert Enrolment.objects.filter(person=person, template=template).exists(), spec.code
        plan = page.locator("section[aria-labelledby=plan-heading]").inner_text()
        for milestone in spec.milestones:
            assert milestone.name in plan, f"{spec.code}: {milestone.name}"
    checked(page)
    showtime = page.locator("li[data-milestone=showtime] button")
    with page.expect_navigation():
        showtime.click()
    checked(page)
    done = page.locator("li[data-milestone=showtime]")
    assert done.locator(".spil-badge").count() == 1  # "done on <date>"
    assert done.locator("button").count() == 0
    assert (
        Enrolment.objects.get(person=person, template__code="startprogramma-inburgering-plus")
        .milestones.get()
        .done_on
        is not None
    )


def test_template_editor_targets_are_large_enough(context: Any, live_server: Any) -> None:
    """The editor's remove checkboxes are at least 24 x 24 px (WCAG 2.2 target size)."""
    world = build_world()
    load_pilot_templates()
    user = world.user("beleidsmedewerker")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    page.goto("/programmas/almere-map-b1/bewerken/")
    checked(page)
    boxes = page.locator("input.spil-checkbox-target")
    assert boxes.count() >= 6  # phases, components, milestones, roles
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
