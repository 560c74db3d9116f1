"""All writes of the programmes app: enrolment, groups and sessions, the assignment,
attendance and hours, language-school imports, agenda feeds, reminders, results to DUO.

Each function that touches a person's data writes one processing record for the change.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation, User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.core.calendar import is_public_holiday
from spil.core.newcomer_texts import N_, interface_language, newcomer_text
from spil.persons.models import Person
from spil.persons.notifications import EmailNotifier, Notifier, notify
from spil.programmes import pip_plan
from spil.programmes.models import (
    CEFR_LEVELS,
    CREDITED_STATUSES,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    DuoResult,
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupKind,
    GroupMember,
    HoursComponent,
    HoursEntry,
    ImportBatch,
    LanguageResult,
    PlanItem,
    ProgrammeTemplate,
    Reminder,
    ResultKind,
    SchoolHoliday,
    Session,
    Skill,
    WaitingEntry,
    WaitingStatus,
)
from spil.rules import engine

if TYPE_CHECKING:
    from spil.programmes import assignment as solver

logger = logging.getLogger(__name__)

TZ = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_INDEX = {day: i for i, day in enumerate(WEEKDAYS)}
ABSENCE_STREAK = 3
"""Unexcused absences in a row (over all of a person's groups) that raise a signal."""
ABSENCE_SIGNAL = "absence_streak"


def _record(
    actor: User | None,
    person_ids: Iterable[int],
    categories: Sequence[DataCategory],
    action: ProcessingAction,
    name: str,
    purpose: Purpose = Purpose.REGIE,
) -> None:
    ids = list(person_ids)
    if ids:
        record_processing(
            actor=actor,
            person_ids=ids,
            categories=categories,
            action=action,
            purpose=purpose,
            action_name=name,
        )


# --------------------------------------------------------------------------- enrolment


def _save_plan(enrolment: Enrolment, drafts: Iterable[pip_plan.Draft]) -> None:
    PlanItem.objects.bulk_create(
        PlanItem(
            enrolment=enrolment,
            phase_order=d.phase_order,
            phase_name=d.phase_name,
            starts_on=d.starts_on,
            ends_on=d.ends_on,
            kind=d.kind,
            hours_per_week=d.hours_per_week,
            day_parts=d.day_parts,
            moment=d.moment,
            provider=d.provider,
            from_pip=d.from_pip,
        )
        for d in drafts
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@transaction.atomic
def enrol(
    person: Person,
    template: ProgrammeTemplate,
    start_date: date,
    *,
    actor: User | None,
) -> Enrolment:
    """Enrol a person in a programme: their week plan is a dated copy of the template.

    Enrolling twice with the same start changes nothing. With an established PIP, enrol
    from the PIP instead (``enrol_from_pip``): the plan then follows the PIP's components.
    """
    monday = _monday(start_date)
    enrolment, created = Enrolment.objects.get_or_create(
        person=person, template=template, start_date=monday, defaults={"created_by": actor}
    )
    if not created:
        return enrolment
    _save_plan(enrolment, pip_plan.template_drafts(template, monday))
    _record(
        actor, [person.pk], [DataCategory.TRAJECTORY], ProcessingAction.CREATE, "Enrol in programme"
    )
    return enrolment


class EnrolmentNotActive(Exception):  # noqa: N818 - reads as a domain fact
    """Only an active enrolment can be completed or stopped."""


@transaction.atomic
def end_enrolment(enrolment: Enrolment, status: str, on: date, *, actor: User | None) -> Enrolment:
    """The person completed the programme or stopped it on `on` (reports count both)."""
    if status not in (EnrolmentStatus.COMPLETED, EnrolmentStatus.STOPPED):
        raise ValueError(f"an enrolment ends as completed or stopped, not {status!r}")
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise EnrolmentNotActive
    if on < enrolment.start_date:
        raise ValueError("an enrolment cannot end before it starts")
    enrolment.status = status
    enrolment.ended_on = on
    enrolment.save(update_fields=["status", "ended_on"])
    _record(
        actor,
        [enrolment.person_id],
        [DataCategory.TRAJECTORY],
        ProcessingAction.CHANGE,
        "Programme completed" if status == EnrolmentStatus.COMPLETED else "Programme stopped",
    )
    return enrolment


class NoEstablishedPip(Exception):  # noqa: N818 - reads as a domain fact
    """The person has no established (vastgesteld) PIP to enrol from."""


@transaction.atomic
def enrol_from_pip(
    person: Person,
    template: ProgrammeTemplate,
    start_date: date | None = None,
    *,
    actor: User | None,
    pip: pip_plan.PipSnapshot | None = None,
) -> Enrolment:
    """Enrol a person from their established PIP: the template's weekly shape with the PIP's
    components (provider, hours per week, period) in it (``pip_plan.merge``).

    The start defaults to the PIP's first component. The same PIP version, template and
    start again changes nothing; a newer PIP version (a revision) remakes the week plan.
    """
    pip = pip or pip_plan.read_pip(person)
    if pip is None:
        raise NoEstablishedPip
    monday = _monday(start_date or pip.first_start or timezone.localdate())
    enrolment, created = Enrolment.objects.get_or_create(
        person=person,
        template=template,
        start_date=monday,
        defaults={"created_by": actor, "pip_version": pip.version_id},
    )
    if not created and enrolment.pip_version == pip.version_id and enrolment.items.exists():
        return enrolment
    enrolment.items.all().delete()
    if enrolment.pip_version != pip.version_id:
        enrolment.pip_version = pip.version_id
        enrolment.save(update_fields=["pip_version"])
    _save_plan(enrolment, pip_plan.merge(pip_plan.template_drafts(template, monday), pip, monday))
    _record(
        actor,
        [person.pk],
        [DataCategory.TRAJECTORY],
        ProcessingAction.CREATE if created else ProcessingAction.CHANGE,
        "Enrol in programme from the PIP",
    )
    return enrolment


# --------------------------------------------------------------------------- groups, sessions


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
    target = WEEKDAY_INDEX[group.weekday]
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
    target = WEEKDAY_INDEX[group.weekday]
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


# --------------------------------------------------------------------------- assignment


@transaction.atomic
def register_waiting(
    person: Person,
    kind: str,
    *,
    available: Sequence[str],
    locations: Sequence[str],
    earliest_start: date,
    waiting_since: date | None = None,
    actor: User | None,
) -> WaitingEntry:
    entry = WaitingEntry.objects.filter(
        person=person, kind=kind, status=WaitingStatus.WAITING
    ).first()
    if entry is None:
        entry = WaitingEntry(person=person, kind=kind)
        entry.waiting_since = waiting_since or timezone.localdate()
    entry.available = sorted(set(available))
    entry.locations = sorted({loc.strip() for loc in locations if loc.strip()})
    entry.earliest_start = earliest_start
    entry.save()
    _record(actor, [person.pk], [DataCategory.TRAJECTORY], ProcessingAction.CHANGE, "Waiting list")
    return entry


def _parse_daypart(label: str) -> solver.DayPart:
    day, _sep, moment = label.partition("-")
    return (day, moment)


def _person_languages(person: Person) -> set[str]:
    langs = {str(code).lower() for code in person.languages or []}
    if person.preferred_language:
        langs.add(person.preferred_language.lower())
    return langs


def to_participant(entry: WaitingEntry, extra_needs: Iterable[str] = ()) -> solver.Participant:
    from spil.programmes import assignment as solver

    return solver.Participant(
        id=entry.person_id,
        available={_parse_daypart(d) for d in entry.available},
        languages=_person_languages(entry.person),
        locations=set(entry.locations),
        earliest_start=entry.earliest_start,
        waiting_since=entry.waiting_since,
        needs={solver.GroupKind(entry.kind), *(solver.GroupKind(k) for k in extra_needs)},
    )


def to_solver_group(group: Group, taken: int) -> solver.Group:
    """A group with ``taken`` seats already filled offers the rest."""
    from spil.programmes import assignment as solver

    free = max(0, group.max_size - taken)
    return solver.Group(
        id=group.pk,
        kind=solver.GroupKind(group.kind),
        min_size=max(0, min(group.min_size - taken, free)),
        max_size=max(1, free),
        language=group.language,
        location=group.location,
        dayparts={(group.weekday, group.moment)},
        start_date=group.start_date,
        interpreter_languages=set(group.interpreter_languages or []),
        must_reach_min=group.must_reach_min and taken == 0,
    )


@dataclass
class Proposal:
    result: solver.AssignmentResult
    entries: dict[int, WaitingEntry]
    groups: dict[int, Group]


def propose(
    entries: Sequence[WaitingEntry],
    groups: Sequence[Group],
    *,
    fixed: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
    settings_: solver.SolverSettings | None = None,
) -> Proposal:
    """Run the optimiser over one kind's waiting list; one entry per person."""
    from spil.programmes import assignment as solver

    by_person = {e.person_id: e for e in entries}
    full = {g.pk for g in groups if g.max_size - g.members.count() <= 0}
    usable = [g for g in groups if g.pk not in full]
    taken = {g.pk: g.members.count() for g in usable}
    sgroups = [to_solver_group(g, taken[g.pk]) for g in usable]
    group_ids = {g.pk for g in usable}
    participants = [to_participant(e) for e in by_person.values()]
    kinds = {pid: e.kind for pid, e in by_person.items()}
    groups_by_id = {g.pk: g for g in groups}

    def valid(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        return [
            (p, g)
            for p, g in pairs
            if p in by_person and g in group_ids and groups_by_id[g].kind == kinds[p]
        ]

    result = solver.solve_assignment(
        participants,
        sgroups,
        fixed=valid(fixed),
        forbidden=valid(forbidden),
        settings=settings_ or solver.SolverSettings(time_limit_s=10.0),
    )
    return Proposal(result=result, entries=by_person, groups={g.pk: g for g in groups})


@transaction.atomic
def accept_placements(
    placements: Iterable[tuple[int, int, bool]], *, actor: User | None
) -> list[GroupMember]:
    """Place (person_id, group_id, pinned) triples: membership, and off the waiting list.

    A group is never filled beyond its maximum: placements that do not fit are left out.
    """
    members = []
    for person_id, group_id, pinned in placements:
        group = Group.objects.select_for_update().get(pk=group_id)
        already = group.members.filter(person_id=person_id).exists()
        if not already and group.members.count() >= group.max_size:
            continue
        member, _created = GroupMember.objects.get_or_create(
            group=group, person_id=person_id, defaults={"pinned": pinned}
        )
        WaitingEntry.objects.filter(
            person_id=person_id, kind=group.kind, status=WaitingStatus.WAITING
        ).update(status=WaitingStatus.PLACED)
        members.append(member)
    _record(
        actor,
        [m.person_id for m in members],
        [DataCategory.TRAJECTORY],
        ProcessingAction.CHANGE,
        "Place in group",
    )
    return members


# --------------------------------------------------------------------------- attendance, hours


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
    _record(actor, list(marks), [DataCategory.TRAJECTORY], ProcessingAction.CHANGE, "Attendance")
    return saved


def check_absence_streak(person_id: int) -> bool:
    """Raise a signal for the regisseur after ``ABSENCE_STREAK`` unexcused absences in a row."""
    from spil.dossier import services as dossier_services

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
    known = {t.casefold() for t in engine.rule("map_themes", day).as_strings()}
    map_prog = engine.map_progress(
        float(map_hours), [t for t in themes if t.casefold() in known], on=day
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
        pvt_required=engine.pvt_required_hours(day),
        pvt_signed=results.get(ResultKind.PVT),
        map_eindgesprek=results.get(ResultKind.MAP),
        language_hours=language,
        participation_hours=participation,
        zroute=engine.zroute_progress(float(language), float(participation), on=day),
        zroute_completed=results.get(ResultKind.ZROUTE),
        planned_hours_per_week=planned,
        sessions_attended=sessions_attended,
    )


# --------------------------------------------------------------------------- imports


@dataclass
class LineError:
    line: int
    message: str


@dataclass
class ImportReport:
    errors: list[LineError] = field(default_factory=list)
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


ATTENDANCE_COLUMNS = ("bsn", "date", "status", "hours")
RESULT_COLUMNS = ("bsn", "date", "skill", "level")
IMPORT_COMPONENTS = {
    "language": HoursComponent.LANGUAGE,
    "knm": HoursComponent.LANGUAGE,
    "participation": HoursComponent.PARTICIPATION,
    "map": HoursComponent.MAP,
    "pvt": HoursComponent.PVT,
}


class ImportFileError(ValueError):
    pass


def read_rows(filename: str, content: bytes) -> list[list[str]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file, as strings."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            cells = []
            for value in row:
                if isinstance(value, datetime):
                    cells.append(value.date().isoformat())
                elif isinstance(value, date):
                    cells.append(value.isoformat())
                elif isinstance(value, float) and value.is_integer():
                    cells.append(str(int(value)))
                else:
                    cells.append("" if value is None else str(value))
            rows.append(cells)
        workbook.close()
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 text (CSV) or an XLSX workbook.")) from exc
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def provider_persons(provider_ids: Iterable[int]) -> dict[str, Person]:
    """Persons a provider works with: members of its groups (by BSN, for matching lines)."""
    persons = Person.objects.filter(
        group_memberships__group__provider_id__in=list(provider_ids)
    ).distinct()
    return {p.bsn: p for p in persons}


def _parse_date(raw: str) -> date | None:
    raw = raw.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class _Planned:
    key: str
    apply: Any


def import_file(
    provider: Organisation,
    filename: str,
    content: bytes,
    *,
    actor: User | None,
    persons: Mapping[str, Person] | None = None,
) -> ImportReport:
    """Apply a language school's attendance or CEFR-results file, all or nothing.

    Attendance: columns ``bsn, date, status, hours`` (optional ``component``: language, knm,
    participation, map, pvt; optional ``reason``). Results: ``bsn, date, skill, level``.
    Every bad line is reported with its number (the header is line 1) and nothing changes;
    a line that is already stored is unchanged, so the same file twice changes nothing.
    """
    report = ImportReport()
    try:
        rows = read_rows(filename, content)
    except ImportFileError as exc:
        report.errors.append(LineError(0, str(exc)))
        return report
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        report.errors.append(LineError(0, _("The file is empty.")))
        return report
    header = [c.strip().lower() for c in rows[0]]
    if all(col in header for col in RESULT_COLUMNS):
        kind = "results"
    elif all(col in header for col in ATTENDANCE_COLUMNS):
        kind = "attendance"
    else:
        report.errors.append(
            LineError(
                1,
                _("Unknown columns. Attendance needs %(a)s; results need %(r)s.")
                % {"a": ", ".join(ATTENDANCE_COLUMNS), "r": ", ".join(RESULT_COLUMNS)},
            )
        )
        return report
    known = persons if persons is not None else provider_persons([provider.pk])
    col = {name: header.index(name) for name in header if name}
    seen: dict[str, int] = {}
    planned: list[tuple[str, dict[str, Any]]] = []
    data_lines = 0
    for number, raw in enumerate(rows[1:], start=2):
        data_lines += 1

        def cell(name: str, raw: list[str] = raw) -> str:
            index = col.get(name)
            return raw[index].strip() if index is not None and index < len(raw) else ""

        problems: list[str] = []
        person = known.get(cell("bsn"))
        if person is None:
            problems.append(_("unknown person: the BSN is not one of your participants"))
        day = _parse_date(cell("date"))
        if day is None:
            problems.append(_("date must be YYYY-MM-DD or DD-MM-YYYY"))
        elif day > timezone.localdate():
            problems.append(_("date lies in the future"))
        values: dict[str, Any] = {}
        if kind == "attendance":
            status = cell("status").lower()
            if status not in AttendanceStatus.values:
                problems.append(
                    _("status must be one of %(values)s")
                    % {"values": ", ".join(AttendanceStatus.values)}
                )
            try:
                hours = Decimal(cell("hours").replace(",", "."))
                if not Decimal(0) <= hours <= Decimal(24):
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(_("hours must be a number from 0 to 24"))
                hours = Decimal(0)
            component_raw = cell("component").lower() or "language"
            component = IMPORT_COMPONENTS.get(component_raw)
            if component is None:
                problems.append(
                    _("component must be one of %(values)s")
                    % {"values": ", ".join(IMPORT_COMPONENTS)}
                )
            values = {
                "status": status,
                "hours": hours if status in CREDITED_STATUSES else Decimal(0),
                "component": component,
            }
            key_tail = f"{component}"
        else:
            skill = cell("skill").lower()
            if skill not in Skill.values:
                problems.append(
                    _("skill must be one of %(values)s") % {"values": ", ".join(Skill.values)}
                )
            level = cell("level").upper()
            if level not in CEFR_LEVELS:
                problems.append(
                    _("level must be one of %(values)s") % {"values": ", ".join(CEFR_LEVELS)}
                )
            values = {"skill": skill, "level": level}
            key_tail = skill
        if problems:
            report.errors.append(LineError(number, "; ".join(problems)))
            continue
        assert person is not None and day is not None
        key = f"{kind}:{provider.pk}:{person.pk}:{day.isoformat()}:{key_tail}"
        if key in seen:
            report.errors.append(
                LineError(
                    number,
                    _("the same person, date and %(what)s as line %(line)d")
                    % {
                        "what": _("component") if kind == "attendance" else _("skill"),
                        "line": seen[key],
                    },
                )
            )
            continue
        seen[key] = number
        planned.append((key, {"person": person, "on": day, **values}))
    report.lines = data_lines
    if report.errors:
        return report
    touched: set[int] = set()
    with transaction.atomic():
        for key, v in planned:
            outcome = (
                _apply_hours(provider, key, v)
                if kind == "attendance"
                else _apply_result(provider, v)
            )
            setattr(report, outcome, getattr(report, outcome) + 1)
            touched.add(v["person"].pk)
        digest = hashlib.sha256(content).hexdigest()
        ImportBatch.objects.create(
            provider=provider,
            uploaded_by=actor,
            filename=filename[:200],
            sha256=digest,
            lines=data_lines,
            changed=report.created + report.updated,
        )
        categories = [DataCategory.TRAJECTORY if kind == "attendance" else DataCategory.LANGUAGE]
        _record(actor, touched, categories, ProcessingAction.RECEIVE, "Language school import")
    return report


def _apply_hours(provider: Organisation, key: str, v: dict[str, Any]) -> str:
    existing = HoursEntry.objects.filter(source_key=key).first()
    if existing is None:
        HoursEntry.objects.create(
            person=v["person"],
            component=v["component"],
            on=v["on"],
            hours=v["hours"],
            provider=provider,
            source_key=key,
        )
        return "created"
    if existing.hours == v["hours"]:
        return "unchanged"
    existing.hours = v["hours"]
    existing.save(update_fields=["hours"])
    return "updated"


def _apply_result(provider: Organisation, v: dict[str, Any]) -> str:
    result, created = LanguageResult.objects.get_or_create(
        person=v["person"],
        skill=v["skill"],
        on=v["on"],
        provider=provider,
        defaults={"level": v["level"]},
    )
    if created:
        return "created"
    if result.level == v["level"]:
        return "unchanged"
    result.level = v["level"]
    result.save(update_fields=["level"])
    return "updated"


@transaction.atomic
def record_language_result(
    person: Person,
    *,
    skill: str,
    level: str,
    on: date,
    provider: Organisation | None,
    actor: User | None,
) -> tuple[LanguageResult, str]:
    """A CEFR result per skill (as a language school's import line): once per person,
    skill, day and provider; the same again changes nothing, another level corrects it.
    Returns the result and "created", "updated" or "unchanged"."""
    if skill not in Skill.values:
        raise ValueError(f"unknown skill {skill!r}")
    if level not in CEFR_LEVELS:
        raise ValueError(f"unknown CEFR level {level!r}")
    result, created = LanguageResult.objects.get_or_create(
        person=person, skill=skill, on=on, provider=provider, defaults={"level": level}
    )
    if created:
        change = "created"
    elif result.level == level:
        change = "unchanged"
    else:
        result.level = level
        result.save(update_fields=["level"])
        change = "updated"
    if change != "unchanged":
        _record(
            actor,
            [person.pk],
            [DataCategory.LANGUAGE],
            ProcessingAction.CREATE if created else ProcessingAction.CHANGE,
            "Language result",
        )
    return result, change


# --------------------------------------------------------------------------- agenda feeds


def feed_for(*, person: Person | None = None, user: User | None = None) -> CalendarFeed:
    """The active feed of a person or a user, created when there is none."""
    feed = CalendarFeed.objects.filter(person=person, user=user, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(person=person, user=user)


def make_person_feed(person: Person, *, actor: User | None) -> CalendarFeed:
    feed = feed_for(person=person)
    _record(actor, [person.pk], [DataCategory.TRAJECTORY], ProcessingAction.CREATE, "Agenda link")
    return feed


def revoke_person_feeds(person: Person, *, actor: User | None) -> int:
    feeds = list(CalendarFeed.objects.filter(person=person, revoked_at__isnull=True))
    for feed in feeds:
        revoke_feed(feed)
    _record(actor, [person.pk], [DataCategory.TRAJECTORY], ProcessingAction.CHANGE, "Agenda link")
    return len(feeds)


def revoke_feed(feed: CalendarFeed) -> CalendarFeed:
    """End the feed for good; a new one (new URL) can be made afterwards."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def feed_sessions(feed: CalendarFeed) -> list[Session]:
    since = timezone.now() - timedelta(days=90)
    if feed.person_id is not None:
        qs = Session.objects.filter(group__members__person_id=feed.person_id)
    else:
        qs = Session.objects.filter(group__trainers=feed.user_id)
    return list(qs.filter(starts_at__gte=since).select_related("group").distinct())


def daypart_times(setting: str | None = None) -> dict[int, tuple[time, time]]:
    """Clock times of the morning (0), afternoon (1) and evening (2) day-parts, from
    SPIL_DAYPART_TIMES ("09:00-12:30,13:00-17:00,18:30-21:30"): offers name day-parts,
    the agenda needs hours."""
    text = setting if setting is not None else settings.SPIL_DAYPART_TIMES
    parts = [p.strip() for p in text.split(",")]
    try:
        spans = [tuple(time.fromisoformat(t) for t in p.split("-")) for p in parts]
    except ValueError:
        spans = []
    if len(spans) != 3 or any(len(s) != 2 or s[0] >= s[1] for s in spans):
        raise ImproperlyConfigured(
            "SPIL_DAYPART_TIMES needs three ranges HH:MM-HH:MM (morning, afternoon, evening), "
            f"each ending after it starts; got {text!r}"
        )
    return {i: (span[0], span[1]) for i, span in enumerate(spans)}


FEED_AHEAD = timedelta(days=365)


@dataclass(frozen=True)
class AgendaItem:
    """One event in a person's agenda besides group sessions; all-day when ``at`` is None."""

    uid: str
    day: date
    summary: str
    location: str = ""
    at: tuple[time, time] | None = None


def _placement_items(person: Person, start: date, end: date) -> list[AgendaItem]:
    from django.apps import apps

    if not apps.is_installed("spil.placements"):
        return []
    from spil.placements import queries as placement_queries

    items: list[AgendaItem] = []
    times = daypart_times()
    for day, daypart, kind, placement in placement_queries.placement_agenda(person, start, end):
        offer = placement.offer
        where = offer.location.name if offer.location is not None else ""
        employer = offer.employer.name
        if kind == "work" and daypart is not None:
            items.append(
                AgendaItem(
                    uid=f"placement-{placement.pk}-{day:%Y%m%d}-{daypart}@spil",
                    day=day,
                    summary=_("Work: %(title)s (%(employer)s)")
                    % {"title": offer.title, "employer": employer},
                    location=where,
                    at=times[daypart % 3],
                )
            )
            continue
        summary = {
            "introduction": _("Introduction at %(employer)s"),
            "aftercare": _("Aftercare check-in: %(employer)s"),
        }.get(kind, _("Check-in on the placement: %(employer)s")) % {"employer": employer}
        items.append(
            AgendaItem(
                uid=f"placement-{placement.pk}-{kind}-{day:%Y%m%d}@spil",
                day=day,
                summary=summary,
                location=where,
            )
        )
    return items


def _appointment_items(person: Person, start: date, end: date) -> list[AgendaItem]:
    """Appointments planned from today on (timed, local time), and the PIP's progress
    meetings. Only kind, time and location: never notes or the interpreter's language."""
    from spil.dossier import queries as dossier_queries

    items: list[AgendaItem] = []
    today = max(start, timezone.localdate())
    for appointment in dossier_queries.upcoming_appointments(person.pk, today, end):
        begins = appointment.starts_at.astimezone(TZ)
        ends = (appointment.starts_at + timedelta(minutes=appointment.duration_minutes)).astimezone(
            TZ
        )
        items.append(
            AgendaItem(
                uid=f"appointment-{appointment.pk}@spil",
                day=begins.date(),
                summary=_("Appointment: %(kind)s") % {"kind": appointment.get_kind_display()},
                location=appointment.location,
                at=(begins.time(), ends.time() if ends.date() == begins.date() else time(23, 59)),
            )
        )
    pip = pip_plan.read_pip(person)
    if pip is not None:
        for day in pip.progress_meetings(today, end):
            items.append(
                AgendaItem(
                    uid=f"pip-{pip.version_id}-progress-{day:%Y%m%d}@spil",
                    day=day,
                    summary=_("PIP progress meeting"),
                )
            )
    return items


def feed_items(feed: CalendarFeed) -> list[AgendaItem]:
    """A person's placement hours and appointments (a trainer's feed has only sessions)."""
    if feed.person_id is None:
        return []
    person = Person.objects.get(pk=feed.person_id)
    start = (timezone.now() - timedelta(days=90)).date()
    end = timezone.localdate() + FEED_AHEAD
    with translation.override(person_language(person)):
        return _placement_items(person, start, end) + _appointment_items(person, start, end)


def log_feed_fetch(feed: CalendarFeed, *, today: date | None = None) -> bool:
    """Record that a person's agenda feed was fetched: once per feed per day (agenda apps
    poll often). Returns whether a record was written."""
    if feed.person_id is None:
        return False  # a trainer's feed lists sessions, no person's data
    day = today or timezone.localdate()
    claimed = CalendarFeed.objects.filter(pk=feed.pk).exclude(logged_on=day).update(logged_on=day)
    if not claimed:
        return False
    record_processing(
        actor=None,
        person_ids=[feed.person_id],
        categories=[DataCategory.TRAJECTORY, DataCategory.WORK, DataCategory.CONTACT_MOMENTS],
        action=ProcessingAction.VIEW,
        purpose=Purpose.REGIE,
        action_name="Agenda feed fetched (first fetch of the day)",
    )
    return True


def feed_ical(feed: CalendarFeed) -> bytes:
    """The feed as iCalendar: local times with a TZID (Europe/Amsterdam) and its VTIMEZONE,
    so agenda apps show the right hour on both sides of the daylight-saving change.
    Planned appointments are timed; check-ins and progress meetings (no time) are all-day
    events."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Spil//programmes//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Spil")
    stamp = datetime.now(UTC)
    for session in feed_sessions(feed):
        event = Event()
        event.add("uid", f"session-{session.pk}@spil")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(TZ))
        event.add("dtend", session.ends_at.astimezone(TZ))
        summary = session.group.name
        if session.topic:
            summary = f"{summary}: {session.topic}"
        event.add("summary", summary)
        event.add("location", session.group.location)
        cal.add_component(event)
    for item in feed_items(feed):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if item.at is None:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            event.add("dtstart", _aware(item.day, item.at[0]))
            event.add("dtend", _aware(item.day, item.at[1]))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


# --------------------------------------------------------------------------- reminders


def person_language(person: Person) -> str:
    """The interface language closest to the person's own (for their agenda feed)."""
    available = {code for code, _name in settings.LANGUAGES}
    return interface_language(person.preferred_language, available, settings.LANGUAGE_CODE)


def send_reminders(day: date | None = None, notifier: Notifier | None = None) -> int:
    """Remind members of tomorrow's sessions, each once, in their own language."""
    notifier = notifier or EmailNotifier()
    today = day or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=TZ)
    sessions = Session.objects.filter(
        starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    ).select_related("group")
    sent = 0
    for session in sessions:
        for member in session.group.members.select_related("person"):
            person = member.person
            if not notifier.can_reach(person):
                continue
            if Reminder.objects.filter(
                session=session, person=person, channel=notifier.channel
            ).exists():
                continue
            local = session.starts_at.astimezone(TZ)
            language = person.preferred_language
            subject = newcomer_text(language, N_("Reminder: %(group)s tomorrow")) % {
                "group": session.group.name
            }
            body = newcomer_text(
                language, N_("Tomorrow at %(time)s you have %(group)s at %(location)s.")
            ) % {
                "time": local.strftime("%H:%M"),
                "group": session.group.name,
                "location": session.group.location,
            }
            notify(notifier, person, subject, body, about="Session reminder")
            Reminder.objects.create(session=session, person=person, channel=notifier.channel)
            sent += 1
    return sent


# --------------------------------------------------------------------------- results to DUO


class ResultRefused(Exception):  # noqa: N818 - reads as a domain fact
    """DUO (or Spil's own check of DUO's rules) refused the result; ``messages`` say why."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def _termijn_end(person: Person) -> date | None:
    trajectory = person.trajectories.exclude(termijn_end__isnull=True).first()
    return trajectory.termijn_end if trajectory else None


def check_verwijtbaar(person: Person, on: date, verwijtbaar: str | None) -> list[str]:
    """Spil's own check of DUO's Verwijtbaar rules before sending (DUO checks them too)."""
    problems: list[str] = []
    if on > timezone.localdate():
        problems.append(_("The date may not lie in the future."))
    end = _termijn_end(person)
    if end is None:
        if verwijtbaar:
            problems.append(_("Without a known term, 'culpable' cannot be given."))
        return problems
    allowed = engine.verwijtbaar_allowed(on, end)
    if (verwijtbaar or None) not in allowed:
        if None in allowed:
            problems.append(_("The date lies before the end of the term: leave 'culpable' empty."))
        elif allowed == frozenset({"Ja"}):
            problems.append(
                _(
                    "The term was exceeded by more than two months: "
                    "only 'culpable: yes' is possible."
                )
            )
        else:
            problems.append(_("The term was exceeded: say whether that was culpable."))
    return problems


def _client(person: Person) -> Any:
    from spil.duo import services as duo_services

    return duo_services.make_client(person.municipality.oin)


def _duo_call(person: Person, call: Any) -> None:
    from spil.duo.client.errors import ContractViolation, DuoRefused, DuoUnavailable

    try:
        with _client(person) as client:
            call(client)
    except DuoRefused as exc:
        raise ResultRefused(exc.foutmeldingen or [exc.message]) from exc
    except DuoUnavailable as exc:
        raise ResultRefused([exc.message]) from exc
    except ContractViolation as exc:
        logger.warning("result to DUO off-contract: %s", exc)
        raise ResultRefused([_("The result does not match DUO's specification.")]) from exc


@transaction.atomic
def send_result(
    person: Person,
    kind: str,
    on: date,
    *,
    verwijtbaar: str | None = None,
    actor: User | None,
    check: bool = True,
) -> DuoResult:
    """Send a MAP eindgesprek date, PVT signing date or Z-route completion to DUO."""
    if kind == ResultKind.ZROUTE:
        verwijtbaar = None
    elif check:
        problems = check_verwijtbaar(person, on, verwijtbaar)
        if problems:
            raise ResultRefused(problems)
    body: dict[str, str] = {}
    if kind == ResultKind.MAP:
        body["datumEindgesprekMap"] = on.isoformat()
    elif kind == ResultKind.PVT:
        body["datumOndertekeningPvt"] = on.isoformat()
    else:
        body["datumAfrondingZroute"] = on.isoformat()
    if verwijtbaar:
        body["verwijtbaar"] = verwijtbaar
    method = {
        ResultKind.MAP: "update_map",
        ResultKind.PVT: "update_pvt",
        ResultKind.ZROUTE: "update_zroute",
    }[ResultKind(kind)]
    _duo_call(person, lambda client: getattr(client, method)(person.bsn, body))
    result, _created = DuoResult.objects.update_or_create(
        person=person,
        kind=kind,
        defaults={
            "on": on,
            "verwijtbaar": verwijtbaar or "",
            "sent_at": timezone.now(),
            "sent_by": actor,
        },
    )
    _record(
        actor,
        [person.pk],
        [DataCategory.TRAJECTORY],
        ProcessingAction.EXPORT,
        f"Result to DUO ({kind})",
        purpose=Purpose.DUO_EXCHANGE,
    )
    return result


def send_hours(person: Person, *, actor: User | None) -> dict[str, int]:
    """Send the gevolgde uren (whole hours, totals) to DUO: language/KNM lessons and, on
    the Z-route, participation activities."""
    summary = hours_summary(person)
    sent = {"taalles_knm": int(summary.language_hours)}
    trajectory = person.trajectories.first()
    on_zroute = trajectory is not None and trajectory.leerroute == "z"

    def call(client: Any) -> None:
        client.update_uren_participatie_als_taalles(person.bsn, sent["taalles_knm"])
        if on_zroute:
            client.update_uren_participatieactiviteiten(person.bsn, sent["participatie"])

    if on_zroute:
        sent["participatie"] = int(summary.participation_hours)
    _duo_call(person, call)
    _record(
        actor,
        [person.pk],
        [DataCategory.TRAJECTORY],
        ProcessingAction.EXPORT,
        "Hours to DUO",
        purpose=Purpose.DUO_EXCHANGE,
    )
    return sent


__all__ = [
    "ABSENCE_SIGNAL",
    "EmailNotifier",
    "ImportReport",
    "Notifier",
    "ResultRefused",
    "accept_placements",
    "create_group",
    "enrol",
    "feed_for",
    "feed_ical",
    "hours_summary",
    "import_file",
    "propose",
    "record_attendance",
    "register_waiting",
    "revoke_feed",
    "send_hours",
    "send_reminders",
    "send_result",
]
