"""Every change in placements: offers, placements and their lifecycle, check-ins, aftercare,
outcomes and consent. Each change of a newcomer's data writes one processing record.

Lifecycle: proposed → introduction → started → evaluated → ended (with a reason) or
converted to paid work. Ending without a next step raises the momentum signal; a paid job
starts six months of aftercare (rules engine `aftercare_end`) with scheduled check-ins:
whether the placement became the job or a paid job is recorded as an outcome on its own
(then the check-ins are tasks in the dossier for the one who recorded it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.access import Action, employer_organisation_ids, has_any_role
from spil.accounts.models import Organisation, User
from spil.accounts.queries import municipal_value
from spil.accounts.roles import OrganisationType, Role
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_change
from spil.dossier import services as dossier_services
from spil.persons import services as persons
from spil.persons.models import AccessBasis, ConsentGivenHow, Person
from spil.placements import queries
from spil.placements.models import (
    ACTIVE_STATUSES,
    CheckIn,
    CheckInKind,
    EmployerLocation,
    OfferStatus,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementOffer,
    PlacementStatus,
)
from spil.placements.scoring import ScoreExplanation
from spil.rules.engine import Deadline, aftercare_end, momentum_deadline

MOMENTUM_SIGNAL = "placement_no_next_step"
AFTERCARE_TASK = "aftercare_checkin"
#: aftercare check-ins after the first day of the paid job (the last one on the end day)
AFTERCARE_CHECKIN_DAYS = (14, 42, 91)

TRANSITIONS: dict[str, frozenset[str]] = {
    PlacementStatus.PROPOSED: frozenset({PlacementStatus.INTRODUCTION, PlacementStatus.ENDED}),
    PlacementStatus.INTRODUCTION: frozenset({PlacementStatus.STARTED, PlacementStatus.ENDED}),
    PlacementStatus.STARTED: frozenset(
        {PlacementStatus.EVALUATED, PlacementStatus.ENDED, PlacementStatus.CONVERTED}
    ),
    PlacementStatus.EVALUATED: frozenset({PlacementStatus.ENDED, PlacementStatus.CONVERTED}),
    PlacementStatus.ENDED: frozenset(),
    PlacementStatus.CONVERTED: frozenset(),
}


# --------------------------------------------------------------------------- employers, offers


def add_location(
    employer: Organisation, *, name: str, postcode: str, street: str = "", city: str = ""
) -> EmployerLocation:
    if employer.type != OrganisationType.WERKGEVER:
        raise ValidationError(_("Only an employer has work locations."))
    return EmployerLocation.objects.create(
        employer=employer, name=name, postcode=postcode.strip().upper(), street=street, city=city
    )


def save_offer(actor: User, offer: PlacementOffer) -> PlacementOffer:
    """Create or change an offer: an account manager keeps offers (open at once); an employer
    contact proposes one for their own employer, which an account manager then opens."""
    if has_any_role(actor, Role.ACCOUNTMANAGER):
        if offer.pk is None:
            offer.status = OfferStatus.OPEN
    elif offer.employer_id in employer_organisation_ids(actor):
        if offer.pk is not None and offer.status != OfferStatus.PROPOSED:
            raise PermissionDenied
        offer.status = OfferStatus.PROPOSED
        offer.proposed_by = actor
    else:
        raise PermissionDenied
    if offer.location is not None and offer.location.employer_id != offer.employer_id:
        raise ValidationError(_("The location belongs to another employer."))
    offer.dayparts = sorted({int(d) for d in offer.dayparts})
    offer.save()
    return offer


def set_offer_status(actor: User, offer: PlacementOffer, status: str) -> PlacementOffer:
    if not has_any_role(actor, Role.ACCOUNTMANAGER):
        raise PermissionDenied
    offer.status = OfferStatus(status)
    offer.save(update_fields=["status", "updated_at"])
    return offer


# --------------------------------------------------------------------------- consent


def give_consent(
    actor: User,
    person: Person,
    organisation: Organisation,
    categories: Iterable[str],
    *,
    purpose: Purpose = queries.PURPOSE,
) -> AccessBasis:
    """Record the newcomer's consent to share with an employer (replacing an active one)."""
    allowed = {c.value for c in queries.SHAREABLE_CATEGORIES}
    return persons.record_consent(
        person,
        organisation,
        purpose=purpose,
        categories=sorted(set(categories) & allowed) or [DataCategory.WORK.value],
        given_how=ConsentGivenHow.IN_PERSON,
        actor=actor,
    )


def withdraw_consent(actor: User, consent: AccessBasis) -> AccessBasis:
    return persons.withdraw_basis(consent, actor=actor)


# --------------------------------------------------------------------------- placements


def propose_placement(
    actor: User,
    person: Person,
    offer: PlacementOffer,
    *,
    explanation: ScoreExplanation | None = None,
) -> Placement:
    if not queries.is_caseload_of(actor, person, Action.CHANGE):
        raise PermissionDenied
    if offer.status != OfferStatus.OPEN:
        raise ValidationError(_("This offer is not open."))
    with transaction.atomic():
        if Placement.objects.filter(
            person=person, offer=offer, status__in=ACTIVE_STATUSES
        ).exists():
            raise ValidationError(_("This person already has this placement."))
        placement = Placement.objects.create(
            person=person,
            offer=offer,
            proposed_by=actor,
            score=explanation.total if explanation else None,
            explanation=explanation.as_dict() if explanation else {},
        )
        record_change(
            actor,
            person.pk,
            "Placement proposed",
            categories=(DataCategory.WORK, DataCategory.LANGUAGE),
            action=ProcessingAction.CREATE,
            purpose=queries.PURPOSE,
        )
    return placement


def assign_team(
    actor: User,
    placement: Placement,
    *,
    job_coach: User | None,
    accountmanager: User | None,
    buddy: User | None,
    language_coach: User | None,
) -> Placement:
    if not queries.is_caseload_of(actor, placement.person, Action.CHANGE):
        raise PermissionDenied
    with transaction.atomic():
        placement.job_coach = job_coach
        placement.accountmanager = accountmanager
        placement.buddy = buddy
        placement.language_coach = language_coach
        placement.save()
        record_change(
            actor,
            placement.person.pk,
            "Placement team assigned",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CHANGE,
            purpose=queries.PURPOSE,
        )
    return placement


def _check_transition(actor: User, placement: Placement, target: str) -> None:
    if not queries.is_staff_for(actor, placement, Action.CHANGE):
        raise PermissionDenied
    if target not in TRANSITIONS[placement.status]:
        raise ValidationError(
            _("A placement that is %(status)s cannot move to %(target)s.")
            % {
                "status": placement.get_status_display().lower(),
                "target": PlacementStatus(target).label.lower(),
            }
        )


def plan_introduction(actor: User, placement: Placement, on: date) -> Placement:
    _check_transition(actor, placement, PlacementStatus.INTRODUCTION)
    with transaction.atomic():
        placement.status = PlacementStatus.INTRODUCTION
        placement.introduction_on = on
        placement.save()
        record_change(
            actor,
            placement.person.pk,
            "Placement introduction",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CHANGE,
            purpose=queries.PURPOSE,
        )
    return placement


def start(
    actor: User, placement: Placement, on: date, planned_end: date | None = None
) -> Placement:
    _check_transition(actor, placement, PlacementStatus.STARTED)
    if planned_end is not None and planned_end < on:
        raise ValidationError(_("The planned end lies before the start."))
    with transaction.atomic():
        placement.status = PlacementStatus.STARTED
        placement.started_on = on
        placement.planned_end_on = planned_end or placement.offer.end_date
        placement.save()
        record_change(
            actor,
            placement.person.pk,
            "Placement started",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CHANGE,
            purpose=queries.PURPOSE,
        )
    return placement


def evaluate(actor: User, placement: Placement, on: date, text: str) -> Placement:
    _check_transition(actor, placement, PlacementStatus.EVALUATED)
    with transaction.atomic():
        placement.status = PlacementStatus.EVALUATED
        placement.evaluated_on = on
        placement.evaluation = text
        placement.save()
        record_change(
            actor,
            placement.person.pk,
            "Placement evaluated",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CHANGE,
            purpose=queries.PURPOSE,
        )
    return placement


def end(
    actor: User,
    placement: Placement,
    on: date,
    reason: str,
    *,
    next_step: str = "",
    next_step_on: date | None = None,
    outcome: str = "",
) -> Placement:
    """End a placement. Without a next step the momentum signal is raised at once."""
    _check_transition(actor, placement, PlacementStatus.ENDED)
    with transaction.atomic():
        placement.status = PlacementStatus.ENDED
        placement.ended_on = on
        placement.end_reason = reason
        placement.next_step = next_step.strip()
        placement.next_step_on = next_step_on
        placement.save()
        if outcome:
            Outcome.objects.create(
                person=placement.person,
                kind=OutcomeKind(outcome),
                started_on=placement.started_on or on,
                ended_on=on,
                placement=placement,
                description=placement.offer.title,
                hours_per_week=(
                    placement.offer.hours_per_week if outcome == OutcomeKind.PAID_JOB else None
                ),
                recorded_by=actor,
            )
        record_change(
            actor,
            placement.person.pk,
            "Placement ended",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CHANGE,
            purpose=queries.PURPOSE,
        )
        _momentum(placement)
    return placement


def set_next_step(actor: User, placement: Placement, text: str, on: date | None) -> Placement:
    if not queries.is_staff_for(actor, placement, Action.CHANGE):
        raise PermissionDenied
    with transaction.atomic():
        placement.next_step = text.strip()
        placement.next_step_on = on
        placement.save(update_fields=["next_step", "next_step_on", "updated_at"])
        record_change(
            actor,
            placement.person.pk,
            "Next step planned",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CHANGE,
            purpose=queries.PURPOSE,
        )
        _momentum(placement)
    return placement


def convert_to_paid_work(actor: User, placement: Placement, job_start: date) -> Placement:
    """The placement became a paid job: an outcome, and aftercare with scheduled check-ins."""
    _check_transition(actor, placement, PlacementStatus.CONVERTED)
    deadline = _aftercare_end(placement.person, job_start)
    with transaction.atomic():
        placement.status = PlacementStatus.CONVERTED
        placement.job_started_on = job_start
        placement.ended_on = job_start
        placement.aftercare_until = deadline.due
        placement.save()
        Outcome.objects.create(
            person=placement.person,
            kind=OutcomeKind.PAID_JOB,
            started_on=job_start,
            placement=placement,
            description=placement.offer.title,
            hours_per_week=placement.offer.hours_per_week,
            recorded_by=actor,
            aftercare_until=deadline.due,
        )
        for day in _aftercare_days(job_start, deadline.due):
            CheckIn.objects.create(
                placement=placement, kind=CheckInKind.AFTERCARE, scheduled_for=day
            )
            dossier_services.create_task(
                placement.person,
                code=AFTERCARE_TASK,
                title=str(_("Aftercare check-in")),
                params={"placement": str(placement.public_id), "due": day.isoformat()},
                due=day,
                assignee=placement.job_coach,
                source_key=f"placement:{placement.pk}:{day.isoformat()}",
                actor=actor,
            )
        dossier_services.resolve_signals(placement.person, MOMENTUM_SIGNAL)
        record_change(
            actor,
            placement.person.pk,
            "Converted to paid work",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CHANGE,
            purpose=queries.PURPOSE,
        )
    return placement


def _aftercare_end(person: Person, job_start: date) -> Deadline:
    """Six months, or the months the person's municipality chose (a municipal choice)."""
    months = municipal_value(person.municipality_id, "aftercare_months")
    return aftercare_end(job_start, municipal_months=months)


def _aftercare_days(job_start: date, last_day: date) -> list[date]:
    days = [job_start + timedelta(days=d) for d in AFTERCARE_CHECKIN_DAYS]
    return sorted({d for d in days if d < last_day} | {last_day})


def _start_outcome_aftercare(actor: User, outcome: Outcome) -> None:
    """Aftercare for a paid job recorded as an outcome (no placement became it): the
    check-ins are tasks of the one who recorded it, or of the placement's job coach."""
    deadline = _aftercare_end(outcome.person, outcome.started_on)
    outcome.aftercare_until = deadline.due
    outcome.save(update_fields=["aftercare_until"])
    coach = outcome.placement.job_coach if outcome.placement is not None else None
    for day in _aftercare_days(outcome.started_on, deadline.due):
        dossier_services.create_task(
            outcome.person,
            code=AFTERCARE_TASK,
            title=str(_("Aftercare check-in")),
            params={"outcome": outcome.pk, "due": day.isoformat()},
            due=day,
            assignee=coach or actor,
            source_key=f"outcome:{outcome.pk}:{day.isoformat()}",
            actor=actor,
        )


def _momentum(placement: Placement) -> None:
    if placement.next_step:
        dossier_services.resolve_signals(placement.person, MOMENTUM_SIGNAL)
        return
    end_day = placement.ended_on or placement.planned_end_on
    if end_day is None:
        return
    dossier_services.raise_signal(
        placement.person,
        MOMENTUM_SIGNAL,
        params={
            "placement": str(placement.public_id),
            "placement_end": end_day.isoformat(),
            "next_step_due": momentum_deadline(end_day).due.isoformat(),
        },
    )


def check_momentum(today: date | None = None) -> int:
    """Raise the momentum signal for placements that end within the momentum window (the
    rules engine's `momentum_gap_weeks`) without a next step. For a nightly task."""
    today = today or timezone.localdate()
    raised = 0
    running = Placement.objects.filter(
        status__in=(PlacementStatus.STARTED, PlacementStatus.EVALUATED),
        planned_end_on__isnull=False,
        next_step="",
    ).select_related("person")
    for placement in running:
        assert placement.planned_end_on is not None
        window_start = placement.planned_end_on - (
            momentum_deadline(placement.planned_end_on).due - placement.planned_end_on
        )
        if window_start <= today:
            _momentum(placement)
            raised += 1
    return raised


# --------------------------------------------------------------------------- check-ins


def author_role(actor: User, placement: Placement) -> str:
    if placement.offer.employer_id in employer_organisation_ids(actor):
        return Role.EMPLOYER_CONTACT.value
    if actor.pk == placement.job_coach_id:
        return Role.JOBCOACH.value
    if actor.pk == placement.accountmanager_id:
        return Role.ACCOUNTMANAGER.value
    if queries.is_caseload_of(actor, placement.person, Action.CHANGE):
        return Role.KLANTMANAGER.value
    return queries.support_role(actor, placement)  # "buddy" or "language_coach"


def check_in(
    actor: User,
    placement: Placement,
    *,
    mood: str,
    note: str = "",
    scheduled: CheckIn | None = None,
) -> CheckIn:
    """A short check-in by job coach, employer contact (with consent), klantmanager, or the
    buddy or language coach of the running placement (never a planned aftercare check-in)."""
    supporter_only = not queries.visible_categories(actor, placement, Action.CHANGE)
    if supporter_only and (scheduled is not None or not queries.support_role(actor, placement)):
        raise PermissionDenied
    if placement.status not in (
        PlacementStatus.INTRODUCTION,
        PlacementStatus.STARTED,
        PlacementStatus.EVALUATED,
        PlacementStatus.CONVERTED,
    ):
        raise ValidationError(_("Check-ins are for running placements and aftercare."))
    with transaction.atomic():
        item = scheduled or CheckIn(placement=placement, kind=CheckInKind.COACHING)
        if item.placement_id != placement.pk:
            raise PermissionDenied
        item.mood = mood
        item.note = note.strip()
        item.author = actor
        item.author_role = author_role(actor, placement)
        item.done_at = timezone.now()
        item.save()
        record_change(
            actor,
            placement.person.pk,
            "Placement check-in",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CREATE,
            purpose=queries.PURPOSE,
        )
    return item


# --------------------------------------------------------------------------- outcomes


def record_outcome(
    actor: User,
    person: Person,
    *,
    kind: str,
    started_on: date,
    ended_on: date | None = None,
    placement: Placement | None = None,
    course: str = "",
    description: str = "",
    hours_per_week: int | None = None,
    with_benefit: bool | None = None,
) -> Outcome:
    """Record a result of `person`; a person can have several (internship and certificate).

    Hours per week and a continuing benefit belong to paid work (full-time or part-time,
    with or without a benefit, in the reports); for other outcomes they are not kept. Paid
    work starts six months of aftercare, unless its placement's conversion already did.
    """
    if not queries.is_caseload_of(actor, person, Action.CHANGE):
        raise PermissionDenied
    if placement is not None and placement.person_id != person.pk:
        raise ValidationError(_("That placement belongs to someone else."))
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("The end lies before the start.")})
    paid = kind == OutcomeKind.PAID_JOB
    if paid and hours_per_week is None and placement is not None:
        hours_per_week = placement.offer.hours_per_week
    with transaction.atomic():
        outcome = Outcome.objects.create(
            person=person,
            kind=OutcomeKind(kind),
            started_on=started_on,
            ended_on=ended_on,
            placement=placement,
            course=course,
            description=description,
            hours_per_week=hours_per_week if paid else None,
            with_benefit=with_benefit if paid else None,
            recorded_by=actor,
        )
        converted = placement is not None and placement.status == PlacementStatus.CONVERTED
        if paid and not converted:
            _start_outcome_aftercare(actor, outcome)
        record_change(
            actor,
            person.pk,
            "Outcome recorded",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CREATE,
            purpose=queries.PURPOSE,
        )
    return outcome


def end_outcome(actor: User, outcome: Outcome, on: date) -> Outcome:
    """The outcome stopped on `on` (the job, internship, course or volunteering ended); a
    certificate, once obtained, does not end."""
    if not queries.is_caseload_of(actor, outcome.person, Action.CHANGE):
        raise PermissionDenied
    if outcome.kind == OutcomeKind.CERTIFICATE:
        raise ValidationError({"ended_on": _("A certificate does not end.")})
    if outcome.ended_on is not None:
        raise ValidationError({"ended_on": _("This outcome has already ended.")})
    if on < outcome.started_on:
        raise ValidationError({"ended_on": _("The end lies before the start.")})
    with transaction.atomic():
        outcome.ended_on = on
        outcome.save(update_fields=["ended_on"])
        record_change(
            actor,
            outcome.person_id,
            "Outcome ended",
            categories=(DataCategory.WORK,),
            action=ProcessingAction.CHANGE,
            purpose=queries.PURPOSE,
        )
    return outcome
