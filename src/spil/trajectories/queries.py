"""Scoped reads of trajectories, their deadlines and extensions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import User
from spil.persons.models import Person, PersonQuerySet
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


# --------------------------------------------------------------------------- reports
# Aggregate reads for spil.reports: whole populations in a few queries, never one person on
# a page. The reports app counts these facts and suppresses small numbers; it checks the
# caller's scope (`accounts.access.report_municipality_ids`) before it asks.


@dataclass(frozen=True)
class TrajectoryFacts:
    """What a report needs of a person's inburgeringsplicht in one municipality."""

    person_id: int
    municipality_id: int
    doelgroep: str
    status: str
    end_reason: str
    ended_on: date | None
    leerroute: str
    #: DUO's notification that starts the 10-week period (SS139); else the start of the
    #: obligation; else the day Spil registered the trajectory
    notified_on: date
    pip_on: date | None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


def report_persons(municipality_ids: Collection[int]) -> PersonQuerySet:
    """Everyone with a trajectory in one of these municipalities (for counting only)."""
    return Person.objects.filter(
        Exists(
            Trajectory.objects.filter(
                person_id=OuterRef("pk"), municipality_id__in=list(municipality_ids)
            )
        )
    )


def with_leerroute(persons: QuerySet[Person], leerroute: str) -> QuerySet[Person]:
    """Narrowed to persons with a trajectory on `leerroute` (reports check the latest one)."""
    return persons.filter(
        Exists(Trajectory.objects.filter(person_id=OuterRef("pk"), leerroute=leerroute))
    )


def report_trajectories(
    persons: QuerySet[Person], municipality_ids: Collection[int]
) -> dict[int, TrajectoryFacts]:
    """Per person the latest trajectory in these municipalities: one query.

    A person who moved between two of them counts once, in the municipality they moved
    to; a report on the municipality they left sees the trajectory that ended there.
    """
    rows = (
        Trajectory.objects.filter(
            person_id__in=persons.values("pk"), municipality_id__in=list(municipality_ids)
        )
        .order_by("person_id", "created_at", "pk")
        .values_list(
            "person_id",
            "municipality_id",
            "person__doelgroep",
            "status",
            "end_reason",
            "ended_on",
            "leerroute",
            "leerroute_period_start",
            "plicht_start",
            "created_at",
            "pip_dagtekening",
        )
    )
    facts: dict[int, TrajectoryFacts] = {}
    for (
        person_id,
        municipality_id,
        doelgroep,
        status,
        end_reason,
        ended_on,
        leerroute,
        period_start,
        plicht_start,
        created_at,
        pip_on,
    ) in rows:
        facts[person_id] = TrajectoryFacts(
            person_id=person_id,
            municipality_id=municipality_id,
            doelgroep=doelgroep,
            status=status,
            end_reason=end_reason,
            ended_on=ended_on,
            leerroute=leerroute,
            notified_on=period_start or plicht_start or timezone.localdate(created_at),
            pip_on=pip_on,
        )
    return facts
