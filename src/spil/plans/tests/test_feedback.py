"""What the klantmanager is told on the intake and PIP pages: what was not saved and why,
what comes next, what the plan builds on, and what DUO answered when sent again."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.intake import services as intake_services
from spil.plans import services
from spil.plans.models import DuoStatus
from spil.plans.tests.support import new_trajectory, sandbox
from spil.testing import World, sign_in
from spil.trajectories.models import Niveau

pytestmark = pytest.mark.django_db

KOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"


@pytest.fixture
def km(world: World) -> Client:
    return sign_in(Client(), world.user("klantmanager_a"))


def test_a_step_not_saved_says_so_and_links_to_the_field(world: World, km: Client) -> None:
    assert world.person_a is not None
    intake_services.start_intake(world.person_a, actor=world.user("klantmanager_a"))
    url = reverse("intake:step", args=[world.person_a.public_id, "gesprek"])
    page = km.post(url, {"interpreter_present": "on", "_next": ""}).content.decode()
    assert "Not saved. Check these fields:" in page
    assert 'href="#id_date"' in page


def test_completing_the_intake_points_to_the_pip(world: World, km: Client) -> None:
    assert world.person_a is not None
    intake = intake_services.start_intake(world.person_a, actor=world.user("klantmanager_a"))
    url = reverse("intake:step", args=[world.person_a.public_id, "focus"])
    assert 'name="_stop"' not in km.get(url).content.decode()
    response = km.post(url, {"focus": "participation", "focus_note": "Werk eerst"}, follow=True)
    page = response.content.decode()
    assert "The broad intake is complete. You can now draft the PIP." in page
    assert "Next step: the plan (PIP)" in page
    intake.refresh_from_db()
    assert intake.status == "completed"


def test_the_draft_shows_what_the_intake_found(world: World, km: Client) -> None:
    assert world.person_a is not None
    user = world.user("klantmanager_a")
    new_trajectory(world.person_a)
    intake = intake_services.start_intake(world.person_a, actor=user)
    intake_services.save_step(
        intake, "taal", {"speaking": "A1", "literacy": "analfabeet"}, actor=user
    )
    intake_services.save_step(intake, "ambities", {"dream_job": KOK}, actor=user)
    draft = services.draft_for(world.person_a, actor=user)
    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    page = km.get(reverse("plans:edit", args=[world.person_a.public_id, draft.pk])).content.decode()
    assert "From the broad intake" in page
    assert "Not literate (analfabeet)" in page and "speaking: A1" in page and ">kok<" in page
    record = ProcessingRecord.objects.exclude(pk__in=before).get()
    assert set(record.data_categories) == {
        "identity",
        "trajectory",
        "education",
        "language",
        "work",
    }
    overview = km.get(reverse("plans:overview", args=[world.person_a.public_id])).content.decode()
    assert "The broad intake is not complete yet" in overview


def test_sending_again_tells_what_duo_answered(
    world: World, km: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert world.person_a is not None
    duo = sandbox(monkeypatch, world.gemeente_a, world.gemeente_b)
    duo.register(world.person_a)
    new_trajectory(world.person_a)
    user = world.user("klantmanager_a")
    draft = services.draft_for(world.person_a, actor=user)
    draft.niveau = Niveau.B1
    draft.save()
    version = services.queue_for_duo(
        services.vaststellen(
            draft, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user
        )
    )
    page_url = reverse("plans:version", args=[world.person_a.public_id, version.pk])
    assert "Send to DUO now" in km.get(page_url).content.decode()
    resend = reverse("plans:resend", args=[world.person_a.public_id, version.pk])
    page = km.post(resend, follow=True).content.decode()
    assert "DUO accepted the PIP." in page
    version.refresh_from_db()
    assert version.duo_status == DuoStatus.ACCEPTED
    page = km.post(resend, follow=True).content.decode()
    assert "DUO has already accepted this version." in page


def test_tasks_the_work_answers_close_by_themselves(world: World) -> None:
    """Starting the intake closes "plan the broad intake"; a DUO-accepted PIP reads well."""
    from spil.dossier import services as dossier_services
    from spil.dossier import texts
    from spil.dossier.models import Task, TaskStatus
    from spil.intake import services as intake_services

    person = world.person_a
    assert person is not None
    actor = world.user("klantmanager_a")
    task = dossier_services.create_task(person, code="duo_plan_intake", source_key="t1")
    intake_services.start_intake(person, actor=actor)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert not Task.objects.filter(person=person, status=TaskStatus.OPEN).exists()
    assert (
        texts.timeline_text("duo_event", "pip_accepted_by_duo") == "DUO event: PIP accepted by DUO"
    )
