"""The intake in steps: saved per step, resumable, with who was present, barriers that are
followed, and a suggested focus with reasons (the klantmanager decides)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from spil.intake import services
from spil.intake.models import Barrier, BarrierStatus, Focus, Intake, IntakeStatus
from spil.intake.picker import occupation_choice, search_choices
from spil.plans.tests.support import new_trajectory
from spil.testing import World, sign_in
from spil.trajectories.models import TrajectoryStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def km(world: World) -> Client:
    return sign_in(Client(), world.user("klantmanager_a"))


def _url(world: World, slug: str = "") -> str:
    assert world.person_a is not None
    if not slug:
        return reverse("intake:overview", args=[world.person_a.public_id])
    return reverse("intake:step", args=[world.person_a.public_id, slug])


def test_steps_are_saved_and_the_intake_resumes_where_it_stopped(world: World, km: Client) -> None:
    assert world.person_a is not None
    trajectory = new_trajectory(world.person_a, status=TrajectoryStatus.NEW)
    start = reverse("intake:start", args=[world.person_a.public_id])
    response = km.post(start)
    assert response.url == _url(world, "gesprek")  # type: ignore[attr-defined]
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.INTAKE
    response = km.post(
        _url(world, "gesprek"),
        {
            "date": "2026-02-10",
            "home_visit": "on",
            "interpreter_present": "on",
            "interpreter_language": "Arabisch",
            "peer_expert_present": "on",
            "partner_present": "on",
            "own_conversation_offered": "on",
            "_next": "",
        },
    )
    assert response.url == _url(world, "opleiding")  # type: ignore[attr-defined]
    response = km.post(_url(world, "opleiding"), {"highest_level": "secondary_upper", "_stop": ""})
    assert response.url == _url(world)  # type: ignore[attr-defined]
    intake = Intake.objects.get()
    conversation = intake.step("gesprek")
    assert conversation["interpreter_present"] is True
    assert conversation["interpreter_language"] == "Arabisch"
    assert conversation["peer_expert_present"] is True
    assert conversation["own_conversation_offered"] is True
    assert conversation["date"] == "2026-02-10"
    # Resuming: the start button leads to the first step not saved yet.
    assert km.post(start).url == _url(world, "werk")  # type: ignore[attr-defined]
    page = km.get(_url(world, "opleiding")).content.decode()
    assert 'value="secondary_upper" selected' in page


def test_work_history_and_ambitions_are_esco_occupations(world: World, km: Client) -> None:
    assert world.person_a is not None
    services.start_intake(world.person_a, actor=world.user("klantmanager_a"))
    welder = search_choices("lasser")[0]
    assert welder.isco_code.startswith("7212")
    response = km.post(
        _url(world, "ambities"),
        {"dream_job": welder.uri, "dream_job_realism": "Kan via BBL", "_next": ""},
    )
    assert response.status_code == 302
    assert Intake.objects.get().step("ambities")["dream_job"] == welder.uri
    bad = km.post(_url(world, "ambities"), {"dream_job": "http://example.org/x", "_next": ""})
    assert bad.status_code == 200
    assert "Choose an occupation from the list." in bad.content.decode()


def test_search_without_script_shows_hits_and_saves_nothing(world: World, km: Client) -> None:
    assert world.person_a is not None
    services.start_intake(world.person_a, actor=world.user("klantmanager_a"))
    page = km.post(
        _url(world, "werk"), {"occupation_1__q": "autospuiter", "_search": "occupation_1"}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert 'type="radio" name="occupation_1"' in body and "ISCO" in body
    assert Intake.objects.get().step("werk") == {}


def test_occupation_search_endpoint(world: World, km: Client) -> None:
    url = reverse("intake:occupations")
    body = km.get(url, {"field": "plan_b", "plan_b__q": "kok"}).content.decode()
    assert 'name="plan_b"' in body and "ISCO" in body
    assert km.get(url, {"field": "x-1", "x-1__q": "kok"}).status_code == 404
    buddy = sign_in(Client(), world.user("buddy"))
    assert buddy.get(url, {"field": "plan_b", "plan_b__q": "kok"}).status_code == 404
    assert occupation_choice("nonsense") is None


def test_barriers_are_followed_until_solved(world: World, km: Client) -> None:
    assert world.person_a is not None
    services.start_intake(world.person_a, actor=world.user("klantmanager_a"))
    km.post(
        _url(world, "belemmeringen"),
        {"kind": "childcare", "owner": "Klantmanager", "action": "Aanvraag KOT", "status": "open"},
    )
    barrier = Barrier.objects.get()
    assert barrier.status == BarrierStatus.OPEN
    km.post(_url(world, "belemmeringen"), {f"barrier-{barrier.pk}": "solved"})
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.SOLVED and barrier.solved_at is not None
    missing = km.post(_url(world, "belemmeringen"), {"kind": "debts"})
    assert "A barrier needs an owner and an action." in missing.content.decode()


def test_suggested_focus_with_reasons_and_the_klantmanager_decides(
    world: World, km: Client
) -> None:
    person = world.person_a
    assert person is not None
    person.date_of_birth = date(2003, 5, 1)
    person.save()
    user = world.user("klantmanager_a")
    intake = services.start_intake(person, actor=user)
    services.save_step(intake, "opleiding", {"highest_level": "bachelor"}, actor=user)
    services.save_step(intake, "leerbaarheid", {"lbt_result": "b1_reachable"}, actor=user)
    focus, reasons = services.suggest_focus(intake, today=date(2026, 3, 1))
    assert focus == Focus.EDUCATION
    assert {r["code"] for r in reasons} == {"education_level", "lbt_b1", "young"}
    page = km.get(_url(world, "focus")).content.decode()
    assert "Suggested focus" in page and "Younger than 28" in page
    Barrier.objects.create(
        intake=intake, person=person, kind="debts", owner="Schuldhulp", action="Intake"
    )
    assert services.suggest_focus(intake)[0] == Focus.STABILISATION
    response = km.post(_url(world, "focus"), {"focus": "participation", "focus_note": "Wil werken"})
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.focus == Focus.PARTICIPATION and intake.suggested_focus == Focus.STABILISATION
    assert intake.status == IntakeStatus.COMPLETED


def test_the_lesson_hours_of_the_broad_intake_go_to_duo(
    world: World, km: Client, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    """PUT bredeintake/taallesknm, validated both ways against DUO's YAML by the client and
    the sandbox, after the step is saved (never inside its transaction)."""
    from django.db import connection

    from spil.plans.tests.support import Duo, sandbox

    person = world.person_a
    assert person is not None
    duo: Duo = sandbox(monkeypatch, world.gemeente_a)
    duo.register(person)
    services.start_intake(person, actor=world.user("klantmanager_a"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = km.post(
            _url(world, "taal"), {"literacy": "none", "taalles_knm_hours": "36", "_stop": ""}
        )
    assert response.status_code == 302
    assert duo.store.person(person.bsn).uren == {}  # not yet: the transaction is open
    outer = len(connection.atomic_blocks)
    for callback in callbacks:
        callback()
    assert len(connection.atomic_blocks) == outer
    uren = duo.store.person(person.bsn).uren[world.gemeente_a.oin]
    assert uren.taalles_en_knm_brede_intake == 36
