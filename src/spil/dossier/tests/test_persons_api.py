"""The REST API for persons, trajectories, tasks and contact moments."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation import override

from spil.audit.models import ProcessingRecord
from spil.audit.purposes import ProcessingAction
from spil.dossier.api.persons import BSN_IN_ADDRESS
from spil.dossier.models import ContactMoment, Task, TaskStatus, TimelineEntry, TimelineKind
from spil.persons.tests import factories
from spil.testing import World, logged_person_ids, sign_in
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
    body = api.get("/api/v1/persons/", {"q": "lopend"}).json()
    assert [p["family_name"] for p in body["results"]] == ["Lopend"]


SEARCH = "/api/v1/persons/search/"


def search(api: Client, body: dict[str, Any], query: str = "") -> Any:
    return api.post(SEARCH + query, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("number", ["999990019", "9999 90 019", "9999.90.019", "123", "1-2"])
def test_a_number_in_the_address_is_refused_with_the_way_to_search_for_a_bsn(
    world: World, api: Client, number: str
) -> None:
    records = ProcessingRecord.objects.count()
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"  # a Dutch-speaking user
    refused = api.get("/api/v1/persons/", {"q": number}, headers={"accept-language": "nl"})
    assert refused.status_code == 400
    message = refused.json()["q"][0]
    assert "POST /api/v1/persons/search/" in message and "BSN" in message
    with override("en"):
        assert message != str(BSN_IN_ADDRESS)  # in Dutch
    assert ProcessingRecord.objects.count() == records  # nobody was shown


def test_search_by_post_takes_a_bsn_and_is_scoped_and_recorded(world: World, api: Client) -> None:
    running = factories.make_person(world.gemeente_a, "Lopend")
    factories.make_trajectory(running, next_deadline=date(2027, 1, 1))
    elsewhere = factories.make_person(world.gemeente_b, "Elders")
    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    spaced = f"{running.bsn[:4]} {running.bsn[4:6]} {running.bsn[6:]}"
    found = search(api, {"q": spaced})
    assert found.status_code == 200
    body = found.json()
    assert body["count"] == 1 and body["next"] is None
    assert [p["family_name"] for p in body["results"]] == ["Lopend"]
    assert running.bsn not in found.request["QUERY_STRING"]
    record = ProcessingRecord.objects.exclude(pk__in=before).get()
    assert record.actor == world.user("klantmanager_a")
    assert record.handeling == ProcessingAction.VIEW
    assert logged_person_ids(record) == {running.pk}
    assert set(record.data_categories) == {"bsn", "identity", "trajectory"}
    # Scoped like the list: another municipality's person is not found, nor recorded.
    assert search(api, {"q": elsewhere.bsn}).json()["results"] == []
    # A name, and the status filter, in the body too.
    assert [p["family_name"] for p in search(api, {"q": "lopend"}).json()["results"]] == ["Lopend"]
    assert search(api, {"q": "lopend", "status": "none"}).json()["count"] == 0
    assert search(api, {"q": "lopend", "status": "running"}).json()["count"] == 1


def test_search_by_post_refuses_what_the_list_refuses(world: World, api: Client) -> None:
    records = ProcessingRecord.objects.count()
    bad = search(api, {"q": "1234 56 789"})  # nine digits failing the 11-check
    assert bad.status_code == 400 and "q" in bad.json()
    assert search(api, {"status": "running"}).status_code == 400  # q is required
    assert search(api, {"q": "x", "status": "nope"}).status_code == 400
    assert search(api, {"q": "test"}, "?page=0").json() == bad_page()
    assert search(api, {"q": "test"}, "?page=2").status_code == 404
    assert ProcessingRecord.objects.count() == records


def test_search_by_post_pages_like_the_list(world: World, api: Client) -> None:
    for number in range(51):
        factories.make_person(world.gemeente_a, f"Zoek{number:02}")
    first = search(api, {"q": "zoek"}).json()
    assert first["count"] == 51 and len(first["results"]) == 50
    assert first["next"] == "http://testserver/api/v1/persons/search/?page=2"
    second = search(api, {"q": "zoek"}, "?page=2").json()
    assert [p["family_name"] for p in second["results"]] == ["Zoek50"]
    assert second["previous"] == "http://testserver/api/v1/persons/search/"


def bad_page() -> dict[str, list[str]]:
    return {"page": ["Enter a page number of 1 or more."]}


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
