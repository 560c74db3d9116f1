"""Every gebeurtenis and attentiesignaal of DUO's spec is handled, each with its own effect.

Each case: the person is known at the sandbox (and, unless the event itself starts the
obligation, already followed in Spil after an SS139); the sandbox is brought into the state
the event describes (``sandbox_tools.apply_event``); the event is posted at the API and
processed through the Celery task; then the specific effect is asserted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from spil.dossier.models import Signal, SignalSeverity, Task, TimelineEntry
from spil.duo.contract import ALL_EVENTS
from spil.duo.models import DuoNotification, NotificationStatus
from spil.duo.tests.support import DuoEnv, make_env
from spil.duo_inbound import handlers
from spil.persons.models import Person
from spil.testing import World
from spil.trajectories.models import DeadlineStatus, TermExtension, Trajectory, TrajectoryStatus
from spil_dev.duo_sandbox import sandbox_tools

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=120)
DOCS = Path(__file__).resolve().parents[4] / "docs" / "duo-events.md"


@pytest.fixture
def duo(world: World, monkeypatch: pytest.MonkeyPatch) -> DuoEnv:
    return make_env(world, monkeypatch)


@dataclass
class Result:
    person: Person | None
    notification: DuoNotification

    @property
    def trajectories(self) -> list[Trajectory]:
        assert self.person is not None
        return list(Trajectory.objects.filter(person=self.person).order_by("created_at", "pk"))

    @property
    def trajectory(self) -> Trajectory:
        return self.trajectories[-1]

    def tasks(self) -> set[str]:
        return set(
            Task.objects.filter(source_key=str(self.notification.bericht_id)).values_list(
                "code", flat=True
            )
        )

    def signal(self, code: str) -> Signal:
        return Signal.objects.get(person=self.person, code=code, resolved_at__isnull=True)

    def entry(self) -> TimelineEntry:
        return TimelineEntry.objects.get(
            person=self.person,
            kind="duo_event",
            code=self.notification.gebeurtenis_id,
            params__bericht_id=str(self.notification.bericht_id),
        )


def _opened(r: Result) -> None:
    assert r.trajectory.is_active and r.trajectory.status == TrajectoryStatus.NEW
    assert r.trajectory.plicht_start == T0.date()
    assert "duo_plan_intake" in r.tasks()


def _opened_with_period(r: Result) -> None:
    _opened(r)
    assert r.trajectory.leerroute_period_start == T1.date()
    assert r.trajectory.next_deadline_kind == "leerroute"
    assert "duo_set_learning_route" in r.tasks()


def _ss128(r: Result) -> None:
    _opened(r)
    assert r.signal("SS128").severity == SignalSeverity.WARNING
    assert "duo_aow_assess" in r.tasks()


def _ss121(r: Result) -> None:
    assert r.person is not None and r.person.municipality.oin == "00000001000000000002"
    old, new = r.trajectories
    assert old.status == TrajectoryStatus.MOVED and new.is_active
    assert (new.leerroute, new.niveau, new.termijn_is_estimate) == ("b1", "B1", False)
    assert new.termijn_start is not None and new.termijn_end is not None
    assert r.tasks() == {"duo_review_previous_pip"}


def _ended(status: str, reason: str, tasks: set[str]) -> Callable[[Result], None]:
    def check(r: Result) -> None:
        assert (r.trajectory.status, r.trajectory.end_reason) == (status, reason)
        assert r.trajectory.next_deadline is None
        assert r.tasks() == tasks
        assert r.entry().params["end_reason"] == reason

    return check


def _ss109(r: Result) -> None:
    # Suspended, not ended: the deadlines are paused, not cancelled.
    assert len(r.trajectories) == 1
    assert r.trajectory.status == TrajectoryStatus.SUSPENDED and not r.trajectory.end_reason
    kinds = dict(r.trajectory.deadlines.values_list("kind", "status"))
    assert kinds and set(kinds.values()) == {DeadlineStatus.PAUSED}
    signal = r.signal("SS109")
    assert signal.severity == SignalSeverity.INFO and signal.params["until"]
    assert r.tasks() == {"duo_register_efforts"}


def _doelgroep(expected: str) -> Callable[[Result], None]:
    def check(r: Result) -> None:
        assert r.person is not None and r.person.doelgroep == expected
        assert r.entry().params["doelgroep"] == expected
        assert r.tasks() == {"duo_review_target_group"}

    return check


def _ss137(r: Result) -> None:
    assert r.entry().params["examennummer"].startswith("LBT")
    assert r.tasks() == {"duo_follow_lbt"}


def _ss131(r: Result) -> None:
    assert r.entry().params["lbt"]["resultaat"] == "B1-route haalbaar"
    task = Task.objects.get(source_key=str(r.notification.bericht_id))
    assert task.code == "duo_discuss_lbt_result" and task.params["resultaat"] == "B1-route haalbaar"


def _ss102(r: Result) -> None:
    t = r.trajectory
    assert t.termijn_is_estimate is False and t.termijn_start is not None
    assert t.leerroute == "b1" and t.status == TrajectoryStatus.RUNNING
    assert r.entry().params["termijn_end"] == t.termijn_end.isoformat()  # type: ignore[union-attr]


def _extended(code: str) -> Callable[[Result], None]:
    def check(r: Result) -> None:
        extension = TermExtension.objects.get(trajectory=r.trajectory)
        assert extension.gebeurtenis_id == r.notification.gebeurtenis_id
        assert extension.ground_code == code and extension.ground_description
        assert r.trajectory.termijn_end == extension.new_end
        assert extension.previous_end and extension.new_end > extension.previous_end
        assert r.tasks() == {"duo_plan_remaining_term"}

    return check


def _ss130(r: Result) -> None:
    assert len(r.trajectories) == 1  # the suspended trajectory resumes
    new = r.trajectory
    assert new.is_active and new.leerroute == "b1" and not new.termijn_is_estimate
    assert "duo_resume_trajectory" in r.tasks()


def _ss199(r: Result) -> None:
    assert r.entry().params["exams"][0]["resultaat"] == "Gezakt"
    task = Task.objects.get(source_key=str(r.notification.bericht_id))
    assert task.code == "duo_discuss_exam_result" and task.params["onderdelen"] == ["SP"]
    assert r.trajectory.is_active


def _decision(task: str, key: str | None, signal: str | None = None) -> Callable[[Result], None]:
    def check(r: Result) -> None:
        assert r.tasks() == {task}
        decision = r.entry().params["decision"]
        if key:
            assert decision[key]
        if signal:
            r.signal(signal)
        assert r.trajectory.is_active

    return check


def _attention(
    code: str, task: str, severity: str = SignalSeverity.WARNING
) -> Callable[[Result], None]:
    def check(r: Result) -> None:
        assert r.signal(code).severity == severity
        assert r.tasks() == {task}
        assert r.trajectory.is_active

    return check


def _ss112(r: Result) -> None:
    assert r.signal("SS112").severity == SignalSeverity.INFO
    assert r.entry().params["termijn_end"]
    assert r.tasks() == {"duo_extension_requested"}


C, W, M = TrajectoryStatus.COMPLETED, TrajectoryStatus.WITHDRAWN, TrajectoryStatus.MOVED

#: event -> (events processed before it, where it is sent, the expected effect)
CASES: dict[str, tuple[tuple[str, ...], str, Callable[[Result], None]]] = {
    "SS101": ((), "a", _opened),
    "SS128": ((), "a", _ss128),
    "SS139": ((), "a", _opened_with_period),
    "SS129": ((), "a", _opened_with_period),
    "SS120": ((), "a", _opened_with_period),
    "SS121": (("SS139",), "b", _ss121),
    "SS122": (
        ("SS139",),
        "a",
        _ended(M, "moved", {"duo_register_efforts", "duo_warm_handover"}),
    ),
    "SS123": (("SS139",), "a", _ended(W, "left_country", {"duo_register_efforts"})),
    "SS124": (("SS139",), "a", _doelgroep("gezin_overig")),
    "SS125": (("SS139", "SS124"), "a", _doelgroep("asiel")),
    "SS109": (("SS139",), "a", _ss109),
    "SS110": (("SS139",), "a", _ended(W, "left_country", {"duo_register_efforts"})),
    "SS111": (("SS139",), "a", _ended(W, "deceased", set())),
    "SS106": (("SS139",), "a", _ended(C, "exam_passed", set())),
    "SS107": (("SS139",), "a", _ended(TrajectoryStatus.EXEMPT, "exemption", set())),
    "SS108": (("SS139",), "a", _ended(TrajectoryStatus.EXEMPT, "ontheffing", set())),
    "SS141": (("SS139",), "a", _ended(C, "zroute_completed", {"duo_zroute_certificate"})),
    "SS137": (("SS139",), "a", _ss137),
    "SS131": (("SS139",), "a", _ss131),
    "SS102": (("SS139",), "a", _ss102),
    "SS126": (("SS139",), "a", _attention("SS126", "duo_learning_route_overdue", "urgent")),
    "SS199": (("SS139",), "a", _ss199),
    "SS103": (("SS139", "SS102"), "a", _extended("1")),
    "SS104": (("SS139", "SS102"), "a", _extended("2")),
    "SS130": (("SS139", "SS109"), "a", _ss130),
    "SS112": (("SS139", "SS102"), "a", _ss112),
    "SS113": (("SS139", "SS102"), "a", _decision("duo_discuss_decision", "termijn_end", "SS113")),
    "SS114": (("SS139",), "a", _decision("duo_discuss_decision", "oordeel")),
    "SS115": (("SS139",), "a", _decision("duo_discuss_decision", "oordeel")),
    "SS116": (("SS139",), "a", _decision("duo_discuss_decision", "oordeel")),
    "SS117": (("SS139",), "a", _decision("duo_adjust_plan_exemption", "examenonderdeel")),
    "SS118": (("SS139",), "a", _decision("duo_discuss_decision", "grond")),
    "SS119": (("SS139",), "a", _decision("duo_adjust_plan_ontheffing", "examenonderdeel")),
    "SS140": (("SS139",), "a", _attention("SS140", "duo_bio_advice")),
    "SS127": (("SS139",), "a", _attention("SS127", "duo_register_aanbod")),
    "SS132": (("SS139",), "a", _attention("SS132", "duo_review_education_contract")),
    "SS133": (("SS139",), "a", _attention("SS133", "duo_review_education_contract")),
    "SS135": (("SS139",), "a", _attention("SS135", "duo_review_education_contract")),
    "SS136": (("SS139",), "a", _attention("SS136", "duo_review_education_contract")),
    "SS142": (("SS139",), "a", _attention("SS142", "duo_contact_after_deregistration")),
}


def test_every_event_of_the_spec_is_handled_tested_and_documented() -> None:
    assert set(handlers.EVENTS) == set(ALL_EVENTS)
    assert set(CASES) == set(ALL_EVENTS)
    text = DOCS.read_text(encoding="utf-8")
    for event in ALL_EVENTS:
        assert f"| {event} |" in text, f"{event} missing in docs/duo-events.md"


def _send(
    duo: DuoEnv, capture: Any, event: str, bsn: str, doel: str, at: datetime
) -> DuoNotification:
    sandbox_tools.apply_event(duo.store, bsn, event, doel, at.date())
    with capture(execute=True):
        response = duo.post(event, bsn, doel=doel, at=at)
    assert response.status_code == 201
    n = DuoNotification.objects.order_by("-pk").first()
    assert n is not None
    assert n.status == NotificationStatus.PROCESSED, n.last_error
    return n


@pytest.mark.parametrize("event", sorted(CASES))
def test_event_effect(event: str, duo: DuoEnv, django_capture_on_commit_callbacks: Any) -> None:
    before, where, check = CASES[event]
    bsn = duo.person(start=T0.date())
    at = T0
    for previous in before:
        at = at + timedelta(days=7) if previous != "SS139" else T0
        _send(duo, django_capture_on_commit_callbacks, previous, bsn, duo.a, at)
    doel = duo.a if where == "a" else duo.b
    notification = _send(duo, django_capture_on_commit_callbacks, event, bsn, doel, T1)
    person = Person.objects.filter(bsn=bsn).first()
    result = Result(person, notification)
    assert notification.person == person
    result.entry()  # one timeline entry per event
    check(result)


def test_ss109_then_ss129_keeps_one_trajectory_and_its_deadlines(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person(start=T0.date())
    capture = django_capture_on_commit_callbacks
    _send(duo, capture, "SS139", bsn, duo.a, T0)
    person = Person.objects.get(bsn=bsn)
    first = Trajectory.objects.get(person=person)
    deadline_ids = set(first.deadlines.values_list("pk", flat=True))
    _send(duo, capture, "SS109", bsn, duo.a, T0 + timedelta(days=14))
    first.refresh_from_db()
    assert first.status == TrajectoryStatus.SUSPENDED and first.next_deadline is None
    _send(duo, capture, "SS129", bsn, duo.a, T1)
    assert list(Trajectory.objects.filter(person=person)) == [first]
    first.refresh_from_db()
    assert first.is_active and first.status == TrajectoryStatus.NEW
    assert not first.suspended_from and first.next_deadline is not None
    assert deadline_ids <= set(first.deadlines.values_list("pk", flat=True))
    assert not first.deadlines.filter(status=DeadlineStatus.PAUSED).exists()
    # SS129 ("nog geen leerroute") starts a new 10-week period on the same trajectory.
    assert first.deadlines.filter(kind="leerroute", status=DeadlineStatus.OPEN).exists()


def test_ending_events_for_an_unknown_person_keep_nothing(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person(start=T0.date())
    n = _send(duo, django_capture_on_commit_callbacks, "SS111", bsn, duo.a, T1)
    assert n.person is None
    assert not Person.objects.filter(bsn=bsn).exists()


def test_a_pip_at_duo_answers_the_ten_week_signal(
    duo: DuoEnv, django_capture_on_commit_callbacks: Any
) -> None:
    bsn = duo.person(start=T0.date())
    _send(duo, django_capture_on_commit_callbacks, "SS139", bsn, duo.a, T0)
    _send(duo, django_capture_on_commit_callbacks, "SS126", bsn, duo.a, T0 + timedelta(days=75))
    person = Person.objects.get(bsn=bsn)
    assert Signal.objects.filter(person=person, code="SS126", resolved_at=None).exists()
    _send(duo, django_capture_on_commit_callbacks, "SS102", bsn, duo.a, T0 + timedelta(days=90))
    assert not Signal.objects.filter(person=person, code="SS126", resolved_at=None).exists()
