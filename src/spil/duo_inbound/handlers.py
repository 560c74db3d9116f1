"""What Spil does with each DUO event ("Notificering": notified, then look up at DUO).

:func:`handle` first does the look-ups the event needs (and a BRP look-up for a person Spil
does not know), outside any transaction; then applies everything in one transaction, so a
failure leaves nothing half-updated. State comes from DUO's look-ups, never from the event
alone; a status-changing event older than the trajectory's last DUO event changes no state
(out-of-order delivery), it only leaves a line in the timeline.

The table :data:`EVENTS` lists every gebeurtenis and attentiesignaal of DUO's spec;
``docs/duo-events.md`` describes the same table in words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from spil.accounts.models import Organisation, User
from spil.accounts.roles import Role
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.dossier import services as dossier
from spil.dossier.models import SignalSeverity, TimelineKind
from spil.duo.client import DuoClient, DuoNotFound
from spil.duo.contract import get_event
from spil.duo.contract.types import (
    Doelgroep,
    Examenresultaat,
    GemeentePip,
    Inburgeringsplicht,
    Inburgeringstermijn,
    LbtResultaat,
    Ontheffing,
    Vrijstelling,
)
from spil.duo.models import DuoNotification
from spil.duo.services import make_client
from spil.duo.texts import task_title
from spil.duo_inbound import brp_adapter as brp_lookup
from spil.persons.models import Doelgroep as PersonDoelgroep
from spil.persons.models import Person
from spil.persons.services import register_person, update_from_registry
from spil.plans import services as plans_services
from spil.trajectories import services as trajectories
from spil.trajectories.models import (
    ACTIVE_STATUSES,
    EndReason,
    Leerroute,
    Trajectory,
    TrajectoryStatus,
)

logger = logging.getLogger("spil.duo.handlers")

PURPOSE = Purpose.DUO_EXCHANGE
#: Name fields of a person DUO reported and the BRP did not know (a signal and a task say so).
NAME_UNKNOWN_GIVEN = "?"
NAME_UNKNOWN_FAMILY = "(name unknown)"


class HandlingError(Exception):
    """A notification that cannot be processed (message never contains a BSN)."""


class Lookup(StrEnum):
    PLICHT = "inburgeringsplicht"
    DOELGROEP = "doelgroep"
    TERMIJN = "inburgeringstermijn"
    PIP = "pip"
    VRIJSTELLING = "vrijstellingen"
    ONTHEFFING = "ontheffingen"
    EXAMEN = "examenresultaten"
    LBT = "leerbaarheidstoets"
    EXAMENNUMMER = "examennummer"


@dataclass
class Facts:
    """DUO's answers to the look-ups (None: not asked, or DUO has none)."""

    plicht: Inburgeringsplicht | None = None
    doelgroep: Doelgroep | None = None
    termijn: Inburgeringstermijn | None = None
    pip: GemeentePip | None = None
    vrijstellingen: list[Vrijstelling] | None = None
    ontheffingen: list[Ontheffing] | None = None
    examenresultaten: list[Examenresultaat] | None = None
    lbt: list[LbtResultaat] | None = None
    examennummer: str | None = None


def look_up(client: DuoClient, bsn: str, needed: frozenset[Lookup]) -> Facts:
    facts = Facts()
    if Lookup.PLICHT in needed:
        facts.plicht = client.get_inburgeringsplicht(bsn)
    if Lookup.DOELGROEP in needed:
        facts.doelgroep = client.get_doelgroep(bsn)
    if Lookup.TERMIJN in needed:
        try:
            facts.termijn = client.get_inburgeringstermijn(bsn)
        except DuoNotFound:
            facts.termijn = None
    if Lookup.PIP in needed:
        try:
            facts.pip = client.get_pip(bsn)
        except DuoNotFound:
            facts.pip = None
    if Lookup.VRIJSTELLING in needed:
        facts.vrijstellingen = client.get_vrijstellingen(bsn)
    if Lookup.ONTHEFFING in needed:
        facts.ontheffingen = client.get_ontheffingen(bsn)
    if Lookup.EXAMEN in needed:
        facts.examenresultaten = client.get_examenresultaten(bsn)
    if Lookup.LBT in needed:
        facts.lbt = client.get_lbt_resultaten(bsn)
    if Lookup.EXAMENNUMMER in needed:
        try:
            facts.examennummer = client.get_examennummer(bsn)["examennummer"]
        except DuoNotFound:
            facts.examennummer = None
    return facts


# --------------------------------------------------------------------------- context


@dataclass
class Ctx:
    notification: DuoNotification
    municipality: Organisation
    facts: Facts
    person: Person
    trajectory: Trajectory | None
    occurred_at: datetime
    stale: bool
    person_created: bool
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def event_date(self) -> date:
        return timezone.localdate(self.occurred_at)

    @property
    def source_key(self) -> str:
        return str(self.notification.bericht_id)

    def task(self, code: str, *, due: date | None = None, **params: Any) -> None:
        with translation.override("en"):
            title = task_title(code)
        dossier.create_task(
            self.person,
            code=code,
            title=title,
            params={"gebeurtenis": self.notification.gebeurtenis_id, **params},
            due=due,
            trajectory_id=self.trajectory.pk if self.trajectory else None,
            source_key=self.source_key,
        )

    def signal(
        self, code: str, severity: SignalSeverity = SignalSeverity.WARNING, **params: Any
    ) -> None:
        dossier.raise_signal(
            self.person,
            code,
            params={"gebeurtenis": self.notification.gebeurtenis_id, **params},
            severity=severity,
            raised_at=self.occurred_at,
        )


Effect = Callable[[Ctx], None]


@dataclass(frozen=True)
class EventSpec:
    lookups: frozenset[Lookup]
    effect: Effect
    #: DUO establishes here that the person falls under the doel gemeente.
    assigns: bool = False
    #: Opens a trajectory when there is no active one (a new or resumed obligation).
    opens: bool = False
    #: Changes the trajectory's status or term: skipped when older than the last event.
    changes_status: bool = False
    #: Ends the obligation: for a person Spil does not know there is nothing to do.
    ends: bool = False


# --------------------------------------------------------------------------- helpers


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _termijn_end(termijn: Inburgeringstermijn) -> date:
    """DUO's einddatum: exclusive, as ``Trajectory.termijn_end`` and the rules engine's
    ``Termijn.end`` are."""
    return date.fromisoformat(termijn["einddatum"])


_LEERROUTE = {"B": Leerroute.B1, "O": Leerroute.ONDERWIJS, "Z": Leerroute.Z}
_DOELGROEP = {
    "Asielstatushouder": PersonDoelgroep.ASIEL,
    "Gezinsmigrant en overige migrant": PersonDoelgroep.GEZIN_OVERIG,
}


def _plicht(ctx: Ctx, key: str) -> Any:
    """A field of DUO's inburgeringsplicht answer (None when not looked up or absent)."""
    plicht: dict[str, Any] = dict(ctx.facts.plicht or {})
    return plicht.get(key)


def _plicht_active(ctx: Ctx) -> bool:
    plicht = ctx.facts.plicht
    return plicht is None or bool(plicht.get("indicatorInburgeringsplicht", True))


def _ensure_trajectory(ctx: Ctx, *, leerroute_period: bool = False) -> Trajectory | None:
    """The active trajectory in this gemeente, opened if DUO says the obligation runs."""
    if ctx.trajectory is not None and ctx.trajectory.is_active:
        if leerroute_period and not ctx.trajectory.leerroute:
            trajectories.start_leerroute_period(ctx.trajectory, ctx.event_date)
        return ctx.trajectory
    if ctx.stale or not _plicht_active(ctx) or ctx.person.municipality_id != ctx.municipality.pk:
        return None
    plicht_start = _date(_plicht(ctx, "begindatum"))
    ctx.trajectory = trajectories.open_trajectory(
        ctx.person,
        municipality=ctx.municipality,
        plicht_start=plicht_start,
        leerroute_period_start=ctx.event_date if leerroute_period else None,
        occurred_at=ctx.occurred_at,
    )
    return ctx.trajectory


def _apply_doelgroep(ctx: Ctx) -> None:
    if ctx.facts.doelgroep is None:
        return
    indeling = ctx.facts.doelgroep.get("indeling")
    doelgroep = _DOELGROEP.get(indeling or "")
    if doelgroep and ctx.person.doelgroep != doelgroep:
        ctx.params["doelgroep"] = str(doelgroep)
        update_from_registry(ctx.person, doelgroep=doelgroep)


def _apply_pip(ctx: Ctx) -> None:
    if ctx.facts.pip is None or ctx.trajectory is None or not ctx.trajectory.is_active:
        return
    # DUO has a PIP: its attention signal "10 weeks passed without a leerroute" is answered.
    dossier.resolve_signals(ctx.person, "SS126")
    pip = ctx.facts.pip["pip"]
    leerroute = _LEERROUTE[pip["leerroute"]]
    niveau = pip.get("niveau", "")
    ctx.params.update(leerroute=str(leerroute), niveau=niveau)
    if (ctx.trajectory.leerroute, ctx.trajectory.niveau) == (leerroute, niveau):
        return
    trajectories.record_first_pip(
        ctx.trajectory,
        dagtekening=date.fromisoformat(pip["dagtekeningPip"]),
        leerroute=leerroute,
        niveau=niveau,
    )


def _apply_termijn(ctx: Ctx) -> None:
    termijn = ctx.facts.termijn
    if termijn is None or ctx.trajectory is None or not ctx.trajectory.is_active:
        return
    start, end = date.fromisoformat(termijn["startdatum"]), _termijn_end(termijn)
    ctx.params.update(termijn_start=start.isoformat(), termijn_end=end.isoformat())
    trajectories.set_termijn_from_duo(ctx.trajectory, start=start, end=end)


def _latest(items: list[Any] | None, key: str) -> list[Any]:
    """The items of the most recent date (several exam parts can share a day)."""
    if not items:
        return []
    last = max(str(i.get(key, "")) for i in items)
    return [i for i in items if str(i.get(key, "")) == last]


def _end(ctx: Ctx, reason: str, ended_on: date | None = None) -> None:
    if ctx.trajectory is None or not ctx.trajectory.is_active:
        return
    ctx.params["end_reason"] = reason
    trajectories.end_trajectory(
        ctx.trajectory, reason, ended_on=ended_on or ctx.event_date, occurred_at=ctx.occurred_at
    )


# --------------------------------------------------------------------------- effects


def _new_obligation(*, period: bool = False, aow: bool = False) -> Effect:
    def effect(ctx: Ctx) -> None:
        _apply_doelgroep(ctx)
        trajectory = _ensure_trajectory(ctx, leerroute_period=period)
        if trajectory is None:
            ctx.params["no_trajectory"] = True
            return
        ctx.params["plicht_start"] = _plicht(ctx, "begindatum")
        if trajectory.status in (TrajectoryStatus.NEW, TrajectoryStatus.INTAKE):
            ctx.task("duo_plan_intake")
        if period and not trajectory.leerroute:
            ctx.task("duo_set_learning_route", due=trajectory.next_deadline)
        if aow:
            ctx.signal("SS128")
            ctx.task("duo_aow_assess")

    return effect


def _settled_with_pip(ctx: Ctx) -> None:  # SS121
    _apply_doelgroep(ctx)
    if _ensure_trajectory(ctx) is None:
        ctx.params["no_trajectory"] = True
        return
    _apply_pip(ctx)
    _apply_termijn(ctx)
    ctx.task("duo_review_previous_pip")
    plans_services.revision_needed(ctx.person, reason="SS121")


def _resumed_with_pip(ctx: Ctx) -> None:  # SS130
    if _ensure_trajectory(ctx) is None:
        ctx.params["no_trajectory"] = True
        return
    _apply_pip(ctx)
    _apply_termijn(ctx)
    ctx.task("duo_resume_trajectory")


def _doelgroep_changed(ctx: Ctx) -> None:  # SS124, SS125
    _apply_doelgroep(ctx)
    ctx.task("duo_review_target_group")


def _termijn_started(ctx: Ctx) -> None:  # SS102
    if _ensure_trajectory(ctx) is None:
        return
    _apply_pip(ctx)
    _apply_termijn(ctx)


def _termijn_extended(ctx: Ctx) -> None:  # SS103, SS104
    termijn = ctx.facts.termijn
    trajectory = _ensure_trajectory(ctx)
    if termijn is None or trajectory is None:
        return
    new_end = _termijn_end(termijn)
    code = termijn.get("verlengingsgrondcode", "")
    description = termijn.get("verlengingsgrondomschrijving", "")
    ctx.params.update(termijn_end=new_end.isoformat(), ground_code=code, ground=description)
    if trajectory.termijn_start is None:
        trajectories.set_termijn_from_duo(
            trajectory, start=date.fromisoformat(termijn["startdatum"]), end=new_end
        )
    trajectories.extend_termijn(
        trajectory,
        new_end=new_end,
        gebeurtenis_id=ctx.notification.gebeurtenis_id,
        ground_code=code,
        ground_description=description,
    )
    ctx.task("duo_plan_remaining_term", due=None)


def _temporary_exemption(ctx: Ctx) -> None:  # SS109
    tijdelijk = next(
        (
            v["TijdelijkeVrijstelling"]
            for v in ctx.facts.vrijstellingen or []
            if "TijdelijkeVrijstelling" in v
        ),
        None,
    )
    until = tijdelijk.get("einddatum") if tijdelijk else None
    ctx.params["until"] = until
    if ctx.trajectory is not None and ctx.trajectory.is_active:
        # DUO files it under "intrekken", but the obligation is suspended, not ended.
        trajectories.suspend_trajectory(
            ctx.trajectory, suspended_on=ctx.event_date, occurred_at=ctx.occurred_at
        )
    ctx.signal("SS109", SignalSeverity.INFO, until=until)
    ctx.task("duo_register_efforts")


def _withdrawn(ctx: Ctx) -> None:  # SS110
    reden = _plicht(ctx, "redenGeenInburgeringsplicht") or ""
    ctx.params["reden"] = reden
    reason = {
        "Overlijden": EndReason.DECEASED,
        "Vertrek uit Nederland langer dan een jaar": EndReason.LEFT_COUNTRY,
    }.get(reden, EndReason.WITHDRAWN)
    _end(ctx, reason, _date(_plicht(ctx, "einddatum")))
    if reason != EndReason.DECEASED:
        ctx.task("duo_register_efforts")


def _deceased(ctx: Ctx) -> None:  # SS111
    _end(ctx, EndReason.DECEASED, _date(_plicht(ctx, "einddatum")))


def _diploma(ctx: Ctx) -> None:  # SS106
    ctx.params["exams"] = _latest(ctx.facts.examenresultaten, "examendatum")
    _end(ctx, EndReason.EXAM_PASSED, _date(_plicht(ctx, "einddatum")))


def _full_exemption(ctx: Ctx) -> None:  # SS107
    gehele = next(
        (
            v["GeheleVrijstelling"]
            for v in ctx.facts.vrijstellingen or []
            if "GeheleVrijstelling" in v
        ),
        None,
    )
    ctx.params["reden"] = gehele.get("reden") if gehele else None
    _end(ctx, EndReason.EXEMPTION, _date(_plicht(ctx, "einddatum")))


def _full_ontheffing(ctx: Ctx) -> None:  # SS108
    gehele = next(
        (o["GeheleOntheffing"] for o in ctx.facts.ontheffingen or [] if "GeheleOntheffing" in o),
        None,
    )
    ctx.params["grond"] = gehele.get("grond") if gehele else None
    _end(ctx, EndReason.ONTHEFFING, _date(_plicht(ctx, "einddatum")))


def _zroute_completed(ctx: Ctx) -> None:  # SS141
    _end(ctx, EndReason.ZROUTE_COMPLETED, _date(_plicht(ctx, "einddatum")))
    ctx.task("duo_zroute_certificate")


def _moved_away(ctx: Ctx) -> None:  # SS122
    _end(ctx, EndReason.MOVED)
    ctx.task("duo_register_efforts")
    ctx.task("duo_warm_handover")


def _left_country(ctx: Ctx) -> None:  # SS123
    _end(ctx, EndReason.LEFT_COUNTRY)
    ctx.task("duo_register_efforts")


def _lbt_registered(ctx: Ctx) -> None:  # SS137
    ctx.params["examennummer"] = ctx.facts.examennummer
    ctx.task("duo_follow_lbt")


def _lbt_result(ctx: Ctx) -> None:  # SS131
    latest = _latest(ctx.facts.lbt, "datumAfname")
    result = latest[-1] if latest else None
    ctx.params["lbt"] = dict(result) if result else None
    due = ctx.trajectory.next_deadline if ctx.trajectory else None
    ctx.task("duo_discuss_lbt_result", due=due, resultaat=result["resultaat"] if result else None)


def _exam_result(ctx: Ctx) -> None:  # SS199
    latest = _latest(ctx.facts.examenresultaten, "examendatum")
    ctx.params["exams"] = latest
    failed = [r for r in latest if r.get("resultaat") != "Geslaagd"]
    if failed:
        ctx.task("duo_discuss_exam_result", onderdelen=[r["onderdeel"] for r in failed])


def _decision(kind: str, task: str = "duo_discuss_decision", signal: str | None = None) -> Effect:
    """SS113-SS119: DUO decided on a request of the newcomer."""

    def effect(ctx: Ctx) -> None:
        details: dict[str, Any] | None = None
        if kind in ("GeheleVrijstelling", "TijdelijkeVrijstelling", "GedeeltelijkeVrijstelling"):
            found = [v[kind] for v in ctx.facts.vrijstellingen or [] if kind in v]  # type: ignore[literal-required]
            details = dict(found[-1]) if found else None
        elif kind in ("GeheleOntheffing", "GedeeltelijkeOntheffing"):
            found_o = [o[kind] for o in ctx.facts.ontheffingen or [] if kind in o]  # type: ignore[literal-required]
            details = dict(found_o[-1]) if found_o else None
        elif kind == "Verlenging" and ctx.facts.termijn is not None:
            details = {"termijn_end": _termijn_end(ctx.facts.termijn).isoformat()}
        ctx.params["decision"] = details
        if signal:
            ctx.signal(signal)
        if details:
            ctx.task(task, details=details)
        else:
            ctx.task(task)

    return effect


def _attention(
    code: str, task: str | None, severity: SignalSeverity = SignalSeverity.WARNING
) -> Effect:
    """An attentiesignaal: a signal for the regisseur and, where there is work, a task."""

    def effect(ctx: Ctx) -> None:
        _ensure_trajectory(ctx)
        ctx.signal(code, severity)
        if task:
            ctx.task(task, due=ctx.event_date + timedelta(days=14))

    return effect


def _deregistered_from_education(ctx: Ctx) -> None:  # SS142
    _attention("SS142", "duo_contact_after_deregistration")(ctx)
    plans_services.revision_needed(ctx.person, reason="SS142")


def _extension_requested(ctx: Ctx) -> None:  # SS112
    if ctx.facts.termijn is not None:
        ctx.params["termijn_end"] = _termijn_end(ctx.facts.termijn).isoformat()
    ctx.signal("SS112", SignalSeverity.INFO)
    ctx.task("duo_extension_requested")


def _set_route_overdue(ctx: Ctx) -> None:  # SS126
    _ensure_trajectory(ctx)
    ctx.signal("SS126", SignalSeverity.URGENT)
    # DUO's signal says what Spil's own deadline signals said: one signal, not two.
    dossier.resolve_signals(
        ctx.person, plans_services.SIGNAL_LEERROUTE_NEAR, plans_services.SIGNAL_LEERROUTE_PASSED
    )
    ctx.task("duo_learning_route_overdue", due=ctx.event_date + timedelta(days=7))


P, D, T, PIP = Lookup.PLICHT, Lookup.DOELGROEP, Lookup.TERMIJN, Lookup.PIP
V, ON, E = Lookup.VRIJSTELLING, Lookup.ONTHEFFING, Lookup.EXAMEN


def _l(*items: Lookup) -> frozenset[Lookup]:
    return frozenset(items)


_NEW = {"assigns": True, "opens": True, "changes_status": True}
_ENDS = {"changes_status": True, "ends": True}

EVENTS: dict[str, EventSpec] = {
    # Nieuwe inburgeringsplichtige
    "SS101": EventSpec(_l(P, D, E), _new_obligation(), **_NEW),
    "SS128": EventSpec(_l(P, D, E), _new_obligation(aow=True), **_NEW),
    "SS139": EventSpec(_l(P, D, E), _new_obligation(period=True), **_NEW),
    "SS129": EventSpec(_l(P, D, E, V), _new_obligation(period=True), **_NEW),
    # Wijziging van gemeente
    "SS120": EventSpec(_l(P, D, E), _new_obligation(period=True), **_NEW),
    "SS121": EventSpec(_l(P, D, T, PIP, E), _settled_with_pip, **_NEW),
    "SS122": EventSpec(_l(), _moved_away, **_ENDS),
    "SS123": EventSpec(_l(), _left_country, **_ENDS),
    # Wijziging doelgroep
    "SS124": EventSpec(_l(D), _doelgroep_changed, changes_status=True),
    "SS125": EventSpec(_l(D), _doelgroep_changed, changes_status=True),
    # Intrekken inburgeringsplicht
    "SS109": EventSpec(_l(P, V), _temporary_exemption, **_ENDS),
    "SS110": EventSpec(_l(P), _withdrawn, **_ENDS),
    "SS111": EventSpec(_l(P), _deceased, **_ENDS),
    # Inburgeringsplicht voldaan
    "SS106": EventSpec(_l(P, E), _diploma, **_ENDS),
    "SS107": EventSpec(_l(P, V), _full_exemption, **_ENDS),
    "SS108": EventSpec(_l(P, ON), _full_ontheffing, **_ENDS),
    "SS141": EventSpec(_l(P), _zroute_completed, **_ENDS),
    # Leerroute en termijn vastgesteld
    "SS137": EventSpec(_l(Lookup.EXAMENNUMMER), _lbt_registered),
    "SS131": EventSpec(_l(Lookup.LBT), _lbt_result),
    "SS102": EventSpec(_l(T, PIP), _termijn_started, changes_status=True),
    "SS126": EventSpec(_l(), _set_route_overdue),
    # Examenresultaten
    "SS199": EventSpec(_l(E), _exam_result),
    # Termijn gewijzigd
    "SS103": EventSpec(_l(T), _termijn_extended, changes_status=True),
    "SS104": EventSpec(_l(T), _termijn_extended, changes_status=True),
    "SS130": EventSpec(_l(P, T, PIP, E, V), _resumed_with_pip, **_NEW),
    # Verzoeken inburgeraar
    "SS112": EventSpec(_l(T), _extension_requested),
    "SS113": EventSpec(_l(T), _decision("Verlenging", signal="SS113")),
    "SS114": EventSpec(_l(V), _decision("GeheleVrijstelling")),
    "SS115": EventSpec(_l(V), _decision("TijdelijkeVrijstelling")),
    "SS116": EventSpec(_l(V), _decision("GedeeltelijkeVrijstelling")),
    "SS117": EventSpec(
        _l(V, E), _decision("GedeeltelijkeVrijstelling", "duo_adjust_plan_exemption")
    ),
    "SS118": EventSpec(_l(ON), _decision("GeheleOntheffing")),
    "SS119": EventSpec(
        _l(ON, E), _decision("GedeeltelijkeOntheffing", "duo_adjust_plan_ontheffing")
    ),
    "SS140": EventSpec(_l(), _attention("SS140", "duo_bio_advice")),
    # Leerroute wijziging en resultaten (attentiesignalen)
    "SS127": EventSpec(_l(), _attention("SS127", "duo_register_aanbod")),
    "SS132": EventSpec(_l(), _attention("SS132", "duo_review_education_contract")),
    "SS133": EventSpec(_l(), _attention("SS133", "duo_review_education_contract")),
    "SS135": EventSpec(_l(), _attention("SS135", "duo_review_education_contract")),
    "SS136": EventSpec(_l(), _attention("SS136", "duo_review_education_contract")),
    "SS142": EventSpec(_l(), _deregistered_from_education),
}


# --------------------------------------------------------------------------- persons


def pick_regisseur(municipality: Organisation) -> User | None:
    """The klantmanager of the gemeente with the smallest open caseload."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=municipality,
            memberships__role=Role.KLANTMANAGER,
            memberships__is_active=True,
        )
        .annotate(
            open_caseload=Count(
                "caseload",
                filter=Q(caseload__trajectories__status__in=ACTIVE_STATUSES),
                distinct=True,
            )
        )
        .order_by("open_caseload", "pk")
        .first()
    )


def _find_person(notification: DuoNotification) -> Person | None:
    if notification.bsn:
        return Person.objects.filter(bsn=notification.bsn).first()
    if notification.v_nummer is not None:
        return Person.objects.filter(v_nummer=notification.v_nummer).first()
    return None


def _create_person(
    notification: DuoNotification, municipality: Organisation, brp: brp_lookup.BrpFacts | None
) -> Person:
    regisseur = pick_regisseur(municipality)
    person = register_person(
        actor=None,
        bsn=notification.bsn,
        given_names=brp.given_names if brp and brp.given_names else NAME_UNKNOWN_GIVEN,
        family_name=brp.family_name if brp and brp.family_name else NAME_UNKNOWN_FAMILY,
        municipality=municipality,
        date_of_birth=brp.date_of_birth if brp else None,
        regisseur=regisseur,
        purpose=PURPOSE,
    )
    if notification.v_nummer is not None:
        update_from_registry(person, v_nummer=notification.v_nummer)
    if brp is not None:
        brp_lookup.apply_to_person(person, brp)
    dossier.queue_contactpersoon(person)
    return person


def _assign(ctx: Ctx) -> None:
    """DUO says the person falls under the doel gemeente: hand over unless this event is
    older than what the current gemeente last heard from DUO."""
    person = ctx.person
    if person.municipality_id == ctx.municipality.pk:
        if person.regisseur_id is None:
            update_from_registry(person, regisseur=pick_regisseur(ctx.municipality))
            dossier.queue_contactpersoon(person)
        return
    current = trajectories.active_trajectory(person)
    if (
        current is not None
        and current.last_duo_event_at
        and current.last_duo_event_at > ctx.occurred_at
    ):
        ctx.stale = True
        return
    if current is not None and current.municipality_id != ctx.municipality.pk:
        trajectories.end_trajectory(
            current, EndReason.MOVED, ended_on=ctx.event_date, occurred_at=ctx.occurred_at
        )
    ctx.params["moved_from"] = person.municipality_id
    update_from_registry(
        person, municipality=ctx.municipality, regisseur=pick_regisseur(ctx.municipality)
    )
    dossier.queue_contactpersoon(person)
    ctx.trajectory = _trajectory_in(person, ctx.municipality)


def _trajectory_in(person: Person, municipality: Organisation) -> Trajectory | None:
    """The trajectory this gemeente follows for the person: the active one, else the last."""
    qs = Trajectory.objects.filter(person=person, municipality=municipality).order_by(
        "-created_at", "-pk"
    )
    return (
        qs.filter(status__in=ACTIVE_STATUSES).first()
        or qs.filter(status=TrajectoryStatus.SUSPENDED).first()
        or qs.first()
    )


# --------------------------------------------------------------------------- handle


def handle(notification: DuoNotification) -> int | None:
    """Process one notification; returns the person's id (None: nothing to do)."""
    spec = EVENTS.get(notification.gebeurtenis_id)
    if spec is None or get_event(notification.gebeurtenis_id) is None:
        raise HandlingError(f"Unknown gebeurtenisId {notification.gebeurtenis_id}")
    municipality = notification.municipality
    if municipality is None:
        raise HandlingError("The doel OIN is not an active municipality")
    existing = _find_person(notification)
    if existing is None and spec.ends:
        return None  # the obligation of someone Spil never followed ended: nothing to keep
    bsn = notification.bsn or (existing.bsn if existing else "")
    if not bsn:
        raise HandlingError("Notification without BSN for an unknown v-number")
    client = make_client(municipality.oin, notification.pk)
    try:
        facts = look_up(client, bsn, spec.lookups)
    finally:
        client.close()
    brp = None
    if existing is None:
        brp = brp_lookup.look_up(bsn)
    with transaction.atomic():
        return _apply(notification, spec, municipality, facts, existing, brp)


def _apply(
    notification: DuoNotification,
    spec: EventSpec,
    municipality: Organisation,
    facts: Facts,
    existing: Person | None,
    brp: brp_lookup.BrpFacts | None,
) -> int:
    created = existing is None
    if existing is None:
        if not notification.bsn:
            raise HandlingError("Notification without BSN")
        person = _create_person(notification, municipality, brp)
    else:
        person = Person.objects.select_for_update().get(pk=existing.pk)
        if notification.v_nummer is not None:
            update_from_registry(person, v_nummer=notification.v_nummer)
    occurred_at = notification.registratie_datum_tijd
    trajectory = _trajectory_in(person, municipality)
    last = trajectory.last_duo_event_at if trajectory else None
    ctx = Ctx(
        notification=notification,
        municipality=municipality,
        facts=facts,
        person=person,
        trajectory=trajectory,
        occurred_at=occurred_at,
        stale=bool(spec.changes_status and last is not None and occurred_at < last),
        person_created=created,
    )
    if created and brp is None:
        ctx.signal("duo_name_unknown")
        ctx.task("duo_complete_person_details")
    if spec.assigns or created:
        _assign(ctx)
    elif person.municipality_id != municipality.pk:
        # Spil follows the person in another gemeente now: history only.
        ctx.stale = True
        ctx.params["other_municipality"] = True
    if ctx.stale:
        ctx.params["stale"] = True
    else:
        spec.effect(ctx)
    if ctx.trajectory is not None:
        trajectories.record_duo_event(ctx.trajectory, occurred_at)
    dossier.add_timeline_entry(
        person,
        TimelineKind.DUO_EVENT,
        code=notification.gebeurtenis_id,
        params={"bericht_id": str(notification.bericht_id), **_jsonable(ctx.params)},
        occurred_at=occurred_at,
    )
    categories = [DataCategory.BSN, DataCategory.TRAJECTORY]
    if created:
        categories.append(DataCategory.IDENTITY)
        if brp is not None:
            categories += brp.categories
    record_processing(
        actor=None,
        person_ids=[person.pk],
        categories=sorted(set(categories)),
        action=ProcessingAction.RECEIVE if created else ProcessingAction.CHANGE,
        purpose=PURPOSE,
        action_name=f"DUO notification {notification.gebeurtenis_id}",
        organisation=municipality,
    )
    return person.pk


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
