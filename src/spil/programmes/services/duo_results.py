"""Results to DUO: the MAP final meeting, the PVT signing, the Z-route completion and
the hours followed, after Spil's own check of DUO's Verwijtbaar rules."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_change
from spil.duo import services as duo_services
from spil.duo.client import DuoClient
from spil.duo.client.errors import ContractViolation, DuoRefused, DuoUnavailable
from spil.duo.contract.types import ResultaatMap, ResultaatPvt, ResultaatZroute
from spil.persons.models import Person
from spil.programmes.models import DuoResult, ResultKind
from spil.programmes.services.attendance import hours_summary
from spil.rules import engine

logger = logging.getLogger(__name__)


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
    on: date,
    *,
    verwijtbaar: str | None = None,
    actor: User | None,
    check: bool = True,
) -> DuoResult:
    """Send a MAP eindgesprek date, PVT signing date or Z-route completion to DUO (no
    transaction is open while DUO answers), then keep what was sent."""
    if kind == ResultKind.ZROUTE:
        verwijtbaar = None
    elif check:
        problems = check_verwijtbaar(person, on, verwijtbaar)
        if problems:
            raise ResultRefused(problems)
    extra: dict[str, str] = {"verwijtbaar": verwijtbaar} if verwijtbaar else {}
    call: Callable[[DuoClient], None]
    if kind == ResultKind.MAP:
        map_result = cast(ResultaatMap, {"datumEindgesprekMap": on.isoformat(), **extra})
        call = lambda client: client.update_map(person.bsn, map_result)  # noqa: E731
    elif kind == ResultKind.PVT:
        pvt_result = cast(ResultaatPvt, {"datumOndertekeningPvt": on.isoformat(), **extra})
        call = lambda client: client.update_pvt(person.bsn, pvt_result)  # noqa: E731
    else:
        zroute_result: ResultaatZroute = {"datumAfrondingZroute": on.isoformat()}
        call = lambda client: client.update_zroute(person.bsn, zroute_result)  # noqa: E731
    _duo_call(person, call)
    with transaction.atomic():
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
    record_change(
        actor,
        person.pk,
        f"Result to DUO ({kind})",
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.EXPORT,
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

    def call(client: DuoClient) -> None:
        client.update_uren_participatie_als_taalles(person.bsn, sent["taalles_knm"])
        if on_zroute:
            client.update_uren_participatieactiviteiten(person.bsn, sent["participatie"])

    if on_zroute:
        sent["participatie"] = int(summary.participation_hours)
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
