"""The e-learning end to end through the services: a newcomer works through the modules
(wrong answer, retry, reflection), time counts as MAP practice hours up to the cap, the
last module tells the trainer; the trainer confirms, the report lands in the dossier and
the klantmanager gets the eindgesprek task. Behind schedule raises a signal; the window's
last week sends one reminder."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from spil.dossier.models import Document, Signal, Task, TimelineEntry
from spil.elearning import queries, services
from spil.elearning.models import Completion, Module, Progress
from spil.elearning.tests.support import elearning_world
from spil.programmes.models import HoursEntry
from spil.programmes.services.attendance import hours_summary
from spil.testing import World, morning_of

pytestmark = pytest.mark.django_db


def _answer_all(plan: queries.Plan, state: queries.ModuleState, clock: Any) -> None:
    for number, page in enumerate(state.pages, start=1):
        services.open_page(plan, state)
        clock.shift(timedelta(minutes=10))
        if page["kind"] == "choice":
            services.answer_page(plan, state, number, str(page["answer"]))
        elif page["kind"] == "reflection":
            services.answer_page(plan, state, number, "Ik wil in de zorg werken, dichtbij huis.")
        else:
            services.answer_page(plan, state, number)


def test_a_module_with_retry_and_the_whole_e_learning(
    world: World, clock: Any, mailoutbox: list[Any]
) -> None:
    _group, setting = elearning_world(world)
    trainer = world.user("trainer")
    trainer.email = "trainer@taalschool.example"
    trainer.save()
    person = world.person_a
    assert person is not None
    plan = queries.plan_for(person)
    assert plan is not None
    assert [m.module.theme for m in plan.modules] == setting.themes
    assert plan.ends_on == date(2027, 1, 25)

    state = plan.modules[0]
    choice = next(n for n, p in enumerate(state.pages, start=1) if p["kind"] == "choice")
    wrong = (state.pages[choice - 1]["answer"] + 1) % len(state.pages[choice - 1]["options"])
    services.open_page(plan, state)
    result = services.answer_page(plan, state, choice, str(wrong))
    assert result.correct is False
    assert state.pages[choice - 1]["key"] not in state.progress.pages_done  # type: ignore[union-attr]
    short = services.answer_page(plan, state, len(state.pages), "kort")
    assert short.error == "Please write a few sentences."

    _answer_all(plan, state, clock)
    progress = Progress.objects.get(person=person, module=state.module)
    assert progress.completed_at is not None
    assert progress.answers[state.pages[choice - 1]["key"]]["tries"] == 2
    # About an hour on the pages, credited as MAP practice hours (cap 2 hours).
    entry = HoursEntry.objects.get(person=person, source_key=f"elearning:{progress.pk}")
    assert Decimal("0.8") <= entry.hours <= Decimal("1.0")
    assert hours_summary(person).map.practice_hours_done >= float(entry.hours)

    for state in plan.modules[1:]:
        _answer_all(plan, state, clock)
    completion = Completion.objects.get(person=person)
    assert completion.trainer_notified_at is not None
    assert [m.to for m in mailoutbox] == [["trainer@taalschool.example"]]
    assert person.family_name not in mailoutbox[0].body
    assert queries.completions_to_review(trainer) == [completion]
    assert queries.completions_to_review(world.user("klantmanager_b")) == []

    services.confirm_completion(completion, actor=trainer, note="Goed gedaan.")
    document = Document.objects.get(person=person, code="elearning_report")
    assert bytes(document.content).startswith(b"%PDF")
    task = Task.objects.get(person=person, code="plan_map_eindgesprek")
    assert task.assignee == world.user("klantmanager_a")
    assert TimelineEntry.objects.filter(person=person, kind="document").exists()
    # Confirming twice changes nothing.
    services.confirm_completion(completion, actor=trainer)
    assert Task.objects.filter(person=person, code="plan_map_eindgesprek").count() == 1


def test_a_newcomer_keeps_the_version_they_started(world: World) -> None:
    elearning_world(world)
    person = world.person_a
    assert person is not None
    plan = queries.plan_for(person)
    assert plan is not None
    state = plan.modules[0]
    services.open_page(plan, state)
    first = state.version
    content = dict(first.content)
    content["pages"] = [*content["pages"], content["pages"][0] | {"key": "extra"}]
    services.save_version(content, actor=None)
    again = queries.plan_for(person)
    assert again is not None
    assert again.modules[0].version == first
    other = Module.objects.get(code=state.module.code)
    assert queries.current_version(other).number == 2  # type: ignore[union-attr]


def test_behind_schedule_signal_and_one_reminder_in_the_last_week(
    world: World, clock: Any, mailoutbox: list[Any]
) -> None:
    elearning_world(world)
    person = world.person_a
    assert person is not None
    person.email = "amal@example.org"
    person.save()
    # Three weeks in, nothing done: behind (5 modules in 9 weeks).
    clock.move_to(morning_of(date(2026, 12, 14)))
    counts = services.check_schedules()
    assert counts["behind"] == 1
    assert Signal.objects.filter(person=person, code="elearning_behind").exists()
    assert not mailoutbox
    # The window's last week: one reminder, however often the check runs.
    clock.move_to(morning_of(date(2027, 1, 20)))
    services.check_schedules()
    services.check_schedules()
    assert len(mailoutbox) == 1
    assert "25-01-2027" in mailoutbox[0].body
