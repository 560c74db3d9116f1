"""Reads of a person's dossier: timeline, tasks, signals, contact moments, appointments.

The person is always found first through a scoped query (`persons.queries`); these
functions then read that person's rows. The `*_for_user` functions scope by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import User
from spil.dossier.models import (
    Appointment,
    AppointmentStatus,
    ContactMoment,
    Signal,
    Task,
    TaskStatus,
    TimelineEntry,
    TimelineKind,
)

TIMELINE_PAGE = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def tasks_for_user(user: User | AnonymousUser, action: Action = Action.VIEW) -> QuerySet[Task]:
    return Task.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "assignee")


def contact_moments_for_user(
    user: User | AnonymousUser, action: Action = Action.VIEW
) -> QuerySet[ContactMoment]:
    return ContactMoment.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "author")


def appointments_for_user(
    user: User | AnonymousUser, action: Action = Action.VIEW
) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "planned_by")


def open_tasks(person_id: int) -> list[Task]:
    return list(
        Task.objects.filter(person_id=person_id, status=TaskStatus.OPEN)
        .select_related("assignee")
        .order_by("due", "pk")
    )


def open_signals(person_id: int) -> list[Signal]:
    return list(
        Signal.objects.filter(person_id=person_id, resolved_at__isnull=True).order_by(
            "-raised_at", "-pk"
        )
    )


def open_signals_by_person(person_ids: list[int]) -> dict[int, list[Signal]]:
    result: dict[int, list[Signal]] = {}
    for signal in Signal.objects.filter(
        person_id__in=person_ids, resolved_at__isnull=True
    ).order_by("-raised_at", "-pk"):
        result.setdefault(signal.person_id, []).append(signal)
    return result


def encode_cursor(entry: TimelineEntry) -> str:
    micros = (entry.occurred_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{entry.pk}"


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    micros, _sep, pk = cursor.partition("-")
    if not (micros.isdigit() and pk.isdigit()):
        return None
    try:
        return _EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


@dataclass
class TimelinePage:
    entries: list[TimelineEntry]
    contact_moments: dict[int, ContactMoment]
    next_cursor: str | None


def timeline_page(
    person_id: int, *, before: str | None = None, limit: int = TIMELINE_PAGE
) -> TimelinePage:
    """Newest first, `limit` entries older than the cursor: two queries for any history.

    Keyset paging on (occurred_at, id) walks the (person, -occurred_at, -id) index, so a
    page costs the same with ten entries or ten thousand.
    """
    entries = TimelineEntry.objects.filter(person_id=person_id).select_related("actor")
    position = decode_cursor(before) if before else None
    if position is not None:
        at, pk = position
        entries = entries.filter(Q(occurred_at__lt=at) | Q(occurred_at=at, pk__lt=pk))
    rows = list(entries.order_by("-occurred_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    moment_ids = [
        int(e.params["contact_moment"])
        for e in rows
        if e.kind == TimelineKind.CONTACT_MOMENT
        and str(e.params.get("contact_moment", "")).isdigit()
    ]
    moments = (
        ContactMoment.objects.filter(person_id=person_id, pk__in=moment_ids).in_bulk()
        if moment_ids
        else {}
    )
    return TimelinePage(rows, moments, encode_cursor(rows[-1]) if more and rows else None)


def has_open_signal(person_id: int, code: str) -> bool:
    return Signal.objects.filter(person_id=person_id, code=code, resolved_at__isnull=True).exists()


def local_day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the installation's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def starting_between(
    appointments: QuerySet[Appointment], since: date, until: date | None = None
) -> QuerySet[Appointment]:
    """Appointments starting on local day `since` or later, up to and including `until`."""
    appointments = appointments.filter(starts_at__gte=local_day_start(since))
    if until is not None:
        appointments = appointments.filter(starts_at__lt=local_day_start(until + timedelta(days=1)))
    return appointments


def upcoming_appointments(
    person_id: int, since: date, until: date | None = None
) -> list[Appointment]:
    """Planned appointments starting on `since` (local day) or later, up to and including
    `until`, earliest first."""
    planned = Appointment.objects.filter(person_id=person_id, status=AppointmentStatus.PLANNED)
    appointments = starting_between(planned, since, until)
    return list(appointments.select_related("planned_by").order_by("starts_at", "pk"))
