"""Groups and their sessions: the session calendar on the group's weekday every
``interval_weeks`` weeks, skipping Dutch public holidays and the configured school holidays
(days off); a changed school holiday moves the coming sessions it affects."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.core.calendar import TZ, is_public_holiday
from spil.core.week import Weekday
from spil.programmes.models import Attendance, Group, GroupKind, SchoolHoliday, Session
from spil.rules import engine


def is_day_off(day: date) -> bool:
    if is_public_holiday(day):
        return True
    return SchoolHoliday.objects.filter(first_day__lte=day, last_day__gte=day).exists()


def day_off_checker(periods: Iterable[tuple[date, date]]) -> Callable[[date], bool]:
    """``is_day_off`` for a given set of school-holiday periods (e.g. a proposed change)."""
    spans = list(periods)

    def check(day: date) -> bool:
        return is_public_holiday(day) or any(first <= day <= last for first, last in spans)

    return check


def session_dates(group: Group) -> list[date]:
    """The group's session dates: its weekday every ``interval_weeks`` weeks from the start,
    skipping Dutch public holidays and the configured school holidays (moved on, not lost)."""
    target = Weekday(group.weekday).number
    day = group.start_date + timedelta(days=(target - group.start_date.weekday()) % 7)
    dates: list[date] = []
    while len(dates) < group.session_count:
        if not is_day_off(day):
            dates.append(day)
            day += timedelta(weeks=group.interval_weeks)
        else:
            day += timedelta(weeks=1)
    return dates


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=TZ)


def session_hours(group: Group) -> Decimal:
    start = datetime.combine(date(2000, 1, 1), group.start_time)
    end = datetime.combine(date(2000, 1, 1), group.end_time)
    return (Decimal((end - start).total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))


def default_topics(kind: str, count: int) -> list[str]:
    """MAP sessions go through the eight themes in order; other kinds have no topic."""
    if kind != GroupKind.MAP:
        return []
    themes = engine.rule("map_themes", timezone.localdate()).as_strings()
    return [themes[i % len(themes)] for i in range(count)]


@transaction.atomic
def create_group(
    *, trainers: Iterable[User] = (), topics: Sequence[str] | None = None, **fields: Any
) -> Group:
    group = Group(**fields)
    if topics is None:
        topics = default_topics(group.kind, group.session_count)
    group.topics = list(topics)
    group.full_clean()
    group.save()
    group.trainers.set(list(trainers))
    plan_sessions(group)
    return group


def plan_sessions(group: Group) -> list[Session]:
    """(Re)build the group's session calendar; sessions with attendance are kept."""
    hours = session_hours(group)
    kept = set(
        Session.objects.filter(group=group, attendance__isnull=False).values_list("pk", flat=True)
    )
    Session.objects.filter(group=group).exclude(pk__in=kept).delete()
    taken = set(Session.objects.filter(group=group).values_list("number", flat=True))
    sessions = []
    for number, day in enumerate(session_dates(group), start=1):
        if number in taken:
            continue
        topics = group.topics or []
        sessions.append(
            Session(
                group=group,
                number=number,
                starts_at=_aware(day, group.start_time),
                ends_at=_aware(day, group.end_time),
                topic=topics[(number - 1) % len(topics)] if topics else "",
                hours=hours,
            )
        )
    return Session.objects.bulk_create(sessions)


# --------------------------------------------------------------------------- school holidays


@dataclass(frozen=True)
class SessionMove:
    session: Session
    old: date
    new: date


def reschedule(group: Group, today: date, is_off: Callable[[date], bool]) -> list[SessionMove]:
    """Where the group's coming sessions go with the days off `is_off` says.

    Sessions before `today` and sessions with attendance stay, and so does every session
    numbered before one of those. The others follow the last one that stays (or the
    group's first possible date) every ``interval_weeks`` weeks on the group's weekday, a
    week later for each day off, never before `today`: the rule ``session_dates`` plans
    with. Only the sessions whose date changes are returned."""
    sessions = list(group.sessions.order_by("number"))
    with_attendance = set(
        Attendance.objects.filter(session__group=group).values_list("session_id", flat=True)
    )
    held = [
        s for s in sessions if s.starts_at.astimezone(TZ).date() < today or s.pk in with_attendance
    ]
    last_held = max((s.number for s in held), default=0)
    kept = [s for s in sessions if s.number <= last_held]  # the order of sessions stays
    coming = [s for s in sessions if s.number > last_held]
    if not coming:
        return []
    target = Weekday(group.weekday).number
    last = max((s.starts_at.astimezone(TZ).date() for s in kept), default=None)
    if last is not None:
        day = last + timedelta(weeks=group.interval_weeks)
    else:
        day = group.start_date + timedelta(days=(target - group.start_date.weekday()) % 7)
    if day < today:
        day = today + timedelta(days=(target - today.weekday()) % 7)
    moves: list[SessionMove] = []
    for session in coming:
        while is_off(day):
            day += timedelta(weeks=1)
        old = session.starts_at.astimezone(TZ).date()
        if old != day:
            moves.append(SessionMove(session, old, day))
        day += timedelta(weeks=group.interval_weeks)
    return moves


def holiday_periods(*, without: int | None = None) -> list[tuple[date, date]]:
    rows = SchoolHoliday.objects.exclude(pk=without) if without else SchoolHoliday.objects.all()
    return list(rows.values_list("first_day", "last_day"))


def holiday_effect(
    periods: Iterable[tuple[date, date]], today: date | None = None
) -> list[SessionMove]:
    """The coming sessions that move when the school holidays are `periods`."""
    day = today or timezone.localdate()
    is_off = day_off_checker(periods)
    groups = Group.objects.filter(sessions__starts_at__date__gte=day).distinct()
    moves: list[SessionMove] = []
    for group in groups.order_by("name"):
        moves.extend(reschedule(group, day, is_off))
    return moves


def _apply_moves(moves: Iterable[SessionMove]) -> int:
    count = 0
    for move in moves:
        session = move.session
        start = session.starts_at.astimezone(TZ)
        end = session.ends_at.astimezone(TZ)
        session.starts_at = _aware(move.new, start.time())
        session.ends_at = _aware(move.new + (end.date() - start.date()), end.time())
        session.save(update_fields=["starts_at", "ends_at"])
        count += 1
    return count


@transaction.atomic
def save_school_holiday(holiday: SchoolHoliday, today: date | None = None) -> int:
    """Save a (new or changed) school holiday and move the coming sessions it affects;
    returns how many sessions moved."""
    holiday.full_clean()
    holiday.save()
    return _apply_moves(holiday_effect(holiday_periods(), today))


@transaction.atomic
def delete_school_holiday(holiday: SchoolHoliday, today: date | None = None) -> int:
    """Remove a school holiday; coming sessions that were moved for it move back."""
    holiday.delete()
    return _apply_moves(holiday_effect(holiday_periods(), today))
