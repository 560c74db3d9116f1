"""Writes of the ketenoverleg: series, meetings, cases, discussion notes, actions.

Each write is atomic and leaves a processing record with the purpose of the chain
consultation. An action is a `dossier.Task` for its owner (created through
`dossier.services.create_task`); the task's status is the action's status, so completing
it in the dossier or here is the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from dateutil import rrule
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation, User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_change
from spil.dossier import services as dossier
from spil.dossier.models import TaskStatus, TimelineKind
from spil.ketenoverleg import queries
from spil.ketenoverleg.models import (
    Cadence,
    Case,
    CaseNote,
    CaseSource,
    ChainAction,
    Meeting,
    MeetingSeries,
    MeetingStatus,
)
from spil.persons.models import Person

ACTION_TASK_CODE = "chain_action"
_CATEGORIES = [DataCategory.TRAJECTORY]


def _record(actor: User, person_ids: Iterable[int], name: str, action: ProcessingAction) -> None:
    record_change(
        actor,
        list(person_ids),
        name,
        categories=_CATEGORIES,
        action=action,
        purpose=Purpose.CHAIN_CONSULTATION,
    )


# --------------------------------------------------------------------------- series


def occurrences(series: MeetingSeries, after: datetime, count: int = 1) -> list[datetime]:
    """The series' next meeting times after `after`, in local time (the same clock time in
    summer and winter). Monthly meetings keep the weekday of the first one: the second
    Tuesday stays the second Tuesday; a first meeting in the fifth week makes it the last."""
    first = datetime.combine(series.first_date, series.start_time)
    if series.cadence == Cadence.MONTHLY:
        nth = (series.first_date.day - 1) // 7 + 1
        weekday = rrule.weekdays[series.first_date.weekday()]
        rule = rrule.rrule(rrule.MONTHLY, dtstart=first, byweekday=weekday(nth if nth <= 4 else -1))
    else:
        interval = 2 if series.cadence == Cadence.FORTNIGHTLY else 1
        rule = rrule.rrule(rrule.WEEKLY, dtstart=first, interval=interval)
    moment = timezone.localtime(after).replace(tzinfo=None)
    return [timezone.make_aware(local) for local in rule.xafter(moment, count=count)]


def _require_organiser(actor: User, series: MeetingSeries) -> None:
    if not queries.can_organise(actor, series):
        raise PermissionDenied


def _require_chair(actor: User, series: MeetingSeries) -> None:
    if not queries.can_chair(actor, series):
        raise PermissionDenied


@transaction.atomic
def create_series(
    actor: User,
    *,
    name: str,
    organisation: Organisation,
    first_date: date,
    start_time: time,
    cadence: str = Cadence.MONTHLY,
    duration_minutes: int = 90,
    location: str = "",
    participant_organisations: Iterable[Organisation] = (),
    participant_users: Iterable[User] = (),
) -> MeetingSeries:
    """A new series with its first meeting; the organiser takes part."""
    if organisation.pk not in queries.organiser_organisation_ids(actor):
        raise ValidationError({"organisation": _("Choose your own municipality or region.")})
    if first_date < timezone.localdate():
        raise ValidationError({"first_date": _("The first meeting cannot be in the past.")})
    series = MeetingSeries(
        name=name.strip(),
        organisation=organisation,
        cadence=cadence,
        first_date=first_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        location=location.strip(),
        created_by=actor,
    )
    series.full_clean()
    series.save()
    series.participant_organisations.set(participant_organisations)
    series.participant_users.set({actor, *participant_users})
    ensure_next_meeting(series)
    return series


@transaction.atomic
def update_participants(
    actor: User,
    series: MeetingSeries,
    *,
    organisations: Iterable[Organisation],
    users: Iterable[User],
) -> MeetingSeries:
    _require_organiser(actor, series)
    series.participant_organisations.set(organisations)
    series.participant_users.set(users)
    return series


def ensure_next_meeting(series: MeetingSeries) -> Meeting:
    """The series' next planned meeting, made from the recurrence when there is none."""
    now = timezone.now()
    planned = series.meetings.filter(status=MeetingStatus.PLANNED, starts_at__gte=now).first()
    if planned is not None:
        return planned
    last = series.meetings.order_by("-starts_at").values_list("starts_at", flat=True).first()
    if last is not None:
        after = max(last, now)
    elif series.first_date >= timezone.localdate():
        after = timezone.make_aware(datetime.combine(series.first_date, time.min))
        after -= timedelta(seconds=1)
    else:
        after = now
    (starts_at,) = occurrences(series, after)
    meeting, _created = Meeting.objects.get_or_create(
        series=series, starts_at=starts_at, defaults={"location": series.location}
    )
    return meeting


# --------------------------------------------------------------------------- cases


def _require_open(meeting: Meeting) -> None:
    if meeting.is_held:
        raise ValidationError(_("This meeting is closed; its minutes no longer change."))


def _require_case_access(actor: User, case: Case) -> None:
    """The actor takes part or organises, and may see the person."""
    if not queries.meetings_for_user(actor).filter(pk=case.meeting_id).exists():
        raise PermissionDenied
    if not queries.visible_person_ids(actor, [case.person_id]):
        raise PermissionDenied


def _next_order(meeting: Meeting) -> int:
    last = meeting.cases.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_proposed_cases(actor: User, meeting: Meeting, person_ids: Iterable[int]) -> list[Case]:
    """Put the chosen people of the proposal on the agenda, with their reasons."""
    _require_chair(actor, meeting.series)
    _require_open(meeting)
    wanted = set(person_ids)
    order = _next_order(meeting)
    added: list[Case] = []
    for proposal in queries.proposals(meeting, actor):
        if proposal.person.pk not in wanted:
            continue
        only_follow_up = proposal.reasons == [queries.OPEN_ACTION]
        added.append(
            Case.objects.create(
                meeting=meeting,
                person=proposal.person,
                source=CaseSource.FOLLOW_UP if only_follow_up else CaseSource.SIGNAL,
                reasons=proposal.reasons,
                order=order,
                added_by=actor,
            )
        )
        order += 1
    _record(
        actor,
        [c.person_id for c in added],
        "Put cases on the ketenoverleg agenda",
        ProcessingAction.CREATE,
    )
    return added


@transaction.atomic
def add_case_by_hand(actor: User, meeting: Meeting, person: Person) -> Case:
    _require_chair(actor, meeting.series)
    _require_open(meeting)
    area = queries.area_municipality_ids(meeting.series.organisation)
    if person.municipality_id not in area or not queries.visible_person_ids(actor, [person.pk]):
        raise PermissionDenied
    existing = meeting.cases.filter(person=person).first()
    if existing is not None:
        return existing
    case = Case.objects.create(
        meeting=meeting,
        person=person,
        source=CaseSource.BY_HAND,
        reasons=[],
        order=_next_order(meeting),
        added_by=actor,
    )
    _record(actor, [person.pk], "Put a case on the ketenoverleg agenda", ProcessingAction.CREATE)
    return case


@transaction.atomic
def remove_case(actor: User, case: Case) -> None:
    meeting = case.meeting
    _require_chair(actor, meeting.series)
    _require_case_access(actor, case)
    _require_open(meeting)
    if case.notes.exists() or case.actions.exists():
        raise ValidationError(_("A case with notes or actions stays on the agenda."))
    person_id = case.person_id
    case.delete()
    _record(actor, [person_id], "Take a case off the ketenoverleg agenda", ProcessingAction.DELETE)


@transaction.atomic
def add_note(actor: User, case: Case, text: str) -> CaseNote:
    _require_case_access(actor, case)
    _require_open(case.meeting)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the discussion note.")})
    note = CaseNote.objects.create(case=case, text=text, author=actor)
    _record(
        actor, [case.person_id], "Write a ketenoverleg discussion note", ProcessingAction.CREATE
    )
    return note


@transaction.atomic
def add_action(actor: User, case: Case, *, description: str, owner: User, due: date) -> ChainAction:
    """A decision: an action with an owner and a due date, in the owner's task list."""
    _require_case_access(actor, case)
    meeting = case.meeting
    _require_open(meeting)
    description = description.strip()
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = _("Describe what was decided.")
    candidates = queries.owner_candidates(meeting, [case.person_id])[case.person_id]
    if owner.pk not in {u.pk for u in candidates}:
        errors["owner"] = _("Choose a participant who may see this person's data.")
    if due < timezone.localdate():
        errors["due"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    # Two actions added at once on one case number themselves one after the other.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    number = case.actions.count() + 1
    task = dossier.create_task(
        case.person,
        code=ACTION_TASK_CODE,
        title=description[:200],
        params={"meeting": str(meeting.public_id), "series": meeting.series.name},
        due=due,
        assignee=owner,
        source_key=f"ketenoverleg:{case.pk}:{number}",
        actor=actor,
    )
    action = ChainAction.objects.create(
        case=case,
        task=task,
        description=description[:200],
        owner=owner,
        due=due,
        created_by=actor,
    )
    _record(actor, [case.person_id], "Record a ketenoverleg action", ProcessingAction.CREATE)
    return action


@transaction.atomic
def complete_action(actor: User, action: ChainAction) -> ChainAction:
    """The owner (or the chair) marks the action done: its task is done."""
    if action.task.status == TaskStatus.OPEN:
        dossier.complete_task(action.task, actor=actor, purpose=Purpose.CHAIN_CONSULTATION)
    else:
        _record(actor, [action.case.person_id], "View a ketenoverleg action", ProcessingAction.VIEW)
    return action


@transaction.atomic
def close_meeting(actor: User, meeting: Meeting) -> Meeting:
    """The meeting was held: each case's person gets a timeline entry with what was
    decided, and the series' next meeting is planned."""
    _require_chair(actor, meeting.series)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_open(locked)
    locked.status = MeetingStatus.HELD
    locked.held_at = timezone.now()
    locked.closed_by = actor
    locked.save(update_fields=["status", "held_at", "closed_by"])
    cases = list(locked.cases.select_related("person").prefetch_related("actions__owner"))
    for case in cases:
        # The decisions as typed, with owner and due date; the timeline renders the
        # heading in the reader's language (dossier.texts).
        decisions = [f"{a.description} · {a.owner} · {a.due:%d-%m-%Y}" for a in case.actions.all()]
        dossier.add_timeline_entry(
            case.person,
            TimelineKind.CHAIN_MEETING,
            code="discussed",
            params={
                "meeting": str(locked.public_id),
                "series": locked.series.name,
                "date": timezone.localdate(locked.starts_at).isoformat(),
                "actions": len(decisions),
            },
            text="\n".join(decisions),
            actor=actor,
        )
    _record(actor, [c.person_id for c in cases], "Close the ketenoverleg", ProcessingAction.CHANGE)
    ensure_next_meeting(locked.series)
    meeting.status, meeting.held_at = locked.status, locked.held_at
    return meeting
