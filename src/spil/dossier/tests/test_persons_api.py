"""The REST API for persons, trajectories, tasks and contact moments."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from spil.audit.models import ProcessingRecord
from spil.dossier.models import ContactMoment, Task, TaskStatus, TimelineEntry, TimelineKind
from spil.persons.tests import factories
from spil.testing import World, sign_in
from spil.trajectories.models import DeadlineKind, TrajectoryStatus


@pytest.fixture
def api(world: World) -> Client:
    return sign_in(Client(), world.user("klantmanager_a"))


def test_persons_filter_by_status_and_search(world: World, api: Client) -> None:
    running = factories.make_person(world.gemeente_a, "Lopend")
    factories.make_trajectory(running, next_deadline=date(2027, 1, 1))
    body = api.get("/api/v1/persons/", {"status": "running"}).json()
    assert [p["family_name"] for p in body["results"]] == ["Lopend"]
    assert body["results"][0]["status"] == "running"
    body = api.get("/api/v1/persons/", {"status": "none"}).json()
    assert [p["family_name"] for p in body["results"]] == ["Testpersoon"]
    assert body["results"][0]["status"] is None
    body = api.get("/api/v1/persons/", {"q": running.bsn}).json()
    assert [p["family_name"] for p in body["results"]] == ["Lopend"]


def test_trajectory_carries_deadlines_with_their_rule(world: World, api: Client) -> None:
    assert world.person_a is not None
    trajectory = factories.make_trajectory(
        world.person_a, next_deadline=date(2026, 12, 1), kind=DeadlineKind.LEERROUTE
    )
    factories.make_extension(trajectory, date(2028, 9, 2))
    body = api.get(f"/api/v1/trajectories/{trajectory.pk}/").json()
    assert body["person"] == str(world.person_a.public_id)
    assert body["deadlines"] == [
        {
            "kind": "leerroute",
            "due": "2026-12-01",
            "is_estimate": True,
            "rule": {
                "key": "leerroute_rule",
                "valid_from": "2022-01-01",
                "source": "Wet inburgering 2021 (source for leerroute)",
                "checked_on": "2026-11-23",
            },
        }
    ]
    assert body["extensions"][0]["ground_code"] == "MEDISCH"
    listed = api.get("/api/v1/trajectories/", {"status": TrajectoryStatus.COMPLETED}).json()
    assert listed["count"] == 0


def test_create_manual_task_and_mark_it_done(world: World, api: Client) -> None:
    assert world.person_a is not None
    world.person_a.regisseur = world.user("klantmanager_a")
    world.person_a.save()
    url = f"/api/v1/persons/{world.person_a.public_id}/tasks/"
    response = api.post(url, {"title": "Bel de taalschool"}, content_type="application/json")
    assert response.status_code == 201
    task = response.json()
    assert task["title"] == "Bel de taalschool" and task["assignee"] == "klantmanager_a"
    assert TimelineEntry.objects.filter(kind=TimelineKind.TASK_CREATED).count() == 1
    assert api.get("/api/v1/tasks/", {"mine": "true"}).json()["count"] == 1
    done = api.post(f"/api/v1/tasks/{task['id']}/done/")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert Task.objects.get().status == TaskStatus.DONE
    assert api.get("/api/v1/tasks/").json()["count"] == 0
    assert api.get("/api/v1/tasks/", {"status": "done"}).json()["count"] == 1
    bad = api.post(url, {"due": "2027-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and "title" in bad.json()


def test_contact_moment_api_validates_and_records(world: World, api: Client) -> None:
    assert world.person_a is not None
    url = f"/api/v1/persons/{world.person_a.public_id}/contact-moments/"
    records = ProcessingRecord.objects.count()
    bad = api.post(
        url,
        {"kind": "intake", "date": "2026-01-05", "interpreter_present": True},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "interpreter_language" in bad.json()
    assert not ContactMoment.objects.exists()
    assert ProcessingRecord.objects.count() == records
    good = api.post(
        url,
        {
            "kind": "intake",
            "date": "2026-01-05",
            "interpreter_present": True,
            "interpreter_language": "tir",
        },
        content_type="application/json",
    )
    assert good.status_code == 201 and good.json()["author"] == "klantmanager_a"
    assert TimelineEntry.objects.filter(kind=TimelineKind.CONTACT_MOMENT).count() == 1
    listed = api.get(url).json()
    assert [m["interpreter_language"] for m in listed["results"]] == ["tir"]


def test_api_refuses_other_municipalitys_person(world: World) -> None:
    assert world.person_a is not None
    api_b = sign_in(Client(), world.user("klantmanager_b"))
    url = f"/api/v1/persons/{world.person_a.public_id}/contact-moments/"
    body = {"kind": "intake", "date": "2026-01-05"}
    assert api_b.post(url, body, content_type="application/json").status_code == 404
    task = factories.make_task(world.person_a)
    assert api_b.post(f"/api/v1/tasks/{task.pk}/done/").status_code == 404
    assert not ContactMoment.objects.exists()
