"""Every change in peer coaching: the register, assignments with the newcomer's consent,
activities and hours. Each change of a newcomer's data writes one processing record with
the purpose peer support, and a line in the person's timeline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation, User
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_change
from spil.dossier import services as dossier_services
from spil.dossier.models import TimelineKind
from spil.peercoaches import queries
from spil.peercoaches.models import (
    MAX_MINUTES,
    MIN_MINUTES,
    Activity,
    ActivityKind,
    Assignment,
    CoachKind,
    PeerCoach,
)
from spil.peercoaches.queries import COACH_CATEGORIES, PURPOSE
from spil.persons import queries as person_queries
from spil.persons import services as person_services
from spil.persons.models import ConsentGivenHow, Person

# --------------------------------------------------------------------------- the access basis


def _record_consent(
    actor: User, person: Person, organisation: Organisation, *, given_how: str
) -> None:
    """Record the newcomer's consent for peer support by `organisation`'s coaches as an
    access basis; "in the portal" asks the newcomer there, and the coach sees the person
    once they agree."""
    categories = sorted(c.value for c in COACH_CATEGORIES)
    if given_how == ConsentGivenHow.PORTAL:
        person_services.request_consent(
            person, organisation, purpose=PURPOSE, categories=categories, actor=actor, log=False
        )
        return
    person_services.record_consent(
        person,
        organisation,
        purpose=PURPOSE,
        categories=categories,
        given_how=given_how,
        actor=actor,
        log=False,  # the assignment's record covers it
    )


def _withdraw_consent(actor: User, person: Person, organisation: Organisation) -> bool:
    """End the newcomer's consent for peer support by `organisation`; whether one was open."""
    open_bases = person_queries.bases_of(person).filter(
        organisation=organisation, purpose=PURPOSE, withdrawn_at__isnull=True
    )
    found = False
    for basis in open_bases:
        person_services.withdraw_basis(basis, actor=actor)
        found = True
    return found


# --------------------------------------------------------------------------- the register


def save_coach(actor: User, coach: PeerCoach) -> PeerCoach:
    """Add or change a coach in the register (klantmanager or functioneel beheerder)."""
    if not queries.can_keep_register(actor):
        raise PermissionDenied
    if coach.organisation.type not in ("welzijn", "other"):
        raise ValidationError({"organisation": _("Choose a welfare or other organisation.")})
    if coach.kind == CoachKind.PAID and coach.hourly_rate <= 0:
        raise ValidationError({"hourly_rate": _("A paid coach needs an hourly rate.")})
    if coach.kind == CoachKind.VOLUNTEER:
        coach.hourly_rate = Decimal("0.00")
    coach.languages = list(dict.fromkeys(code.lower() for code in coach.languages if code))
    coach.availability = sorted({int(part) for part in coach.availability})
    coach.save()
    return coach


# --------------------------------------------------------------------------- assignments


def assign(
    actor: User,
    person: Person,
    coach: PeerCoach,
    *,
    consent_how: str,
    started_on: date | None = None,
    reason: str = "",
    gender_preference: str = "",
) -> Assignment:
    """Assign `coach` to `person`, recording the newcomer's consent (how it was given) for
    the coach's organisation in the same transaction."""
    if not queries.can_assign(actor, person):
        raise PermissionDenied
    if not coach.is_active:
        raise ValidationError({"coach": _("This coach is no longer active.")})
    if Assignment.objects.filter(coach=coach, person=person, ended_on__isnull=True).exists():
        raise ValidationError({"coach": _("This coach is already assigned to this person.")})
    started_on = started_on or timezone.localdate()
    with transaction.atomic():
        _record_consent(actor, person, coach.organisation, given_how=consent_how)
        assignment = Assignment.objects.create(
            coach=coach,
            person=person,
            started_on=started_on,
            reason=reason.strip(),
            gender_preference=gender_preference,
            assigned_by=actor,
        )
        dossier_services.add_timeline_entry(
            person,
            TimelineKind.PEER_COACH,
            code="assigned",
            params={"coach": coach.display_name, "organisation": coach.organisation.name},
            actor=actor,
        )
        record_change(
            actor,
            person.pk,
            "Peer coach assigned, consent recorded",
            categories=(DataCategory.IDENTITY, DataCategory.LANGUAGE),
            action=ProcessingAction.CREATE,
            purpose=PURPOSE,
        )
    return assignment


def end_assignment(actor: User, assignment: Assignment, *, on: date | None = None) -> Assignment:
    if not queries.can_assign(actor, assignment.person):
        raise PermissionDenied
    with transaction.atomic():
        if assignment.ended_on is None:
            assignment.ended_on = on or timezone.localdate()
            assignment.save(update_fields=["ended_on"])
            dossier_services.add_timeline_entry(
                assignment.person,
                TimelineKind.PEER_COACH,
                code="ended",
                params={"coach": assignment.coach.display_name},
                actor=actor,
            )
        record_change(
            actor,
            assignment.person.pk,
            "Peer coach assignment ended",
            categories=(DataCategory.IDENTITY,),
            action=ProcessingAction.CHANGE,
            purpose=PURPOSE,
        )
    return assignment


def withdraw_consent(actor: User, person: Person, organisation: Organisation) -> None:
    """The newcomer withdrew their consent: the organisation's coaches no longer see them,
    from the next request on (their assignments stay, inactive, for the hours)."""
    if not queries.can_assign(actor, person):
        raise PermissionDenied
    with transaction.atomic():
        # withdrawing the basis writes the processing record ("Consent withdrawn")
        if _withdraw_consent(actor, person, organisation):
            dossier_services.add_timeline_entry(
                person,
                TimelineKind.PEER_COACH,
                code="consent_withdrawn",
                params={"organisation": organisation.name},
                actor=actor,
            )


# --------------------------------------------------------------------------- activities


def log_activity(
    actor: User,
    assignment: Assignment,
    *,
    on: date,
    kind: str,
    minutes: int,
    note: str = "",
) -> Activity:
    """The coach logs what they did with the newcomer and how long it took. Only the
    assignment's own coach, while it is active (running, consent in place)."""
    coach = queries.own_coach(actor)
    if coach is None or coach.pk != assignment.coach_id or not queries.is_active(assignment):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if on > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif on < assignment.started_on:
        errors["date"] = _("The date is before the start of the assignment.")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["hours"] = _("Enter between a quarter of an hour and 12 hours.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.create(
            assignment=assignment,
            date=on,
            kind=ActivityKind(kind),
            minutes=minutes,
            note=note.strip(),
            logged_by=actor,
        )
        dossier_services.add_timeline_entry(
            assignment.person,
            TimelineKind.PEER_COACH,
            code=f"activity_{activity.kind}",
            params={"coach": coach.display_name, "hours": str(queries.hours(minutes))},
            actor=actor,
        )
        record_change(
            actor,
            assignment.person.pk,
            "Peer coach activity logged",
            categories=(DataCategory.IDENTITY,),
            action=ProcessingAction.CREATE,
            purpose=PURPOSE,
        )
    return activity
