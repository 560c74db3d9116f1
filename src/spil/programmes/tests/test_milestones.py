"""Milestones in the week plan (dated from the start, repeats included, checked off by the
trainer or the klantmanager and recorded on the timeline), the programme group chosen by
the intake focus, and the entry conditions when enrolling from the PIP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.dossier.models import TimelineEntry
from spil.intake.models import Intake
from spil.programmes.models import (
    DuoResult,
    Enrolment,
    LanguageResult,
    PlanMilestone,
    ProgrammeTemplate,
)
from spil.programmes.services import enrolment as enrolment_service
from spil.programmes.tests.support import established_pip, make_group
from spil.testing import PersonalDataAccessMixin, World, sign_in

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 8, 31)


def _enrol(world: World, code: str) -> Any:
    assert world.person_a is not None
    return enrolment_service.enrol(
        world.person_a,
        ProgrammeTemplate.objects.get(code=code),
        MONDAY,
        actor=world.user("klantmanager_a"),
    )


def test_milestones_are_dated_in_the_week_plan_with_repeats(world: World) -> None:
    enrolment = _enrol(world, "almere-map-b1")
    dated = list(enrolment.milestones.values_list("name", "due_on", "checked_by"))
    week = timedelta(weeks=1)
    assert dated == [
        ("One-to-one intake with the account adviser", MONDAY + 12 * week, "klantmanager"),
        ("Evaluation", MONDAY + 12 * week, "trainer"),
        ("Evaluation", MONDAY + 25 * week, "trainer"),  # every 13 weeks, within 26 weeks
        ("MAP final meeting (eindgesprek)", MONDAY + 25 * week, "klantmanager"),
    ]
    tilburg = _enrol(world, "startprogramma-inburgering-plus")
    showtime = tilburg.milestones.get()
    assert (showtime.kind, showtime.due_on) == ("showtime", MONDAY + 7 * week)  # week 8


def test_the_week_plan_shows_the_milestones_and_the_klantmanager_checks_one_off(
    world: World,
) -> None:
    enrolment = _enrol(world, "startprogramma-inburgering-plus")
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    page = client.get(reverse("programmes:person", args=[world.person_a.public_id]))
    body = page.content.decode()
    assert "Showtime: the future plan to the klantregisseur" in body
    assert "Mark “Showtime: the future plan to the klantregisseur” done" in body
    milestone = enrolment.milestones.get()
    url = reverse("programmes:milestone_done", args=[world.person_a.public_id, milestone.pk])
    assert client.post(url).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == date(2026, 11, 23)
    assert milestone.done_by == world.user("klantmanager_a")
    entry = TimelineEntry.objects.get(person=world.person_a, kind="milestone")
    assert entry.params["name"] == milestone.name
    # Checking it again changes nothing.
    assert client.post(url).status_code == 302
    assert TimelineEntry.objects.filter(person=world.person_a, kind="milestone").count() == 1


def test_a_trainer_checks_off_only_the_trainers_milestones(world: World) -> None:
    make_group(world)  # the trainer trains person_a's group
    enrolment = _enrol(world, "almere-map-b1")
    assert world.person_a is not None
    trainer = sign_in(Client(), world.user("trainer"))
    evaluation = enrolment.milestones.filter(checked_by="trainer").first()
    intake = enrolment.milestones.filter(checked_by="klantmanager").first()
    refused = reverse("programmes:milestone_done", args=[world.person_a.public_id, intake.pk])
    assert trainer.post(refused).status_code == 403
    allowed = reverse("programmes:milestone_done", args=[world.person_a.public_id, evaluation.pk])
    assert trainer.post(allowed).status_code == 302
    evaluation.refresh_from_db()
    intake.refresh_from_db()
    assert evaluation.done_on is not None and intake.done_on is None


def test_the_trainer_sees_a_button_only_for_the_trainers_open_milestones(world: World) -> None:
    make_group(world)  # the trainer trains person_a's group
    enrolment = _enrol(world, "almere-map-b1")
    assert world.person_a is not None
    first = enrolment.milestones.filter(checked_by="trainer").order_by("due_on").first()
    first.done_on = date(2026, 11, 20)
    first.save(update_fields=["done_on"])
    trainer = sign_in(Client(), world.user("trainer"))
    body = trainer.get(reverse("programmes:person", args=[world.person_a.public_id]))
    buttons = body.content.decode().count("Mark “Evaluation” done")
    assert buttons == 1  # the second evaluation; the first is done
    assert "Mark “MAP final meeting (eindgesprek)” done" not in body.content.decode()


def test_the_intake_focus_puts_the_person_in_the_programmes_group(world: World) -> None:
    assert world.person_a is not None
    Intake.objects.create(person=world.person_a, focus="stabilisation")
    enrolment = _enrol(world, "dordrecht-drechtsteden")
    assert enrolment.stream is not None
    assert enrolment.stream.name == "Stabilisation"
    page = sign_in(Client(), world.user("klantmanager_a")).get(
        reverse("programmes:person", args=[world.person_a.public_id])
    )
    assert "Stabilisation" in page.content.decode()


def test_entry_conditions_stop_an_enrolment_from_the_pip_until_accepted(world: World) -> None:
    person = world.person_a
    assert person is not None
    start = date(2026, 12, 7)
    established_pip(person, [("map", "Gemeente", "3", start, start + timedelta(weeks=13))])
    almere = ProgrammeTemplate.objects.get(code="almere-map-b1")
    client = sign_in(Client(), world.user("klantmanager_a"))
    preview = client.get(
        reverse("programmes:enrol_from_pip", args=[person.public_id]),
        {"template": str(almere.pk), "start_date": start.isoformat()},
    ).content.decode()
    assert "Entry conditions not met" in preview
    assert "Starts after the PVT" in preview
    url = reverse("programmes:enrol_from_pip", args=[person.public_id])
    data = {"template": almere.pk, "start_date": start.isoformat()}
    client.post(url, data)
    assert not person.enrolments.exists()
    client.post(url, {**data, "accept_unmet": "on"})
    assert person.enrolments.get().template == almere
    # With end-A2 listening and speaking and a signed PVT the conditions are met.
    person.enrolments.all().delete()
    for skill in ("listening", "speaking"):
        LanguageResult.objects.create(person=person, skill=skill, level="A2", on=date(2026, 10, 1))
    DuoResult.objects.create(
        person=person, kind="pvt", on=date(2026, 10, 1), sent_at=datetime(2026, 10, 1, tzinfo=UTC)
    )
    client.post(url, data)
    assert person.enrolments.get().template == almere


class TestMilestoneDone(PersonalDataAccessMixin):
    """Checking off a milestone: the service's one record, then back to the week plan."""

    allowed_roles = ("klantmanager_a", "trainer")
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        if not world.person_a.group_memberships.exists():
            make_group(world)
        if not world.person_a.enrolments.exists():
            _enrol(world, "dalfsen-map-13-weken")
        return reverse("programmes:person", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        # Every request checks off a milestone of its own (a done one stays done).
        enrolment = Enrolment.objects.get()
        milestone = PlanMilestone.objects.create(
            enrolment=enrolment,
            kind="other",
            name=f"Milestone {PlanMilestone.objects.count() + 1}",
            due_on=MONDAY,
            checked_by="trainer",
        )
        return client.post(
            reverse("programmes:milestone_done", args=[enrolment.person.public_id, milestone.pk])
        )
