"""The programmes part of the demo: groups with the demo trainer, enrolments from PIPs,
weeks of attendance with absences, a waiting list; idempotent, with or without PIPs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import User
from spil.audit.models import ProcessingRecord
from spil.core.calendar import TZ
from spil.dossier.models import Signal
from spil.programmes.models import (
    Attendance,
    Enrolment,
    Group,
    GroupMember,
    PlanItem,
    PlanMilestone,
    ProgrammeTemplate,
    Session,
    WaitingEntry,
)
from spil.programmes.services.attendance import ABSENCE_SIGNAL
from spil.programmes.tests.support import established_pip
from spil.testing import morning_of, sign_in
from spil_dev.demo import scenario_programmes
from spil_dev.demo.data import load_demo_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 5)


@pytest.fixture(autouse=True)
def _the_clock_shows_today(clock: Any) -> None:
    """Services read the clock; the stories are loaded for TODAY: both agree."""
    clock.move_to(morning_of(TODAY))


def _state() -> tuple[int, ...]:
    return (
        Group.objects.count(),
        Session.objects.count(),
        GroupMember.objects.count(),
        Enrolment.objects.count(),
        PlanItem.objects.count(),
        Attendance.objects.count(),
        WaitingEntry.objects.count(),
        Signal.objects.count(),
        ProcessingRecord.objects.count(),
    )


def test_without_pips_groups_attendance_and_waiting_list_still_come() -> None:
    load_demo_data(persons_per_municipality=5)
    first = scenario_programmes.load(TODAY)
    assert first["programme_groups_created"] == 4
    assert first["programme_enrolments_from_pip"] == 0
    assert first["programme_members_added"] == 10  # 5 in Gorinchem (MAP), 5 in Molenlanden
    assert first["attendance_recorded"] > 0
    assert first["waiting_list_added"] > 0
    trainer = User.objects.get(username="trainer")
    assert set(Group.objects.values_list("trainers", flat=True)) == {trainer.pk}
    running = Group.objects.get(code="demo-map-gorinchem-di")
    dates = [s.starts_at.astimezone(TZ).date() for s in running.sessions.all()]
    assert min(dates) < TODAY < max(dates)  # sessions around today
    statuses = set(Attendance.objects.values_list("status", flat=True))
    assert {"present", "absent", "excused"} <= statuses
    assert Signal.objects.filter(code=ABSENCE_SIGNAL).exists()
    assert not Attendance.objects.filter(session__starts_at__date__gte=TODAY).exists()
    # Every programme template is in use by a demo newcomer, milestones dated in their plan.
    templates = set(ProgrammeTemplate.objects.filter(is_active=True).values_list("pk", flat=True))
    in_use = set(
        Enrolment.objects.filter(person__bsn__startswith="999").values_list(
            "template_id", flat=True
        )
    )
    assert templates <= in_use
    assert first["programme_templates_shown"] == len(templates)
    assert PlanMilestone.objects.filter(enrolment__template__code="dalfsen-map-13-weken").exists()
    state = _state()
    second = scenario_programmes.load(TODAY)
    assert _state() == state
    assert set(second.values()) == {0}


def test_with_established_pips_newcomers_are_enrolled_from_them() -> None:
    load_demo_data(persons_per_municipality=5)
    from spil.persons.models import Person

    persons = list(Person.objects.filter(municipality__name="Gemeente Gorinchem").order_by("bsn"))
    start = date(2026, 9, 7)
    established_pip(persons[0], [("map", "Taalschool De Brug", "2.5", start, date(2026, 12, 20))])
    established_pip(
        persons[1],
        [("language", "ROC Rivierenland", "8", start, date(2027, 9, 5))],
        leerroute="z",
    )
    first = scenario_programmes.load(TODAY)
    assert first["programme_enrolments_from_pip"] == 2
    for person in persons[:2]:
        enrolment = Enrolment.objects.get(person=person)
        assert enrolment.pip_version is not None
        assert enrolment.items.filter(from_pip=True).exists()
    members = set(
        GroupMember.objects.filter(group__code="demo-map-gorinchem-di").values_list(
            "person_id", flat=True
        )
    )
    assert persons[0].pk in members  # enrolled from a PIP with MAP: placed first
    assert persons[1].pk not in members  # Z-route: no MAP
    state = _state()
    assert scenario_programmes.load(TODAY)["programme_enrolments_from_pip"] == 0
    assert _state() == state


def test_without_the_trainer_nothing_happens() -> None:
    assert set(scenario_programmes.load(TODAY).values()) == {0}


def test_the_trainer_sees_the_demo_groups() -> None:
    load_demo_data(persons_per_municipality=3)
    scenario_programmes.load(TODAY)
    client = sign_in(Client(), User.objects.get(username="trainer"))
    body = client.get(reverse("programmes:groups")).content.decode()
    assert "MAP Gorinchem dinsdagochtend" in body
    assert "PVT Molenlanden woensdagochtend" in body


def test_groups_have_places_and_childcare_and_a_municipality_chose_its_pvt_hours() -> None:
    """Issue 16: travel times and childcare constrain the demo's group assignment, and
    Molenlanden's 15 PVT hours are its own choice."""
    from spil.accounts.models import MunicipalSetting

    load_demo_data(persons_per_municipality=5)
    scenario_programmes.load(TODAY)
    leerdam = Group.objects.get(code="demo-map-vijfheerenlanden-do")
    assert (leerdam.postcode, leerdam.offers_childcare) == ("4141", True)
    evening = Group.objects.get(code="demo-pvt-gorinchem-ma-avond")
    assert (evening.postcode, evening.offers_childcare) == ("4201", False)
    setting = MunicipalSetting.objects.get(key="pvt_hours")
    assert (setting.organisation.name, setting.value) == ("Gemeente Molenlanden", 15)
