"""Results to DUO: the MAP final meeting, the PVT signing, the Z-route completion and
the hours followed, after Spil's own check of DUO's rules (`spil.duo.rules`: the one rule
set the DUO sandbox applies too) on DUO's own data (termijn, actuele PIP, earlier date)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_change
from spil.duo import rules as duo_rules
from spil.duo import services as duo_services
from spil.duo.client import DuoClient
from spil.duo.client.errors import ContractViolation, DuoNotFound, DuoRefused, DuoUnavailable
from spil.duo.contract.types import ResultaatMap, ResultaatPvt, ResultaatZroute
from spil.persons.models import Person
from spil.programmes.models import (
    DuoResult,
    HoursEntry,
    HoursReport,
    HoursReportStatus,
    ResultKind,
)
from spil.programmes.services.attendance import hours_summary
from spil.trajectories.models import ACTIVE_STATUSES, EndReason

logger = logging.getLogger(__name__)


class ResultRefused(Exception):  # noqa: N818 - reads as a domain fact
    """DUO (or Spil's own check of DUO's rules) refused the result; ``messages`` say why."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class DuoView:
    """What DUO holds for the person, looked up before a result is sent (outside any
    transaction): the termijn as DUO gave it, the gemeente of the actuele PIP, the MAP/PVT
    date DUO has now, and whether the actuele PIP is on the Z-route."""

    termijn_start: date | None
    termijn_end: date | None
    pip_gemeentecode: str | None
    pip_leerroute: str | None
    existing_map: date | None
    existing_pvt: date | None


def _optional(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except DuoNotFound:
        return None


def _duo_view(person: Person, kind: str) -> DuoView:
    """DUO's own data for the rules (DuoUnavailable/ContractViolation propagate)."""
    with duo_services.make_client(person.municipality.oin) as client:
        termijn = _optional(lambda: client.get_inburgeringstermijn(person.bsn))
        pip = _optional(lambda: client.get_pip(person.bsn))
        existing_map = (
            _optional(lambda: client.get_map(person.bsn)) if kind == ResultKind.MAP else None
        )
        existing_pvt = (
            _optional(lambda: client.get_pvt(person.bsn)) if kind == ResultKind.PVT else None
        )
    return DuoView(
        termijn_start=_date(termijn, "startdatum"),
        termijn_end=_date(termijn, "einddatum"),
        pip_gemeentecode=pip["gemeentecode"] if pip else None,
        pip_leerroute=pip["pip"].get("leerroute") if pip else None,
        existing_map=_date(existing_map, "datumEindgesprekMap"),
        existing_pvt=_date(existing_pvt, "datumOndertekeningPvt"),
    )


def _date(data: Any, key: str) -> date | None:
    value = data.get(key) if isinstance(data, dict) else None
    return date.fromisoformat(value) if value else None


_OTHER_GEMEENTE = "another gemeente"


def map_pvt_facts(
    person: Person, kind: str, on: date | None, verwijtbaar: str | None, view: DuoView
) -> duo_rules.MapPvtFacts:
    """The facts of DUO's MAP/PVT rules, from DUO's data and what this gemeente sent."""
    own = person.municipality.oin
    ours = DuoResult.objects.filter(person=person, kind=kind).exists()
    existing = view.existing_map if kind == ResultKind.MAP else view.existing_pvt
    code = person.municipality.cbs_code
    if view.pip_gemeentecode is None:
        pip_by = None
    elif not code or view.pip_gemeentecode == code:
        pip_by = own  # a gemeente without a configured code: DUO's own check decides
    else:
        pip_by = _OTHER_GEMEENTE
    zroute = DuoResult.objects.filter(person=person, kind=ResultKind.ZROUTE).first()
    return duo_rules.MapPvtFacts(
        onderdeel="MAP" if kind == ResultKind.MAP else "PVT",
        bron_oin=own,
        datum=on,
        verwijtbaar=verwijtbaar or None,
        today=timezone.localdate(),
        existing_by=None if existing is None else (own if ours else _OTHER_GEMEENTE),
        actuele_pip_by=pip_by,
        voldaan_via_zroute=person.trajectories.filter(
            end_reason=EndReason.ZROUTE_COMPLETED
        ).exists(),
        zroute_afgerond=zroute.on if zroute else None,
        termijn_start=view.termijn_start,
        termijn_end=view.termijn_end,
    )


def check_result(person: Person, kind: str, on: date | None, verwijtbaar: str | None) -> list[str]:
    """Spil's check of DUO's rules before sending (the same rule set the DUO sandbox
    applies, `spil.duo.rules`), on DUO's own data: DUO's texts, as DUO would answer."""
    try:
        view = _duo_view(person, kind)
    except DuoUnavailable as exc:
        raise ResultRefused([exc.message]) from exc
    except ContractViolation as exc:
        logger.warning("DUO's data for a result off-contract: %s", exc)
        raise ResultRefused([_("DUO's answer does not match its specification.")]) from exc
    if kind == ResultKind.ZROUTE:
        refusals = duo_rules.check_zroute(on_zroute=view.pip_leerroute == "Z")
    else:
        refusals = duo_rules.check_map_pvt(map_pvt_facts(person, kind, on, verwijtbaar, view))
    return [r.tekst for r in refusals]


def _duo_call(person: Person, call: Callable[[DuoClient], None]) -> None:
    """One call to DUO for `person`'s municipality, outside any transaction; DUO's refusal
    or absence becomes ResultRefused with what to tell the user."""
    try:
        with duo_services.make_client(person.municipality.oin) as client:
            call(client)
    except DuoRefused as exc:
        raise ResultRefused(exc.foutmeldingen or [exc.message]) from exc
    except DuoUnavailable as exc:
        raise ResultRefused([exc.message]) from exc
    except ContractViolation as exc:
        logger.warning("result to DUO off-contract: %s", exc)
        raise ResultRefused([_("The result does not match DUO's specification.")]) from exc


def send_result(
    person: Person,
    kind: str,
    on: date | None,
    *,
    verwijtbaar: str | None = None,
    actor: User | None,
    check: bool = True,
) -> DuoResult | None:
    """Send a MAP eindgesprek date, PVT signing date or Z-route completion to DUO (no
    transaction is open while DUO answers), then keep what was sent. ``on`` None withdraws
    the date registered earlier (PUT replaces the whole resource: the field is left out);
    then nothing is kept and None is returned."""
    if kind == ResultKind.ZROUTE:
        verwijtbaar = None
    if check:
        problems = check_result(person, kind, on, verwijtbaar)
        if problems:
            raise ResultRefused(problems)
    extra: dict[str, str] = {"verwijtbaar": verwijtbaar} if verwijtbaar else {}
    when: dict[str, str] = {}
    call: Callable[[DuoClient], None]
    if kind == ResultKind.MAP:
        when = {"datumEindgesprekMap": on.isoformat()} if on else {}
        map_result = cast(ResultaatMap, {**when, **extra})
        call = lambda client: client.update_map(person.bsn, map_result)  # noqa: E731
    elif kind == ResultKind.PVT:
        when = {"datumOndertekeningPvt": on.isoformat()} if on else {}
        pvt_result = cast(ResultaatPvt, {**when, **extra})
        call = lambda client: client.update_pvt(person.bsn, pvt_result)  # noqa: E731
    else:
        when = {"datumAfrondingZroute": on.isoformat()} if on else {}
        zroute_result = cast(ResultaatZroute, when)
        call = lambda client: client.update_zroute(person.bsn, zroute_result)  # noqa: E731
    _duo_call(person, call)
    with transaction.atomic():
        if on is None:
            DuoResult.objects.filter(person=person, kind=kind).delete()
            _record_export(actor, person, f"Result withdrawn at DUO ({kind})")
            return None
        return _keep_result(person, kind, on, verwijtbaar, actor)


def _keep_result(
    person: Person, kind: str, on: date, verwijtbaar: str | None, actor: User | None
) -> DuoResult:
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
    _record_export(actor, person, f"Result to DUO ({kind})")
    return result


def _record_export(actor: User | None, person: Person, what: str) -> None:
    record_change(
        actor,
        person.pk,
        what,
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.EXPORT,
        purpose=Purpose.DUO_EXCHANGE,
    )


def _hours_to_send(person: Person) -> dict[str, int]:
    summary = hours_summary(person)
    sent = {"taalles_knm": int(summary.language_hours)}
    trajectory = person.trajectories.filter(status__in=ACTIVE_STATUSES).first()
    if trajectory is not None and trajectory.leerroute == "z":
        sent["participatie"] = int(summary.participation_hours)
    return sent


def send_hours(person: Person, *, actor: User | None) -> dict[str, int]:
    """Send the gevolgde uren (whole hours, totals) to DUO: language/KNM lessons
    (participatietaalles) and, on the Z-route, participation activities."""
    sent = _hours_to_send(person)

    def call(client: DuoClient) -> None:
        client.update_uren_participatie_als_taalles(person.bsn, sent["taalles_knm"])
        if "participatie" in sent:
            client.update_uren_participatieactiviteiten(person.bsn, sent["participatie"])

    _duo_call(person, call)
    record_change(
        actor,
        person.pk,
        "Hours to DUO",
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.EXPORT,
        purpose=Purpose.DUO_EXCHANGE,
    )
    return sent


def send_due_hours(limit: int = 500) -> dict[str, int]:
    """The nightly sending of gevolgde uren (Celery beat `programmes-send-hours`): for each
    person with an active trajectory and hours, send the totals when they differ from what
    DUO last received (or were not accepted yet). DUO is called outside any transaction;
    each outcome is kept on the person's `HoursReport` (the DUO page shows it). Stops at the
    first time DUO cannot be reached: the rest stays pending for the next run."""
    counts = {"sent": 0, "unchanged": 0, "pending": 0, "failed": 0}
    with_hours = HoursEntry.objects.values_list("person_id", flat=True).distinct()
    persons = (
        Person.objects.filter(
            pk__in=with_hours,
            trajectories__status__in=ACTIVE_STATUSES,
            municipality__isnull=False,
        )
        .exclude(bsn="")
        .select_related("municipality")
        .distinct()
        .order_by("pk")[:limit]
    )
    for person in persons:
        wanted = _hours_to_send(person)
        report, _created = HoursReport.objects.get_or_create(person=person)
        same = report.taalles_hours == wanted["taalles_knm"] and report.participation_hours == (
            wanted.get("participatie")
        )
        if same and report.status == HoursReportStatus.SENT:
            counts["unchanged"] += 1
            continue
        try:
            sent = send_hours(person, actor=None)
        except ResultRefused as refused:
            unavailable = _duo_was_unreachable(refused)
            status = HoursReportStatus.PENDING if unavailable else HoursReportStatus.FAILED
            HoursReport.objects.filter(pk=report.pk).update(
                status=status,
                last_attempt_at=timezone.now(),
                message="; ".join(refused.messages)[:300],
            )
            counts[status] += 1
            if unavailable:
                break
            continue
        HoursReport.objects.filter(pk=report.pk).update(
            status=HoursReportStatus.SENT,
            taalles_hours=sent["taalles_knm"],
            participation_hours=sent.get("participatie"),
            last_sent_at=timezone.now(),
            last_attempt_at=timezone.now(),
            message="",
        )
        counts["sent"] += 1
    return counts


def _duo_was_unreachable(refused: ResultRefused) -> bool:
    return isinstance(refused.__cause__, DuoUnavailable)
