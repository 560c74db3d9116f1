"""Attendance of sessions and the hours it credits: the absence-streak signal, and a
person's credited hours per component against what the law requires (rules engine)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from spil.accounts.models import User
from spil.accounts.queries import municipal_value
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_by_newcomer, record_change
from spil.dossier import services as dossier_services
from spil.persons.models import Person
from spil.programmes.models import (
    CREDITED_STATUSES,
    Attendance,
    AttendanceStatus,
    DuoResult,
    GroupKind,
    HoursComponent,
    HoursEntry,
    PlanItem,
    ResultKind,
    Session,
    ThemeCredit,
)
from spil.rules import engine

ABSENCE_STREAK = 3
"""Unexcused absences in a row (over all of a person's groups) that raise a signal."""
ABSENCE_SIGNAL = "absence_streak"


def credited_hours(session: Session, status: str) -> Decimal:
    return session.hours if status in CREDITED_STATUSES else Decimal("0")


@transaction.atomic
def record_attendance(
    session: Session,
    marks: Mapping[int, tuple[str, str]],
    *,
    actor: User | None,
) -> list[Attendance]:
    """Save attendance for a session: ``{person_id: (status, reason)}``; members only.

    Recording the same marks again changes nothing. An absence streak raises a signal.
    """
    member_ids = set(session.group.members.values_list("person_id", flat=True))
    saved: list[Attendance] = []
    for person_id, (status, reason) in marks.items():
        if person_id not in member_ids:
            raise ValueError("not a member of the group")
        if status not in AttendanceStatus.values:
            raise ValueError("unknown attendance status")
        attendance, _created = Attendance.objects.update_or_create(
            session=session,
            person_id=person_id,
            defaults={
                "status": status,
                "reason": reason[:200] if status in ("excused", "late", "absent") else "",
                "hours": credited_hours(session, status),
                "recorded_by": actor,
            },
        )
        saved.append(attendance)
    for person_id in marks:
        check_absence_streak(person_id)
    record_change(
        actor,
        list(marks),
        "Attendance",
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.CHANGE,
    )
    return saved


class AbsenceNotAllowedError(ValueError):
    """The session is not the person's, or it has already started."""


@transaction.atomic
def report_absence(session: Session, person: Person, reason: str) -> Attendance:
    """The participant reports that they will not come (afmelden, in the portal): the
    session shows as excused with their reason on the trainer's attendance list. Only for
    a session of one of their groups that has not started yet; the newcomer is the actor
    in the processing record."""
    reason = reason.strip()[:200]
    if not reason:
        raise AbsenceNotAllowedError("a reason is required")
    if not session.group.members.filter(person=person).exists():
        raise AbsenceNotAllowedError("not a member of the group")
    if session.starts_at <= timezone.now():
        raise AbsenceNotAllowedError("the session has started")
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        person=person,
        defaults={
            "status": AttendanceStatus.EXCUSED,
            "reason": reason,
            "hours": Decimal("0"),
            "reported_by_participant": True,
            "recorded_by": None,
        },
    )
    record_by_newcomer(
        person.pk,
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.CHANGE,
        action_name="Absence reported by the participant",
    )
    return attendance


def credit_hours(
    person: Person,
    component: HoursComponent,
    *,
    on: date,
    hours: Decimal,
    source_key: str,
    actor: User | None = None,
) -> HoursEntry:
    """Credit hours outside group sessions (e.g. time spent on a MAP e-learning module),
    once per ``source_key``: a second call with the same key changes the hours it credits."""
    with transaction.atomic():
        entry, created = HoursEntry.objects.get_or_create(
            source_key=source_key,
            defaults={"person": person, "component": component, "on": on, "hours": hours},
        )
        if not created and entry.hours != hours:
            entry.hours = hours
            entry.save(update_fields=["hours"])
        record_change(actor, person.pk, "Credit hours", categories=[DataCategory.TRAJECTORY])
    return entry


def credit_theme(
    person: Person,
    theme: str,
    *,
    on: date,
    source_key: str,
    actor: User | None = None,
) -> ThemeCredit:
    """Count a MAP theme as done outside the group sessions (e.g. its e-learning module,
    finished and confirmed by the trainer), once per ``source_key``. Unknown themes raise
    ValueError (the rules engine names the eight)."""
    canonical = engine.map_progress(0.0, [theme], on=on).themes_done[0]
    with transaction.atomic():
        credit, created = ThemeCredit.objects.get_or_create(
            source_key=source_key,
            defaults={"person": person, "theme": canonical, "on": on, "created_by": actor},
        )
        if created:
            record_change(
                actor, person.pk, "Credit MAP theme", categories=[DataCategory.TRAJECTORY]
            )
    return credit


def check_absence_streak(person_id: int) -> bool:
    """Raise a signal for the regisseur after ``ABSENCE_STREAK`` unexcused absences in a row."""

    latest = list(
        Attendance.objects.filter(person_id=person_id)
        .order_by("-session__starts_at")
        .values_list("status", flat=True)[:ABSENCE_STREAK]
    )
    if len(latest) == ABSENCE_STREAK and all(s == AttendanceStatus.ABSENT for s in latest):
        person = Person.objects.get(pk=person_id)
        dossier_services.raise_signal(person, ABSENCE_SIGNAL, params={"count": ABSENCE_STREAK})
        return True
    return False


@dataclass
class HoursSummary:
    map: engine.MapProgress
    pvt_hours: Decimal
    pvt_required: int
    pvt_signed: date | None
    map_eindgesprek: date | None
    language_hours: Decimal
    participation_hours: Decimal
    zroute: engine.ZRouteProgress
    zroute_completed: date | None
    planned_hours_per_week: Decimal
    sessions_attended: int


def _credited_totals(person: Person) -> tuple[dict[str, Decimal], dict[str, Decimal], int]:
    """Attended hours per group kind, entered hours per component and the number of
    sessions attended: two queries, whatever the history."""

    def _by(field: str, values: Iterable[str]) -> dict[str, Any]:
        return {value: Sum("hours", filter=Q(**{field: value})) for value in values}

    attended = Attendance.objects.filter(person=person).aggregate(
        **_by("session__group__kind", GroupKind.values),
        sessions_attended=Count("pk", filter=Q(status__in=CREDITED_STATUSES)),
    )
    entered = HoursEntry.objects.filter(person=person).aggregate(
        **_by("component", HoursComponent.values)
    )
    count = int(attended.pop("sessions_attended") or 0)

    def _decimals(totals: dict[str, Any]) -> dict[str, Decimal]:
        return {key: Decimal(value or 0) for key, value in totals.items()}

    return _decimals(attended), _decimals(entered), count


def hours_summary(person: Person, *, on: date | None = None) -> HoursSummary:
    """Credited hours per component against what the law requires (rules engine)."""
    day = on or timezone.localdate()
    attended, entered, sessions_attended = _credited_totals(person)
    map_hours = attended[GroupKind.MAP] + entered[HoursComponent.MAP]
    themes = (
        Attendance.objects.filter(
            person=person, session__group__kind=GroupKind.MAP, status__in=CREDITED_STATUSES
        )
        .exclude(session__topic="")
        .values_list("session__topic", flat=True)
        .distinct()
    )
    credited = ThemeCredit.objects.filter(person=person, on__lte=day).values_list(
        "theme", flat=True
    )
    known = {t.casefold() for t in engine.rule("map_themes", day).as_strings()}
    map_prog = engine.map_progress(
        float(map_hours),
        [t for t in [*themes, *credited] if t.casefold() in known],
        on=day,
    )
    pvt_hours = attended[GroupKind.PVT] + entered[HoursComponent.PVT]
    language = entered[HoursComponent.LANGUAGE]
    participation = attended[GroupKind.TRAINING] + entered[HoursComponent.PARTICIPATION]
    results = {r.kind: r.on for r in DuoResult.objects.filter(person=person)}
    planned = Decimal(0)
    for item in PlanItem.objects.filter(
        enrolment__person=person, enrolment__status="active", starts_on__lte=day, ends_on__gte=day
    ):
        planned += item.hours_per_week
    return HoursSummary(
        map=map_prog,
        pvt_hours=pvt_hours,
        pvt_required=engine.pvt_required_hours(
            day, municipal_value(person.municipality_id, "pvt_hours")
        ),
        pvt_signed=results.get(ResultKind.PVT),
        map_eindgesprek=results.get(ResultKind.MAP),
        language_hours=language,
        participation_hours=participation,
        zroute=engine.zroute_progress(float(language), float(participation), on=day),
        zroute_completed=results.get(ResultKind.ZROUTE),
        planned_hours_per_week=planned,
        sessions_attended=sessions_attended,
    )
