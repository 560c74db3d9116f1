"""Writes to a person's dossier: timeline entries, tasks, signals, contact moments,
appointments.

Other apps call these; they never write dossier rows themselves. Creating a task or a
signal from the same source twice changes nothing (idempotent on `source_key` / open code).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.access import Action
from spil.accounts.models import Organisation, User
from spil.accounts.roles import Role
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.core.newcomer_texts import N_, newcomer_text
from spil.dossier import contactpersoon, events, queries
from spil.dossier.models import (
    Appointment,
    AppointmentStatus,
    CaseloadView,
    ContactKind,
    ContactMoment,
    Document,
    Signal,
    SignalSeverity,
    Task,
    TaskStatus,
    TimelineEntry,
    TimelineKind,
)
from spil.persons import services as persons
from spil.persons.models import Person
from spil.persons.notifications import EmailNotifier, Notifier, notify, send_once
from spil.trajectories import services as trajectories
from spil.trajectories.events import StatusChanged


def add_timeline_entry(
    person: Person,
    kind: TimelineKind,
    *,
    code: str = "",
    params: dict[str, Any] | None = None,
    text: str = "",
    occurred_at: datetime | None = None,
    actor: User | None = None,
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        person=person,
        kind=kind,
        code=code,
        params=params or {},
        text=text,
        occurred_at=occurred_at or timezone.now(),
        actor=actor,
    )


def create_task(
    person: Person,
    *,
    code: str = "",
    title: str = "",
    params: dict[str, Any] | None = None,
    due: date | None = None,
    assignee: User | None = None,
    trajectory_id: int | None = None,
    source_key: str = "",
    actor: User | None = None,
) -> Task:
    """Create a task (or return the one this source already created)."""
    if source_key:
        existing = Task.objects.filter(person=person, code=code, source_key=source_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            task = Task.objects.create(
                person=person,
                trajectory_id=trajectory_id,
                code=code,
                title=title,
                params=params or {},
                due=due,
                assignee=assignee if assignee is not None else person.regisseur,
                source_key=source_key,
            )
    except IntegrityError:
        return Task.objects.get(person=person, code=code, source_key=source_key)
    add_timeline_entry(
        person,
        TimelineKind.TASK_CREATED,
        code=code,
        params={"task": task.pk, "title": title, **(params or {})},
        actor=actor,
    )
    return task


def log_change(
    person: Person,
    kind: TimelineKind,
    *,
    actor: User,
    action_name: str,
    categories: list[DataCategory],
    code: str = "",
    params: dict[str, Any] | None = None,
    text: str = "",
    action: ProcessingAction = ProcessingAction.CHANGE,
    purpose: Purpose = Purpose.REGIE,
) -> TimelineEntry:
    """What a user changed in a person's file: a line in the timeline and a processing
    record, always together."""
    entry = add_timeline_entry(person, kind, code=code, params=params, text=text, actor=actor)
    record_processing(
        actor=actor,
        person_ids=[person.pk],
        categories=categories,
        action=action,
        purpose=purpose,
        action_name=action_name,
    )
    return entry


@transaction.atomic
def complete_task(task: Task, *, actor: User, purpose: Purpose = Purpose.REGIE) -> Task:
    """Mark the task done; `purpose` is the work it was part of (the ketenoverleg's
    actions are done for the chain consultation)."""
    if task.status != TaskStatus.OPEN:
        return task
    task.status = TaskStatus.DONE
    task.done_at = timezone.now()
    task.save(update_fields=["status", "done_at"])
    log_change(
        task.person,
        TimelineKind.TASK_DONE,
        actor=actor,
        action_name="Complete task",
        categories=[DataCategory.TRAJECTORY],
        code=task.code,
        params={"task": task.pk, "title": task.title, **task.params},
        purpose=purpose,
    )
    return task


def complete_tasks_done_by(person: Person, codes: Iterable[str], *, actor: User) -> int:
    """Close the open tasks with these codes because the work they ask for was just done
    (e.g. "plan the broad intake" when the intake starts). Returns how many closed."""
    open_tasks = Task.objects.filter(person=person, code__in=list(codes), status=TaskStatus.OPEN)
    closed = 0
    for task in open_tasks.select_for_update():
        complete_task(task, actor=actor)
        closed += 1
    return closed


def raise_signal(
    person: Person,
    code: str,
    *,
    params: dict[str, Any] | None = None,
    severity: SignalSeverity = SignalSeverity.WARNING,
    raised_at: datetime | None = None,
) -> Signal:
    """Raise a signal unless one with this code is already open for the person."""
    open_signal = Signal.objects.filter(person=person, code=code, resolved_at__isnull=True).first()
    if open_signal is not None:
        return open_signal
    try:
        with transaction.atomic():
            signal = Signal.objects.create(
                person=person,
                code=code,
                params=params or {},
                severity=severity,
                raised_at=raised_at or timezone.now(),
            )
    except IntegrityError:
        return Signal.objects.get(person=person, code=code, resolved_at__isnull=True)
    add_timeline_entry(
        person, TimelineKind.SIGNAL, code=code, params=params or {}, occurred_at=signal.raised_at
    )
    return signal


def add_document(
    person: Person,
    *,
    code: str,
    title: str,
    filename: str,
    content: bytes,
    content_type: str = "application/pdf",
    source_key: str = "",
    actor: User | None = None,
) -> Document:
    """Put a document in the person's file (or return the one this source already added),
    with a timeline entry and a processing record."""
    if source_key:
        existing = Document.objects.filter(person=person, code=code, source_key=source_key).first()
        if existing is not None:
            return existing
    with transaction.atomic():
        document = Document.objects.create(
            person=person,
            code=code,
            title=title,
            filename=filename,
            content=content,
            content_type=content_type,
            source_key=source_key,
            created_by=actor,
        )
        add_timeline_entry(
            person,
            TimelineKind.DOCUMENT,
            code=code,
            params={"document": document.pk, "title": title},
            actor=actor,
        )
        record_processing(
            actor=actor,
            person_ids=[person.pk],
            categories=[DataCategory.TRAJECTORY],
            action=ProcessingAction.CREATE,
            purpose=Purpose.REGIE,
            action_name="Add document",
        )
        events.document_added(events.DocumentAdded(document))
    return document


def resolve_signals(person: Person, *codes: str) -> int:
    return Signal.objects.filter(person=person, code__in=codes, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


@transaction.atomic
def record_contact_moment(
    person: Person,
    *,
    actor: User,
    kind: str,
    on: date,
    notes: str = "",
    interpreter_present: bool = False,
    interpreter_language: str = "",
    peer_expert_present: bool = False,
    other_participants: str = "",
) -> ContactMoment:
    moment = ContactMoment(
        person=person,
        kind=kind,
        date=on,
        notes=notes,
        interpreter_present=interpreter_present,
        interpreter_language=interpreter_language,
        peer_expert_present=peer_expert_present,
        other_participants=other_participants,
        author=actor,
    )
    moment.full_clean()
    moment.save()
    _mark_appointments_held(person, kind=kind, on=on)
    add_timeline_entry(
        person,
        TimelineKind.CONTACT_MOMENT,
        code=kind,
        params={"contact_moment": moment.pk},
        occurred_at=timezone.make_aware(datetime.combine(on, datetime.min.time()))
        if on != timezone.localdate()
        else timezone.now(),
        actor=actor,
    )
    record_processing(
        actor=actor,
        person_ids=[person.pk],
        categories=[DataCategory.CONTACT_MOMENTS],
        action=ProcessingAction.CREATE,
        purpose=Purpose.REGIE,
        action_name="Record contact moment",
    )
    return moment


def reassign_open_tasks(person: Person, assignee: User | None, *, previous: User | None) -> int:
    """Open tasks of `person` that were the previous regisseur's (or nobody's) go to
    `assignee`; tasks deliberately given to someone else stay with them."""
    tasks = Task.objects.filter(person=person, status=TaskStatus.OPEN)
    if previous is not None:
        tasks = tasks.filter(Q(assignee=previous) | Q(assignee__isnull=True))
    else:
        tasks = tasks.filter(assignee__isnull=True)
    return tasks.update(assignee=assignee)


def unassign_open_tasks(person: Person) -> int:
    """After a move, the open tasks wait for the receiving municipality's client manager."""
    return Task.objects.filter(person=person, status=TaskStatus.OPEN).update(assignee=None)


# --------------------------------------------------------------------------- appointments

APPOINTMENT_MIN_MINUTES = 5
APPOINTMENT_MAX_MINUTES = 8 * 60
#: Far enough for any plan; beyond it a date is a typing error (and 9999-12-31 overflows).
APPOINTMENT_MAX_AHEAD = timedelta(days=2 * 366)


def _require_change(actor: User, person: Person) -> None:
    if not Person.objects.for_user(actor, Action.CHANGE).filter(pk=person.pk).exists():
        raise PermissionDenied


def _local_day_bounds(day: date) -> tuple[datetime, datetime]:
    return queries.local_day_start(day), queries.local_day_start(day + timedelta(days=1))


@transaction.atomic
def plan_appointment(
    person: Person,
    *,
    actor: User,
    kind: str,
    starts_at: datetime,
    duration_minutes: int = 60,
    location: str = "",
    interpreter_language: str = "",
) -> Appointment:
    """Plan a meeting with the person. It must start in the future and end the same day."""
    _require_change(actor, person)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    errors: dict[str, str] = {}
    if kind not in ContactKind.values:
        errors["kind"] = _("Choose the kind of appointment.")
    if starts_at <= timezone.now():
        errors["starts_at"] = _("The appointment cannot start in the past.")
    elif starts_at > timezone.now() + APPOINTMENT_MAX_AHEAD:
        errors["starts_at"] = _("An appointment can be planned at most two years ahead.")
    if not APPOINTMENT_MIN_MINUTES <= duration_minutes <= APPOINTMENT_MAX_MINUTES:
        errors["duration_minutes"] = _(
            "The duration must be between %(min)d and %(max)d minutes."
        ) % {"min": APPOINTMENT_MIN_MINUTES, "max": APPOINTMENT_MAX_MINUTES}
    elif "starts_at" not in errors:
        local_start = timezone.localtime(starts_at)
        local_end = timezone.localtime(starts_at + timedelta(minutes=duration_minutes))
        if local_end.date() != local_start.date() and local_end.time() != time.min:
            errors["duration_minutes"] = _("The appointment must end on the day it starts.")
    language = interpreter_language.strip().lower()
    if language and not (len(language) == 3 and language.isalpha()):
        errors["interpreter_language"] = _("Choose the language of the interpreter.")
    if errors:
        raise ValidationError(errors)
    appointment = Appointment(
        person=person,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        interpreter_language=language,
        planned_by=actor,
    )
    appointment.full_clean()
    appointment.save()
    log_change(
        person,
        TimelineKind.APPOINTMENT_PLANNED,
        actor=actor,
        action_name="Plan appointment",
        categories=[DataCategory.CONTACT_MOMENTS],
        code=kind,
        params={"appointment": appointment.pk, "starts_at": starts_at.isoformat()},
        action=ProcessingAction.CREATE,
    )
    return appointment


@transaction.atomic
def cancel_appointment(appointment: Appointment, *, actor: User, reason: str) -> Appointment:
    """Cancel a planned appointment, with the reason; the timeline keeps the reason."""
    person = appointment.person
    _require_change(actor, person)
    reason = reason.strip()
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != AppointmentStatus.PLANNED:
        raise ValidationError(_("Only a planned appointment can be cancelled."))
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    locked.status = AppointmentStatus.CANCELLED
    locked.cancelled_reason = reason[:300]
    locked.save(update_fields=["status", "cancelled_reason"])
    log_change(
        person,
        TimelineKind.APPOINTMENT_CANCELLED,
        actor=actor,
        action_name="Cancel appointment",
        categories=[DataCategory.CONTACT_MOMENTS],
        code=locked.kind,
        params={"appointment": locked.pk, "starts_at": locked.starts_at.isoformat()},
        text=locked.cancelled_reason,
    )
    appointment.status = locked.status
    appointment.cancelled_reason = locked.cancelled_reason
    return appointment


def _mark_appointments_held(person: Person, *, kind: str, on: date) -> int:
    """A contact moment of this kind on the day of a planned appointment: it was held."""
    start, end = _local_day_bounds(on)
    return Appointment.objects.filter(
        person=person,
        kind=kind,
        status=AppointmentStatus.PLANNED,
        starts_at__gte=start,
        starts_at__lt=end,
    ).update(status=AppointmentStatus.HELD)


def record_status_change(event: StatusChanged) -> None:
    """The timeline entry for a trajectory's new status (subscribed in DossierConfig)."""
    params = {"status": event.status}
    if event.end_reason is not None:
        params["end_reason"] = event.end_reason
    add_timeline_entry(
        event.person,
        TimelineKind.STATUS_CHANGE,
        code=event.status,
        params=params,
        actor=event.actor,
        occurred_at=event.occurred_at,
    )


# --------------------------------------------------------------------------- the person's file


@transaction.atomic
def queue_contactpersoon(person: Person) -> None:
    """After the commit, give DUO the person's client manager as contactpersoon (for a
    client manager assigned without a user acting, e.g. on a DUO notification)."""
    contactpersoon.queue(person)


@transaction.atomic
def reassign_regisseur(person: Person, regisseur: User, *, actor: User) -> Person:
    """Make `regisseur` the person's client manager; their open tasks follow."""
    persons.require_change(actor, person)
    previous = persons.change_regisseur(person, regisseur)
    if previous is not None and previous.pk == regisseur.pk:
        return person
    reassign_open_tasks(person, regisseur, previous=previous)
    contactpersoon.queue(person)
    log_change(
        person,
        TimelineKind.REASSIGNED,
        actor=actor,
        action_name="Change client manager",
        categories=[DataCategory.TRAJECTORY],
        code="reassigned",
        params={"previous": str(previous) if previous else "", "new": str(regisseur)},
    )
    return person


@transaction.atomic
def hand_over(
    person: Person, municipality: Organisation, *, actor: User, moved_on: date, note: str = ""
) -> Person:
    """The person moved: `municipality` takes over the person and the active trajectory.

    The obligation, its term and deadlines continue (DUO's SS121: settled with the PIP of
    the previous municipality). The client manager stays only where the regio shares
    caseloads with the new municipality; otherwise the open tasks wait for the new team,
    which gets a task to take over the dossier.
    """
    persons.require_change(actor, person)
    previous = person.municipality
    keeps_regisseur = persons.move_to_municipality(person, municipality, moved_on=moved_on)
    trajectories.transfer_trajectory(person, municipality)
    if keeps_regisseur:
        contactpersoon.queue(person)  # now on behalf of the new municipality
    else:
        unassign_open_tasks(person)
    params = {"from": previous.name, "to": municipality.name, "moved_on": moved_on.isoformat()}
    add_timeline_entry(
        person, TimelineKind.HANDOVER, code="handover_out", params=params, actor=actor
    )
    add_timeline_entry(
        person,
        TimelineKind.HANDOVER,
        code="handover_in",
        params=params,
        text=note.strip(),
        actor=actor,
    )
    if not keeps_regisseur:
        create_task(
            person,
            code="take_over_dossier",
            title="Assign a client manager and review the plan after the move",
            params={"from": previous.name, "note": note.strip()},
            actor=actor,
        )
    record_processing(
        actor=actor,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action=ProcessingAction.CHANGE,
        purpose=Purpose.HANDOVER,
        action_name="Warm handover to another municipality",
        organisation=_handing_over_organisation(actor, previous),
    )
    return person


def _handing_over_organisation(actor: User, municipality: Organisation) -> Organisation:
    """The actor's own membership in scope, else the municipality the person leaves."""
    membership = (
        actor.active_memberships().filter(organisation_id=municipality.pk).first()
        or actor.active_memberships().filter(role=Role.KLANTMANAGER).first()
    )
    return membership.organisation if membership else municipality


@transaction.atomic
def update_person_details(
    person: Person,
    *,
    actor: User,
    details: dict[str, object],
    add_household: Iterable[persons.RegistryHouseholdMember] = (),
    remove_household_ids: Iterable[int] = (),
) -> list[str]:
    """Change contact details, languages and household; returns the changed field names.
    All or nothing: a value that does not validate changes nothing."""
    persons.require_change(actor, person)
    changed = persons.update_details(
        person,
        details=details,
        add_household=add_household,
        remove_household_ids=remove_household_ids,
    )
    if not changed:
        return []
    categories = [DataCategory.CONTACT]
    if "household" in changed:
        categories.append(DataCategory.HOUSEHOLD)
    if {"country_of_origin", "arrival_date"} & set(changed):
        categories.append(DataCategory.IDENTITY)
    log_change(
        person,
        TimelineKind.DETAILS_CHANGED,
        actor=actor,
        action_name="Change personal details",
        categories=categories,
        code="details_changed",
        params={"fields": ",".join(changed)},
    )
    return changed


# --------------------------------------------------------------------------- reminders

# What the appointment is, as the newcomer reads it (translated in the newcomer catalogues).
APPOINTMENT_REMINDER_WHAT = {
    ContactKind.INTAKE: N_("an intake meeting"),
    ContactKind.PROGRESS: N_("a progress meeting about your plan"),
    ContactKind.HOME_VISIT: N_("a home visit from your client manager"),
    ContactKind.EINDGESPREK: N_("your final meeting (eindgesprek)"),
    ContactKind.OTHER: N_("an appointment with your client manager"),
}


def appointment_reminder_text(appointment: Appointment) -> tuple[str, str]:
    """Subject and body of the reminder, in the person's own language."""
    language = appointment.person.preferred_language

    def text(msgid: str) -> str:
        return newcomer_text(language, msgid)

    what = text(APPOINTMENT_REMINDER_WHAT[ContactKind(appointment.kind)])
    at = timezone.localtime(appointment.starts_at).strftime("%H:%M")
    subject = text(N_("Reminder: appointment tomorrow at %(time)s")) % {"time": at}
    lines = [text(N_("Tomorrow at %(time)s you have %(what)s.")) % {"time": at, "what": what}]
    if appointment.location and appointment.kind != ContactKind.HOME_VISIT:
        lines.append(text(N_("Place: %(location)s")) % {"location": appointment.location})
    if appointment.interpreter_language:
        lines.append(text(N_("An interpreter will be there.")))
    lines.append(text(N_("Can you not come? Please let your client manager know.")))
    return subject, "\n".join(lines)


def send_appointment_reminders(day: date | None = None, notifier: Notifier | None = None) -> int:
    """Remind people of tomorrow's planned appointments, each appointment once.

    An appointment is claimed (``reminder_sent_at``) before the message goes out
    (``persons.notifications.send_once``); when sending fails the claim is released, so the
    next run tries again.
    """
    notifier = notifier or EmailNotifier()
    start, end = _local_day_bounds((day or timezone.localdate()) + timedelta(days=1))
    due = Appointment.objects.filter(
        status=AppointmentStatus.PLANNED,
        starts_at__gte=start,
        starts_at__lt=end,
        reminder_sent_at__isnull=True,
    ).select_related("person")
    sent = 0
    for appointment in due:
        if notifier.can_reach(appointment.person) and _remind(appointment, notifier):
            sent += 1
    return sent


def _remind(appointment: Appointment, notifier: Notifier) -> bool:
    def claim() -> bool:
        return bool(
            Appointment.objects.filter(
                pk=appointment.pk,
                status=AppointmentStatus.PLANNED,
                reminder_sent_at__isnull=True,
            ).update(reminder_sent_at=timezone.now())
        )

    def send() -> None:
        subject, body = appointment_reminder_text(appointment)
        notify(notifier, appointment.person, subject, body, about="Appointment reminder")

    def release() -> None:
        Appointment.objects.filter(pk=appointment.pk).update(reminder_sent_at=None)

    return send_once(claim, send, release)


# --------------------------------------------------------------------------- caseload views

#: How many views one user may save (the caseload's list of views stays short).
MAX_SAVED_VIEWS = 20


def remember_caseload_filters(
    user: User, params: dict[str, Any], remembered: CaseloadView | None
) -> None:
    """Keep the filters the user last used (written only when they changed)."""
    if remembered is not None:
        if remembered.params != params:
            remembered.params = params
            remembered.save(update_fields=["params", "updated_at"])
        return
    CaseloadView.objects.update_or_create(user=user, name="", defaults={"params": params})


def save_caseload_view(user: User, name: str, params: dict[str, Any]) -> CaseloadView:
    """Save the current filters under a name; the same name again replaces that view."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    if len(name) > 60:
        raise ValidationError({"name": _("The name can be at most 60 characters long.")})
    with transaction.atomic():
        existing = CaseloadView.objects.select_for_update().filter(user=user).exclude(name="")
        if not existing.filter(name=name).exists() and existing.count() >= MAX_SAVED_VIEWS:
            raise ValidationError(
                {
                    "name": _("You can save at most %(count)d views: delete one first.")
                    % {"count": MAX_SAVED_VIEWS}
                }
            )
        view, _created = CaseloadView.objects.update_or_create(
            user=user, name=name, defaults={"params": params}
        )
    return view


def delete_caseload_view(user: User, view_id: int) -> bool:
    """Delete one of the user's saved views (never the remembered filters, never another's)."""
    deleted, _kinds = CaseloadView.objects.filter(user=user, pk=view_id).exclude(name="").delete()
    return bool(deleted)
