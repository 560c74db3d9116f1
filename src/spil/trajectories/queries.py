"""Scoped reads of trajectories, their deadlines and extensions."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import User
from spil.trajectories.models import (
    ACTIVE_STATUSES,
    Deadline,
    DeadlineStatus,
    TermExtension,
    Trajectory,
)


def trajectories_for_user(
    user: User | AnonymousUser, action: Action = Action.VIEW
) -> QuerySet[Trajectory]:
    """Trajectories of the people `user` may act on (the person's municipality decides)."""
    return Trajectory.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "municipality")


def with_details(trajectories: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    """Open deadlines (soonest first) and extensions, in two queries for any number."""
    return trajectories.prefetch_related(
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.filter(status=DeadlineStatus.OPEN).order_by("due", "pk"),
            to_attr="open_deadlines",
        ),
        Prefetch(
            "extensions",
            queryset=TermExtension.objects.order_by("new_end"),
            to_attr="all_extensions",
        ),
    )


def current_trajectory(person_id: int) -> Trajectory | None:
    """The active trajectory of a person, or else the most recent one (with details)."""
    trajectories = with_details(Trajectory.objects.filter(person_id=person_id))
    active = trajectories.filter(status__in=ACTIVE_STATUSES).order_by("-created_at", "-pk").first()
    if active is not None:
        return active
    return trajectories.order_by("-created_at", "-pk").first()


def latest_by_person(person_ids: list[int]) -> dict[int, Trajectory]:
    """For each person the active trajectory, else the most recent one: one query."""
    latest: dict[int, Trajectory] = {}
    rows = Trajectory.objects.filter(person_id__in=person_ids).order_by("person_id", "created_at")
    for trajectory in rows:
        current = latest.get(trajectory.person_id)
        if current is None or trajectory.is_active or not current.is_active:
            latest[trajectory.person_id] = trajectory
    return latest


def open_deadlines_by_trajectory(trajectory_ids: list[int]) -> dict[int, list[Deadline]]:
    result: dict[int, list[Deadline]] = {}
    for deadline in Deadline.objects.filter(
        trajectory_id__in=trajectory_ids, status=DeadlineStatus.OPEN
    ).order_by("due", "pk"):
        result.setdefault(deadline.trajectory_id, []).append(deadline)
    return result
