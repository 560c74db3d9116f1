"""Writes of the brede intake. Every write records its processing (one record per call)."""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_change
from spil.core.calendar import TZ
from spil.dossier import services as dossier
from spil.dossier.models import TimelineKind
from spil.duo import services as duo_services
from spil.duo.client import DuoRefused, DuoUnavailable
from spil.duo.contract import ContractViolation
from spil.intake.models import (
    Barrier,
    BarrierKind,
    BarrierStatus,
    Focus,
    HealthAssessment,
    Intake,
    IntakeStatus,
)
from spil.intake.steps import STEP_BY_SLUG
from spil.persons.models import Person
from spil.trajectories import services as trajectories
from spil.trajectories.models import TrajectoryStatus

logger = logging.getLogger(__name__)

HEALTH_PURPOSE = Purpose.INTAKE_HEALTH


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


@transaction.atomic
def start_intake(person: Person, *, actor: User) -> Intake:
    """The open intake of `person`, or a new one (the trajectory moves to 'intake')."""
    intake = Intake.objects.filter(person=person, status=IntakeStatus.IN_PROGRESS).first()
    if intake is not None:
        return intake
    trajectory = trajectories.active_trajectory(person)
    intake = Intake.objects.create(person=person, trajectory=trajectory, started_by=actor)
    if trajectory is not None and trajectory.status == TrajectoryStatus.NEW:
        trajectories.change_status(trajectory, TrajectoryStatus.INTAKE, actor=actor)
    dossier.resolve_signals(person, "intake_not_started")
    dossier.add_timeline_entry(
        person, TimelineKind.STATUS_CHANGE, code="intake_started", actor=actor
    )
    dossier.complete_tasks_done_by(person, ["duo_plan_intake"], actor=actor)
    record_change(
        actor,
        person.pk,
        "Start broad intake",
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.CREATE,
    )
    return intake


def _mark_done(intake: Intake, slug: str) -> None:
    if slug not in intake.completed_steps:
        intake.completed_steps = [*intake.completed_steps, slug]


@transaction.atomic
def save_step(intake: Intake, slug: str, data: dict[str, Any], *, actor: User) -> Intake:
    """Save the answers of one (non-health) step; the intake can be resumed from here."""
    step = STEP_BY_SLUG[slug]
    if step.special:
        raise ValueError("health is saved through save_health")
    intake.answers = {**intake.answers, slug: _jsonable(data)}
    _mark_done(intake, slug)
    intake.save(update_fields=["answers", "completed_steps", "updated_at"])
    record_change(
        actor, intake.person.pk, f"Broad intake: {slug}", categories=list(step.categories)
    )
    hours = data.get("taalles_knm_hours")
    if slug == "taal" and isinstance(hours, int):
        person_id = intake.person.pk
        # DUO is called after the commit, by a task (retried while DUO is unreachable).
        transaction.on_commit(lambda: _queue_taalles_knm_hours(person_id, hours))
    return intake


def _queue_taalles_knm_hours(person_id: int, hours: int) -> None:
    from spil.intake.tasks import send_taalles_knm_hours_task  # tasks import this module

    send_taalles_knm_hours_task.delay(person_id, hours)


def send_taalles_knm_hours(person_id: int, hours: int) -> str:
    """Send the hours of Dutch and KNM lessons followed during the broad intake to DUO
    (``PUT /personen/{bsn}/uren/bredeintake/taallesknm``), outside any transaction.
    Returns "sent", "refused" (DUO's rules; logged) or "unavailable" (to be retried)."""
    person = Person.objects.select_related("municipality").get(pk=person_id)
    if not person.bsn or person.municipality is None or not person.municipality.oin:
        return "refused"
    try:
        with duo_services.make_client(person.municipality.oin) as client:
            client.update_uren_taalles_knm(person.bsn, hours)
    except DuoUnavailable:
        return duo_services.UNAVAILABLE
    except (DuoRefused, ContractViolation) as exc:
        logger.warning("hours of the broad intake refused by DUO: %s", type(exc).__name__)
        return "refused"
    duo_services.record_export(None, person.pk, "Hours of the broad intake to DUO")
    return "sent"


@transaction.atomic
def save_health(intake: Intake, data: dict[str, Any], *, actor: User) -> HealthAssessment:
    """Save the positive-health scores and notes (special category, explicit purpose)."""
    health, _created = HealthAssessment.objects.get_or_create(intake=intake)
    for name in HealthAssessment.DIMENSIONS:
        setattr(health, name, data.get(name))
    health.notes = data.get("notes", "")
    health.save()
    _mark_done(intake, "gezondheid")
    intake.save(update_fields=["completed_steps", "updated_at"])
    record_change(
        actor,
        intake.person.pk,
        "Broad intake: health",
        categories=[DataCategory.HEALTH],
        purpose=HEALTH_PURPOSE,
    )
    return health


@transaction.atomic
def save_barriers(
    intake: Intake,
    *,
    new: dict[str, Any] | None,
    statuses: dict[int, str],
    actor: User,
) -> Intake:
    """Add a barrier (when `new` names a kind) and update the status of existing ones."""
    now = timezone.now()
    for barrier in intake.barriers.all():
        status = statuses.get(barrier.pk)
        if status and status != barrier.status and status in BarrierStatus.values:
            barrier.status = status
            barrier.solved_at = now if status == BarrierStatus.SOLVED else None
            barrier.save(update_fields=["status", "solved_at"])
    if new and new.get("kind"):
        Barrier.objects.create(
            intake=intake,
            person=intake.person,
            kind=new["kind"],
            description=new.get("description", ""),
            owner=new["owner"],
            action=new["action"],
            status=new.get("status") or BarrierStatus.OPEN,
            solved_at=now if new.get("status") == BarrierStatus.SOLVED else None,
        )
    _mark_done(intake, "belemmeringen")
    intake.save(update_fields=["completed_steps", "updated_at"])
    record_change(
        actor, intake.person.pk, "Broad intake: barriers", categories=[DataCategory.TRAJECTORY]
    )
    return intake


# --------------------------------------------------------------------------- focus

STABILISING_BARRIERS = {BarrierKind.HEALTH, BarrierKind.DEBTS, BarrierKind.HOUSING}


def suggest_focus(intake: Intake, *, today: date | None = None) -> tuple[str, list[dict[str, Any]]]:
    """A suggested focus with its reasons (codes with parameters, shown translated).

    Uses no health data: open health, debt or housing barriers point to stabilisation; a
    reachable B1 with upper secondary or higher education, under 28, to education; anything
    else to participation. The klantmanager decides.
    """
    today = today or timezone.localdate()
    reasons: list[dict[str, Any]] = []
    open_barriers = [b for b in intake.barriers.all() if b.status != BarrierStatus.SOLVED]
    heavy = sorted({b.kind for b in open_barriers if b.kind in STABILISING_BARRIERS})
    debts = intake.step("leefsituatie").get("debts") == "yes"
    if heavy or debts:
        if heavy:
            reasons.append({"code": "open_barriers", "kinds": heavy})
        if debts and BarrierKind.DEBTS not in heavy:
            reasons.append({"code": "debts"})
        return Focus.STABILISATION, reasons
    level = str(intake.step("opleiding").get("highest_level", ""))
    lbt = str(intake.step("leerbaarheid").get("lbt_result", ""))
    birth = intake.person.date_of_birth
    age = (
        (today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)))
        if birth
        else None
    )
    high = level in {"secondary_upper", "vocational", "bachelor", "master"}
    if high:
        reasons.append({"code": "education_level", "level": level})
    if lbt == "b1_reachable":
        reasons.append({"code": "lbt_b1"})
    if age is not None and age < 28:
        reasons.append({"code": "young", "age": age})
    if high and lbt == "b1_reachable" and age is not None and age < 28:
        return Focus.EDUCATION, reasons
    reasons.append({"code": "participation_default"})
    return Focus.PARTICIPATION, reasons


@transaction.atomic
def decide_focus(
    intake: Intake, *, focus: str, note: str, actor: User, completed_on: date | None = None
) -> Intake:
    """The klantmanager's decision; completes the intake (today, or on `completed_on` when
    an earlier conversation is recorded afterwards, e.g. through the API)."""
    suggested, reasons = suggest_focus(intake)
    intake.suggested_focus = suggested
    intake.suggested_reasons = reasons
    intake.focus = focus
    intake.focus_note = note
    _mark_done(intake, "focus")
    intake.status = IntakeStatus.COMPLETED
    intake.completed_at = (
        timezone.now()
        if completed_on is None
        else datetime.combine(completed_on, time(12), tzinfo=TZ)
    )
    intake.save()
    dossier.add_timeline_entry(
        intake.person,
        TimelineKind.STATUS_CHANGE,
        code="intake_completed",
        params={"focus": focus},
        actor=actor,
    )
    record_change(
        actor, intake.person.pk, "Broad intake: focus decided", categories=[DataCategory.TRAJECTORY]
    )
    return intake
