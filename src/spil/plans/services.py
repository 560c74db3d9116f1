"""Writes of the PIP: drafts, components, vaststelling, sending to DUO, signals.

Every write records its processing. Vaststelling is refused (PipNotAllowed, each problem
naming its field) unless every check in `plans.checks` passes. After vaststelling the PIP
goes to DUO through the DUO exchange's client (`spil.duo.services.make_client`: validated
against DUO's OpenAPI file, retried on connection errors); the call is idempotent per
version (an accepted version is never sent again) and DUO's answer is kept on the version
and shown on the dossier (timeline, and a signal while DUO has not accepted).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Q, UUIDField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_change
from spil.dossier import queries as dossier_queries
from spil.dossier import services as dossier
from spil.dossier.models import SignalSeverity, TimelineKind
from spil.duo import services as duo_services
from spil.duo.client import DuoRefused, DuoUnavailable
from spil.duo.contract import ContractViolation
from spil.duo.contract.types import Inburgeringsaanbod
from spil.duo.contract.types import Pip as DuoPip
from spil.intake.models import Intake
from spil.persons.models import Doelgroep, Person
from spil.plans import events
from spil.plans.checks import Problem, check_vaststelling, route_switch_is_late
from spil.plans.models import (
    ComponentKind,
    DuoStatus,
    Pip,
    PipComponent,
    PipVersion,
    VersionStatus,
)
from spil.trajectories import services as trajectories
from spil.trajectories.models import ACTIVE_STATUSES, DeadlineKind, DeadlineStatus, Leerroute

logger = logging.getLogger(__name__)

#: Fields copied into a revision and compared between versions (components apart).
CONTENT_FIELDS = (
    "leerroute",
    "niveau",
    "geschatte_intensiteit",
    "alfabetisering",
    "mag_opleiding_afmaken",
    "childcare_arranged",
    "transport",
    "interpreter",
    "coach_roles",
    "support",
    "goal_language",
    "goal_work",
    "goal_self_reliance",
    "goal_other",
    "progress_every_weeks",
    "first_progress_meeting",
    "acknowledged_on",
    "acknowledgement_note",
)
DUO_LEERROUTE = {Leerroute.B1: "B", Leerroute.ONDERWIJS: "O", Leerroute.Z: "Z"}

SIGNAL_INTAKE_NOT_STARTED = "intake_not_started"
SIGNAL_LEERROUTE_NEAR = "leerroute_deadline_near"
SIGNAL_LEERROUTE_PASSED = "leerroute_deadline_passed"
SIGNAL_PIP_NOT_ACCEPTED = "pip_not_accepted_by_duo"
SIGNAL_PIP_REVISION = "pip_revision_needed"
PLAN_SIGNALS = (
    SIGNAL_INTAKE_NOT_STARTED,
    SIGNAL_LEERROUTE_NEAR,
    SIGNAL_LEERROUTE_PASSED,
    SIGNAL_PIP_NOT_ACCEPTED,
    SIGNAL_PIP_REVISION,
)
#: Days before the 10-week deadline from which it counts as near.
LEERROUTE_NEAR_DAYS = 14
#: Days after the trajectory started without an intake before that is signalled.
INTAKE_EXPECTED_WITHIN_DAYS = 14


class PipNotAllowed(Exception):  # noqa: N818 - reads as a domain fact
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.code for p in problems))


# --------------------------------------------------------------------------- drafts


@transaction.atomic
def draft_for(
    person: Person, *, actor: User, leerroute: str = Leerroute.B1, niveau: str = ""
) -> PipVersion:
    """The open draft of the person's PIP: the existing one, a revision of the vastgestelde
    version (its contents and components copied), or a first version (on `leerroute` and
    `niveau`)."""
    pip = Pip.objects.filter(person=person).order_by("-created_at").first()
    if pip is None:
        pip = Pip.objects.create(person=person, trajectory=trajectories.active_trajectory(person))
    draft = pip.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    base = pip.versions.filter(status=VersionStatus.VASTGESTELD).order_by("-number").first()
    number = (pip.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if base is None:
        draft = PipVersion.objects.create(
            pip=pip, number=number, leerroute=leerroute, niveau=niveau, created_by=actor
        )
    else:
        values = {name: getattr(base, name) for name in CONTENT_FIELDS}
        draft = PipVersion.objects.create(pip=pip, number=number, created_by=actor, **values)
        PipComponent.objects.bulk_create(
            PipComponent(
                version=draft,
                kind=c.kind,
                provider=c.provider,
                hours_per_week=c.hours_per_week,
                start=c.start,
                end=c.end,
                planned_hours=c.planned_hours,
            )
            for c in base.components.all()
        )
    record_change(
        actor,
        person.pk,
        f"PIP version {number}: draft",
        categories=(DataCategory.TRAJECTORY,),
        action=ProcessingAction.CREATE,
    )
    return draft


def _require_draft(version: PipVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValueError("only a draft can be changed")


@transaction.atomic
def update_draft(version: PipVersion, data: dict[str, Any], *, actor: User) -> PipVersion:
    _require_draft(version)
    for name in (*CONTENT_FIELDS, "change_note"):
        if name in data:
            setattr(version, name, data[name])
    version.save()
    record_change(
        actor,
        version.pip.person.pk,
        f"PIP version {version.number}: changed",
        categories=(DataCategory.TRAJECTORY,),
    )
    return version


@transaction.atomic
def add_component(version: PipVersion, data: dict[str, Any], *, actor: User) -> PipComponent:
    _require_draft(version)
    component = PipComponent.objects.create(
        version=version,
        kind=data["kind"],
        provider=data["provider"],
        hours_per_week=data.get("hours_per_week") or Decimal(0),
        start=data["start"],
        end=data["end"],
        planned_hours=data.get("planned_hours"),
    )
    record_change(
        actor,
        version.pip.person.pk,
        f"PIP version {version.number}: component added",
        categories=(DataCategory.TRAJECTORY,),
    )
    return component


@transaction.atomic
def remove_component(component: PipComponent, *, actor: User) -> None:
    _require_draft(component.version)
    person = component.version.pip.person
    number = component.version.number
    component.delete()
    record_change(
        actor,
        person.pk,
        f"PIP version {number}: component removed",
        categories=(DataCategory.TRAJECTORY,),
    )


# --------------------------------------------------------------------------- vaststelling


@transaction.atomic
def vaststellen(
    version: PipVersion, *, dagtekening: date | None, confirm_late_switch: bool, actor: User
) -> PipVersion:
    """Establish the draft as the PIP (the decision), or raise PipNotAllowed."""
    version = PipVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    if dagtekening is not None and confirm_late_switch:
        version.route_switch_late = route_switch_is_late(version, dagtekening)
    problems = check_vaststelling(version, dagtekening, actor=actor)
    if problems:
        raise PipNotAllowed(problems)
    assert dagtekening is not None
    person = version.pip.person
    PipVersion.objects.filter(pip__person=person, status=VersionStatus.VASTGESTELD).update(
        status=VersionStatus.SUPERSEDED
    )
    version.status = VersionStatus.VASTGESTELD
    version.dagtekening = dagtekening
    version.vastgesteld_by = actor
    version.vastgesteld_at = timezone.now()
    version.save()
    pip = version.pip
    if pip.revision_needed_reason:
        pip.revision_needed_reason = ""
        pip.save(update_fields=["revision_needed_reason"])
    dossier.resolve_signals(
        person, SIGNAL_PIP_REVISION, SIGNAL_LEERROUTE_NEAR, SIGNAL_LEERROUTE_PASSED
    )
    dossier.complete_tasks_done_by(
        person, ["duo_set_learning_route", "duo_learning_route_overdue"], actor=actor
    )
    trajectory = pip.trajectory or trajectories.active_trajectory(person)
    if trajectory is not None:
        trajectories.record_first_pip(
            trajectory,
            dagtekening=dagtekening,
            leerroute=version.leerroute,
            niveau=version.niveau,
            actor=actor,
        )
    dossier.add_timeline_entry(
        person,
        TimelineKind.STATUS_CHANGE,
        code="pip_vastgesteld",
        params={"version": version.number, "dagtekening": dagtekening.isoformat()},
        actor=actor,
    )
    record_change(
        actor,
        person.pk,
        f"PIP version {version.number}: established",
        categories=(DataCategory.TRAJECTORY,),
    )
    events.pip_established(events.PipEstablished(version))
    return version


def duo_payload(version: PipVersion) -> DuoPip:
    """The PIP as DUO's PIP API takes it (validated against the YAML by the client)."""
    assert version.dagtekening is not None
    payload: DuoPip = {
        "dagtekeningPip": version.dagtekening.isoformat(),
        "leerroute": DUO_LEERROUTE[Leerroute(version.leerroute)],  # type: ignore[typeddict-item]
        "indicatorAlfabetiseringsonderwijs": version.alfabetisering,  # type: ignore[typeddict-item]
    }
    if version.niveau:
        payload["niveau"] = version.niveau  # type: ignore[typeddict-item]
    if version.geschatte_intensiteit is not None:
        payload["geschatteIntensiteitB1Route"] = version.geschatte_intensiteit
    if version.leerroute == Leerroute.ONDERWIJS:
        payload["indicatorMagOpleidingAfmaken"] = version.mag_opleiding_afmaken
    return payload


#: A send that has not finished after this long (its worker died) may be claimed again.
SEND_STALE_AFTER = timedelta(minutes=5)
_SENDABLE = [DuoStatus.NOT_SENT, DuoStatus.PENDING, DuoStatus.REFUSED, DuoStatus.UNAVAILABLE]


def send_to_duo(version: PipVersion, *, actor: User | None = None) -> PipVersion:
    """Send a vastgestelde version to DUO once; keep DUO's answer; signal when not accepted.

    The version is claimed ("sending") in one short update, DUO is called outside any
    transaction, and the answer is stored in a transaction of its own: a slow DUO holds no
    lock, and two senders never post the same version at once.
    """
    now = timezone.now()
    claimed = (
        PipVersion.objects.filter(
            Q(duo_status__in=_SENDABLE)
            | Q(duo_status=DuoStatus.SENDING, duo_sent_at__lt=now - SEND_STALE_AFTER),
            pk=version.pk,
        )
        .exclude(status=VersionStatus.DRAFT)
        .update(
            duo_status=DuoStatus.SENDING,
            duo_sent_at=now,
            duo_attempts=F("duo_attempts") + 1,
            # One message id per send until DUO answers it: a resend after a timeout is
            # the same message (DUO may have registered the first one).
            duo_bericht_id=Coalesce(
                F("duo_bericht_id"), Value(uuid.uuid4(), output_field=UUIDField())
            ),
            updated_at=now,
        )
    )
    version = PipVersion.objects.select_related("pip__person__municipality").get(pk=version.pk)
    if not claimed:
        return version
    person = version.pip.person
    status, message = _post_pip(version, person)
    with transaction.atomic():
        version.duo_status, version.duo_message = status, message
        if status != DuoStatus.UNAVAILABLE:
            # DUO answered this message; a later send (after a refusal) is a new message.
            version.duo_bericht_id = None
        version.save(update_fields=["duo_status", "duo_message", "duo_bericht_id", "updated_at"])
        params = {"version": version.number, "message": version.duo_message[:500]}
        if version.duo_status == DuoStatus.ACCEPTED:
            # DUO's SS126 (10 weeks passed without a leerroute) is answered by this PIP.
            dossier.resolve_signals(person, SIGNAL_PIP_NOT_ACCEPTED, "SS126")
            dossier.add_timeline_entry(
                person, TimelineKind.DUO_EVENT, code="pip_accepted_by_duo", params=params
            )
        else:
            dossier.raise_signal(
                person,
                SIGNAL_PIP_NOT_ACCEPTED,
                params={**params, "duo_status": version.duo_status},
                severity=SignalSeverity.URGENT
                if version.duo_status == DuoStatus.REFUSED
                else SignalSeverity.WARNING,
            )
        record_change(
            actor,
            person.pk,
            f"PIP version {version.number}: sent to DUO",
            categories=(DataCategory.BSN, DataCategory.TRAJECTORY),
            action=ProcessingAction.EXPORT,
            purpose=Purpose.DUO_EXCHANGE,
        )
    if version.duo_status == DuoStatus.ACCEPTED and person.doelgroep == Doelgroep.ASIEL:
        send_inburgeringsaanbod(version, actor=actor)
    return version


def _aanbod(version: PipVersion, component: PipComponent) -> Inburgeringsaanbod:
    assert version.dagtekening is not None
    return {
        "indicatorAlfabetiseringsonderwijs": version.alfabetisering,  # type: ignore[typeddict-item]
        "datumInburgeringsaanbod": version.dagtekening.isoformat(),
        "verwachteStartdatumOpleiding": max(component.start, version.dagtekening).isoformat(),
        # DUO's einddatum is exclusive; the component's end is its last day.
        "verwachteEinddatumOpleiding": (component.end + timedelta(days=1)).isoformat(),
    }


def send_inburgeringsaanbod(version: PipVersion, *, actor: User | None = None) -> int:
    """The gemeente's inburgeringsaanbod for an asielstatushouder (Wi2021 art. 16): each
    language component of the PIP DUO accepted, at the cursusinstelling DUO knows by that
    name (`getInstellingen`), posted per instelling (a repeat overwrites). Called after the
    PIP's answer is stored (no transaction open). DUO's SS127 ("nog geen
    inburgeringsaanbod ontvangen") is answered once DUO registered one. Returns how many
    DUO registered."""
    person = version.pip.person
    components = [c for c in version.components.all() if c.kind == ComponentKind.LANGUAGE]
    if not components or version.dagtekening is None:
        return 0
    registered = 0
    client = duo_services.make_client(person.municipality.oin)
    try:
        by_name = {i["naam"].casefold(): i["instellingsnummer"] for i in client.get_instellingen()}
        for component in components:
            number = by_name.get(component.provider.strip().casefold())
            if number is None:
                continue
            client.post_inburgeringsaanbod(person.bsn, number, _aanbod(version, component))
            registered += 1
    except (DuoUnavailable, DuoRefused, ContractViolation) as exc:
        logger.warning("inburgeringsaanbod not registered at DUO: %s", type(exc).__name__)
    finally:
        client.close()
    if registered:
        with transaction.atomic():
            dossier.resolve_signals(person, "SS127")
            dossier.add_timeline_entry(
                person,
                TimelineKind.DUO_EVENT,
                code="aanbod_registered_by_duo",
                params={"version": version.number, "instellingen": registered},
            )
            record_change(
                actor,
                person.pk,
                f"PIP version {version.number}: inburgeringsaanbod to DUO",
                categories=(DataCategory.BSN, DataCategory.TRAJECTORY),
                action=ProcessingAction.EXPORT,
                purpose=Purpose.DUO_EXCHANGE,
            )
    return registered


def _post_pip(version: PipVersion, person: Person) -> tuple[str, str]:
    """POST the PIP to DUO (no transaction is open): DUO's status and message for it."""
    client = duo_services.make_client(person.municipality.oin)
    bericht_id = str(version.duo_bericht_id) if version.duo_bericht_id else None
    try:
        client.post_pip(person.bsn, duo_payload(version), bericht_id=bericht_id)
    except DuoUnavailable as exc:
        return DuoStatus.UNAVAILABLE, exc.message
    except DuoRefused as exc:
        return DuoStatus.REFUSED, exc.message
    except ContractViolation as exc:
        return DuoStatus.REFUSED, "; ".join(exc.messages)
    finally:
        client.close()
    return DuoStatus.ACCEPTED, ""


@transaction.atomic
def queue_for_duo(version: PipVersion, *, actor: User | None = None) -> PipVersion:
    """Mark a vastgestelde version as waiting to be sent to DUO, without calling DUO now.

    For bulk work (the demo, imports) where the caller must not wait for DUO: the periodic
    `plans.tasks.resend_pending_task` sends it. Until DUO accepts it the dossier carries
    the signal `pip_not_accepted_by_duo`.
    """
    version = (
        PipVersion.objects.select_for_update().select_related("pip__person").get(pk=version.pk)
    )
    if version.status != VersionStatus.VASTGESTELD or version.duo_status in (
        DuoStatus.ACCEPTED,
        DuoStatus.PENDING,
        DuoStatus.SENDING,
    ):
        return version
    version.duo_status = DuoStatus.PENDING
    version.duo_message = ""
    version.save(update_fields=["duo_status", "duo_message", "updated_at"])
    person = version.pip.person
    dossier.raise_signal(
        person,
        SIGNAL_PIP_NOT_ACCEPTED,
        params={"version": version.number, "message": "", "duo_status": version.duo_status},
    )
    record_change(
        actor,
        person.pk,
        f"PIP version {version.number}: queued for DUO",
        categories=(DataCategory.TRAJECTORY,),
    )
    return version


def resend_pending(limit: int = 100) -> int:
    """Send what is waiting for DUO or what DUO could not take (periodic task).

    Stops at the first version DUO cannot be reached for: the rest waits for the next run
    instead of each trying (and retrying) against an exchange that is down.
    """
    stale = timezone.now() - SEND_STALE_AFTER
    pending = PipVersion.objects.filter(
        Q(duo_status__in=[DuoStatus.PENDING, DuoStatus.UNAVAILABLE])
        | Q(duo_status=DuoStatus.SENDING, duo_sent_at__lt=stale),
        status=VersionStatus.VASTGESTELD,
    ).order_by(F("duo_sent_at").asc(nulls_first=True), "pk")[:limit]
    accepted = 0
    for version in pending:
        sent = send_to_duo(version)
        if sent.duo_status == DuoStatus.UNAVAILABLE:
            break
        accepted += sent.duo_status == DuoStatus.ACCEPTED
    return accepted


# --------------------------------------------------------------------------- signals


def revision_needed(person: Person, *, reason: str) -> None:
    """A PIP revision is needed (e.g. DUO's SS142, or a move): note it and signal it."""
    pip = Pip.objects.filter(person=person).order_by("-created_at").first()
    if pip is None or not pip.versions.filter(status=VersionStatus.VASTGESTELD).exists():
        return
    pip.revision_needed_reason = reason[:40]
    pip.save(update_fields=["revision_needed_reason"])
    dossier.raise_signal(person, SIGNAL_PIP_REVISION, params={"reason": reason})


def refresh_signals(person: Person, *, today: date | None = None) -> list[str]:
    """Raise or resolve the plan signals of one person; returns the open plan signals."""

    today = today or timezone.localdate()
    trajectory = trajectories.active_trajectory(person)
    raised: list[str] = []
    has_pip = PipVersion.objects.filter(
        pip__person=person,
        status__in=[VersionStatus.VASTGESTELD, VersionStatus.SUPERSEDED],
    ).exists()
    if trajectory is None:
        return raised
    if Intake.objects.filter(person=person).exists() or has_pip:
        dossier.resolve_signals(person, SIGNAL_INTAKE_NOT_STARTED)
    elif trajectory.created_at.date() + timedelta(days=INTAKE_EXPECTED_WITHIN_DAYS) <= today:
        dossier.raise_signal(person, SIGNAL_INTAKE_NOT_STARTED)
        raised.append(SIGNAL_INTAKE_NOT_STARTED)
    deadline = trajectory.deadlines.filter(
        kind=DeadlineKind.LEERROUTE, status=DeadlineStatus.OPEN
    ).first()
    if has_pip or deadline is None:
        dossier.resolve_signals(person, SIGNAL_LEERROUTE_NEAR, SIGNAL_LEERROUTE_PASSED)
    elif deadline.due < today and dossier_queries.has_open_signal(person.pk, "SS126"):
        # DUO already signals it (SS126): no second signal for the same overdue route.
        dossier.resolve_signals(person, SIGNAL_LEERROUTE_NEAR, SIGNAL_LEERROUTE_PASSED)
    elif deadline.due < today:
        dossier.resolve_signals(person, SIGNAL_LEERROUTE_NEAR)
        dossier.raise_signal(
            person,
            SIGNAL_LEERROUTE_PASSED,
            params={"due": deadline.due.isoformat()},
            severity=SignalSeverity.URGENT,
        )
        raised.append(SIGNAL_LEERROUTE_PASSED)
    elif deadline.due <= today + timedelta(days=LEERROUTE_NEAR_DAYS):
        dossier.raise_signal(
            person, SIGNAL_LEERROUTE_NEAR, params={"due": deadline.due.isoformat()}
        )
        raised.append(SIGNAL_LEERROUTE_NEAR)
    not_accepted = PipVersion.objects.filter(
        pip__person=person, status=VersionStatus.VASTGESTELD
    ).exclude(duo_status=DuoStatus.ACCEPTED)
    if not_accepted.exists():
        dossier.raise_signal(person, SIGNAL_PIP_NOT_ACCEPTED)
        raised.append(SIGNAL_PIP_NOT_ACCEPTED)
    return raised


def refresh_all_signals(*, today: date | None = None) -> int:
    """Refresh the plan signals of everyone with an active trajectory (periodic task)."""

    people = Person.objects.filter(trajectories__status__in=ACTIVE_STATUSES).distinct()
    return sum(bool(refresh_signals(p, today=today)) for p in people.iterator())
