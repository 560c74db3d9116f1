"""Changes to trajectories: the only place where Trajectory, Deadline and TermExtension
rows are written. Deadlines come from the versioned Wi2021 rules (spil.rules) and keep the
rule version that produced them; a later rule change never rewrites them."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.persons.models import Person
from spil.rules import engine
from spil.trajectories import events
from spil.trajectories.models import (
    ACTIVE_STATUSES,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    EndReason,
    TermExtension,
    Trajectory,
    TrajectoryStatus,
)


def active_trajectory(person: Person) -> Trajectory | None:
    return (
        Trajectory.objects.filter(person=person, status__in=ACTIVE_STATUSES)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def open_trajectory(
    person: Person,
    *,
    municipality: Organisation,
    plicht_start: date | None = None,
    leerroute_period_start: date | None = None,
    occurred_at: datetime | None = None,
) -> Trajectory:
    """Start following the obligation of `person` (or return the active trajectory, or
    resume the trajectory a temporary exemption suspended in this municipality)."""
    trajectory = active_trajectory(person)
    if trajectory is None:
        suspended = (
            Trajectory.objects.filter(
                person=person, municipality=municipality, status=TrajectoryStatus.SUSPENDED
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if suspended is not None:
            trajectory = resume_trajectory(suspended, occurred_at=occurred_at)
    if trajectory is None:
        trajectory = Trajectory.objects.create(
            person=person, municipality=municipality, plicht_start=plicht_start
        )
        events.status_changed(
            events.StatusChanged(person, TrajectoryStatus.NEW, occurred_at=occurred_at)
        )
    elif plicht_start and trajectory.plicht_start != plicht_start:
        trajectory.plicht_start = plicht_start
        trajectory.save(update_fields=["plicht_start", "updated_at"])
    if leerroute_period_start and not trajectory.leerroute:
        start_leerroute_period(trajectory, leerroute_period_start)
    _estimate_aow(trajectory)
    return trajectory


def _computed_to_deadline(trajectory: Trajectory, kind: str, computed: engine.Deadline) -> Deadline:
    rule = computed.rule
    return Deadline(
        trajectory=trajectory,
        kind=kind,
        due=computed.due,
        is_estimate=bool(computed.is_estimate),
        rule_key=rule.key,
        rule_valid_from=rule.valid_from,
        rule_source=rule.source,
        rule_checked_on=rule.checked_on,
    )


def set_deadline(
    trajectory: Trajectory, kind: str, computed: engine.Deadline, *, is_estimate: bool = False
) -> Deadline:
    """Open a deadline of `kind`; an open one with another date no longer applies."""
    estimate = is_estimate or computed.is_estimate
    current = Deadline.objects.filter(
        trajectory=trajectory, kind=kind, status=DeadlineStatus.OPEN
    ).first()
    if current is not None:
        if current.due == computed.due and current.is_estimate == estimate:
            return current
        current.status = DeadlineStatus.CANCELLED
        current.save(update_fields=["status"])
    deadline = _computed_to_deadline(trajectory, kind, computed)
    deadline.is_estimate = estimate
    deadline.save()
    refresh_next_deadline(trajectory)
    return deadline


def close_deadline(trajectory: Trajectory, kind: str, status: str = DeadlineStatus.MET) -> None:
    Deadline.objects.filter(trajectory=trajectory, kind=kind, status=DeadlineStatus.OPEN).update(
        status=status
    )
    refresh_next_deadline(trajectory)


def refresh_next_deadline(trajectory: Trajectory) -> None:
    open_deadlines = Deadline.objects.filter(trajectory=trajectory, status=DeadlineStatus.OPEN)
    first = open_deadlines.aggregate(first=Min("due"))["first"]
    kind = ""
    if first is not None:
        kind = open_deadlines.filter(due=first).values_list("kind", flat=True).first() or ""
    if (trajectory.next_deadline, trajectory.next_deadline_kind) != (first, kind):
        trajectory.next_deadline = first
        trajectory.next_deadline_kind = kind
        trajectory.save(update_fields=["next_deadline", "next_deadline_kind", "updated_at"])


def start_leerroute_period(trajectory: Trajectory, event_date: date) -> Deadline:
    trajectory.leerroute_period_start = event_date
    trajectory.save(update_fields=["leerroute_period_start", "updated_at"])
    return set_deadline(trajectory, DeadlineKind.LEERROUTE, engine.leerroute_deadline(event_date))


def _estimate_aow(trajectory: Trajectory) -> None:
    born = trajectory.person.date_of_birth
    if born is None:
        return
    set_deadline(trajectory, DeadlineKind.AOW, engine.aow_date(born))


@transaction.atomic
def record_first_pip(
    trajectory: Trajectory,
    *,
    dagtekening: date,
    leerroute: str,
    niveau: str,
    actor: User | None = None,
) -> Trajectory:
    """A PIP was established. The first PIP's dagtekening fixes the term's start (the day
    after, Wi2021 art. 11); a revision changes route and level but never the start."""
    trajectory.leerroute = leerroute
    trajectory.niveau = niveau
    fields = ["leerroute", "niveau", "updated_at"]
    if trajectory.pip_dagtekening is None:
        trajectory.pip_dagtekening = dagtekening
        fields.append("pip_dagtekening")
        if trajectory.termijn_is_estimate:
            start, end = engine.termijn(dagtekening)
            trajectory.termijn_start, trajectory.termijn_end = start, end
            fields += ["termijn_start", "termijn_end"]
    if trajectory.status in (TrajectoryStatus.NEW, TrajectoryStatus.INTAKE):
        trajectory.status = TrajectoryStatus.PIP_VASTGESTELD
        fields.append("status")
    trajectory.save(update_fields=fields)
    close_deadline(trajectory, DeadlineKind.LEERROUTE)
    _set_term_deadlines(trajectory)
    return trajectory


def _set_term_deadlines(trajectory: Trajectory) -> None:
    if trajectory.termijn_start is None or trajectory.termijn_end is None:
        return
    term = engine.termijn_with_extensions(trajectory.termijn_start, trajectory.termijn_end, [])
    set_deadline(
        trajectory,
        DeadlineKind.TERMIJN_END,
        term.deadline(),
        is_estimate=trajectory.termijn_is_estimate,
    )
    set_deadline(
        trajectory,
        DeadlineKind.ROUTE_SWITCH,
        engine.route_switch_deadline(trajectory.termijn_start),
    )


@transaction.atomic
def set_termijn_from_duo(trajectory: Trajectory, *, start: date, end: date) -> Trajectory:
    """DUO's term replaces Spil's estimate (SS102, or a look-up). `end` is DUO's
    `einddatum`, exclusive like everywhere in Spil (the last day is the day before)."""
    changed = (
        trajectory.termijn_start,
        trajectory.termijn_end,
        trajectory.termijn_is_estimate,
    ) != (
        start,
        end,
        False,
    )
    if changed:
        trajectory.termijn_start, trajectory.termijn_end = start, end
        trajectory.termijn_is_estimate = False
        if trajectory.status == TrajectoryStatus.PIP_VASTGESTELD:
            trajectory.status = TrajectoryStatus.RUNNING
        trajectory.save(
            update_fields=[
                "termijn_start",
                "termijn_end",
                "termijn_is_estimate",
                "status",
                "updated_at",
            ]
        )
        _set_term_deadlines(trajectory)
    return trajectory


@transaction.atomic
def extend_termijn(
    trajectory: Trajectory,
    *,
    new_end: date,
    gebeurtenis_id: str,
    ground_code: str = "",
    ground_description: str = "",
) -> TermExtension | None:
    """Record an extension DUO reported; the same extension twice is stored once."""
    existing = TermExtension.objects.filter(trajectory=trajectory, new_end=new_end).first()
    if existing is not None:
        return existing
    extension = TermExtension.objects.create(
        trajectory=trajectory,
        gebeurtenis_id=gebeurtenis_id,
        previous_end=trajectory.termijn_end,
        new_end=new_end,
        ground_code=ground_code,
        ground_description=ground_description,
    )
    trajectory.termijn_end = new_end
    trajectory.termijn_is_estimate = False
    trajectory.save(update_fields=["termijn_end", "termijn_is_estimate", "updated_at"])
    _set_term_deadlines(trajectory)
    return extension


@transaction.atomic
def change_status(
    trajectory: Trajectory,
    status: str,
    *,
    end_reason: str = "",
    ended_on: date | None = None,
    actor: User | None = None,
    occurred_at: datetime | None = None,
) -> Trajectory:
    if trajectory.status == status and trajectory.end_reason == end_reason:
        return trajectory
    trajectory.status = status
    trajectory.end_reason = end_reason
    fields = ["status", "end_reason", "updated_at"]
    if status not in ACTIVE_STATUSES:
        trajectory.ended_on = ended_on or timezone.localdate()
        fields.append("ended_on")
        Deadline.objects.filter(trajectory=trajectory, status=DeadlineStatus.OPEN).update(
            status=DeadlineStatus.CANCELLED
        )
        trajectory.next_deadline = None
        trajectory.next_deadline_kind = ""
        fields += ["next_deadline", "next_deadline_kind"]
    trajectory.save(update_fields=fields)
    events.status_changed(
        events.StatusChanged(
            trajectory.person, status, end_reason, actor=actor, occurred_at=occurred_at
        )
    )
    return trajectory


@transaction.atomic
def suspend_trajectory(
    trajectory: Trajectory,
    *,
    suspended_on: date | None = None,
    occurred_at: datetime | None = None,
) -> Trajectory:
    """A temporary exemption (DUO's SS109): the obligation is suspended, not ended. The open
    deadlines are paused (kept, not cancelled) until :func:`resume_trajectory`."""
    if trajectory.status == TrajectoryStatus.SUSPENDED or not trajectory.is_active:
        return trajectory
    trajectory.suspended_from = trajectory.status
    trajectory.suspended_on = suspended_on or timezone.localdate()
    trajectory.status = TrajectoryStatus.SUSPENDED
    Deadline.objects.filter(trajectory=trajectory, status=DeadlineStatus.OPEN).update(
        status=DeadlineStatus.PAUSED
    )
    trajectory.next_deadline = None
    trajectory.next_deadline_kind = ""
    trajectory.save(
        update_fields=[
            "status",
            "suspended_from",
            "suspended_on",
            "next_deadline",
            "next_deadline_kind",
            "updated_at",
        ]
    )
    events.status_changed(
        events.StatusChanged(
            trajectory.person, TrajectoryStatus.SUSPENDED, "", occurred_at=occurred_at
        )
    )
    return trajectory


@transaction.atomic
def resume_trajectory(trajectory: Trajectory, *, occurred_at: datetime | None = None) -> Trajectory:
    """The temporary exemption ended (DUO's SS129/SS130): the same trajectory continues
    with the status it had and its paused deadlines open again (DUO's new term, when it
    sends one, moves them)."""
    if trajectory.status != TrajectoryStatus.SUSPENDED:
        return trajectory
    trajectory.status = trajectory.suspended_from or TrajectoryStatus.NEW
    trajectory.suspended_from = ""
    trajectory.suspended_on = None
    Deadline.objects.filter(trajectory=trajectory, status=DeadlineStatus.PAUSED).update(
        status=DeadlineStatus.OPEN
    )
    trajectory.save(update_fields=["status", "suspended_from", "suspended_on", "updated_at"])
    refresh_next_deadline(trajectory)
    events.status_changed(
        events.StatusChanged(trajectory.person, trajectory.status, "", occurred_at=occurred_at)
    )
    return trajectory


END_REASON_STATUS: dict[str, str] = {
    EndReason.EXAM_PASSED: TrajectoryStatus.COMPLETED,
    EndReason.ZROUTE_COMPLETED: TrajectoryStatus.COMPLETED,
    EndReason.EXEMPTION: TrajectoryStatus.EXEMPT,
    EndReason.ONTHEFFING: TrajectoryStatus.EXEMPT,
    EndReason.WITHDRAWN: TrajectoryStatus.WITHDRAWN,
    EndReason.DECEASED: TrajectoryStatus.WITHDRAWN,
    EndReason.MOVED: TrajectoryStatus.MOVED,
    EndReason.LEFT_COUNTRY: TrajectoryStatus.WITHDRAWN,
}


def end_trajectory(
    trajectory: Trajectory,
    end_reason: str,
    *,
    ended_on: date | None = None,
    actor: User | None = None,
    occurred_at: datetime | None = None,
) -> Trajectory:
    return change_status(
        trajectory,
        END_REASON_STATUS[end_reason],
        end_reason=end_reason,
        ended_on=ended_on,
        actor=actor,
        occurred_at=occurred_at,
    )


def record_duo_event(trajectory: Trajectory, occurred_at: datetime) -> Trajectory:
    """Remember the newest DUO event applied to the trajectory (DUO's registration time);
    an older status-changing event that arrives later must not undo a newer state."""
    if trajectory.last_duo_event_at is None or occurred_at > trajectory.last_duo_event_at:
        trajectory.last_duo_event_at = occurred_at
        trajectory.save(update_fields=["last_duo_event_at", "updated_at"])
    return trajectory


def transfer_trajectory(person: Person, municipality: Organisation) -> Trajectory | None:
    """The person moved: their active trajectory continues under `municipality` (the term
    and deadlines stay; a PIP revision may follow)."""
    trajectory = active_trajectory(person)
    if trajectory is not None and trajectory.municipality_id != municipality.pk:
        trajectory.municipality = municipality
        trajectory.save(update_fields=["municipality", "updated_at"])
    return trajectory
