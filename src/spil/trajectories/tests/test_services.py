from __future__ import annotations

from datetime import date

from spil.testing import World
from spil.trajectories import services
from spil.trajectories.models import Deadline, DeadlineKind, DeadlineStatus, TrajectoryStatus


def test_leerroute_period_sets_ten_week_deadline_with_its_rule(world: World) -> None:
    assert world.person_a is not None
    trajectory = services.open_trajectory(
        world.person_a, municipality=world.gemeente_a, leerroute_period_start=date(2028, 2, 29)
    )
    deadline = Deadline.objects.get(trajectory=trajectory, kind=DeadlineKind.LEERROUTE)
    assert deadline.due == date(2028, 5, 9)
    assert deadline.rule_key == "leerroute_period"
    assert "10" in deadline.rule_source or "weken" in deadline.rule_source
    trajectory.refresh_from_db()
    assert trajectory.next_deadline == date(2028, 5, 9)
    assert trajectory.next_deadline_kind == DeadlineKind.LEERROUTE


def test_revised_pip_does_not_move_the_term(world: World) -> None:
    assert world.person_a is not None
    trajectory = services.open_trajectory(world.person_a, municipality=world.gemeente_a)
    services.record_first_pip(
        trajectory, dagtekening=date(2028, 2, 28), leerroute="b1", niveau="B1"
    )
    assert (trajectory.termijn_start, trajectory.termijn_last_day) == (
        date(2028, 2, 29),
        date(2031, 2, 28),
    )
    assert trajectory.termijn_is_estimate
    services.record_first_pip(trajectory, dagtekening=date(2029, 6, 1), leerroute="z", niveau="A2")
    assert trajectory.termijn_start == date(2028, 2, 29)
    assert trajectory.leerroute == "z"
    assert not Deadline.objects.filter(
        trajectory=trajectory, kind=DeadlineKind.LEERROUTE, status=DeadlineStatus.OPEN
    ).exists()


def test_duo_term_replaces_estimate_and_extension_moves_end(world: World) -> None:
    assert world.person_a is not None
    trajectory = services.open_trajectory(world.person_a, municipality=world.gemeente_a)
    services.record_first_pip(trajectory, dagtekening=date(2026, 1, 5), leerroute="b1", niveau="B1")
    services.set_termijn_from_duo(trajectory, start=date(2026, 1, 6), end=date(2029, 1, 6))
    assert not trajectory.termijn_is_estimate
    assert trajectory.status == TrajectoryStatus.RUNNING
    end = Deadline.objects.get(
        trajectory=trajectory, kind=DeadlineKind.TERMIJN_END, status=DeadlineStatus.OPEN
    )
    assert end.due == date(2029, 1, 5) and not end.is_estimate
    services.extend_termijn(
        trajectory, new_end=date(2029, 7, 6), gebeurtenis_id="SS104", ground_code="ZIEKTE"
    )
    services.extend_termijn(
        trajectory, new_end=date(2029, 7, 6), gebeurtenis_id="SS104", ground_code="ZIEKTE"
    )
    assert trajectory.extensions.count() == 1
    end = Deadline.objects.get(
        trajectory=trajectory, kind=DeadlineKind.TERMIJN_END, status=DeadlineStatus.OPEN
    )
    assert end.due == date(2029, 7, 5)
    # History kept: the earlier deadline is there, no longer open.
    assert Deadline.objects.filter(
        trajectory=trajectory, kind=DeadlineKind.TERMIJN_END, status=DeadlineStatus.CANCELLED
    ).exists()


def test_ending_closes_deadlines(world: World) -> None:
    assert world.person_a is not None
    trajectory = services.open_trajectory(
        world.person_a, municipality=world.gemeente_a, leerroute_period_start=date(2026, 3, 1)
    )
    services.end_trajectory(trajectory, "exam_passed", ended_on=date(2026, 4, 1))
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.COMPLETED
    assert trajectory.next_deadline is None
    assert not Deadline.objects.filter(trajectory=trajectory, status=DeadlineStatus.OPEN).exists()
    assert world.person_a.timeline.filter(code=TrajectoryStatus.COMPLETED).exists()
