"""Checks before a PIP version is vastgesteld: DUO's rules (the same ones DUO applies to
`postPipByBsn`) and Spil's Wi2021 rules (Z-route hours, the 18-month route switch).

Each problem names the form field it belongs to, so the page can show it next to that
field. Rule values (800 + 800 hours, 18 months) come from `spil.rules.engine`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from spil.accounts.models import User
from spil.persons.models import Doelgroep, Person
from spil.plans import duo_lookup
from spil.plans.models import ZROUTE_LANGUAGE, PipVersion, VersionStatus
from spil.rules import engine
from spil.trajectories.models import Leerroute, Niveau


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    code: str


def _date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def established_versions(version: PipVersion) -> list[PipVersion]:
    """Earlier vastgestelde (or superseded) versions of the person's PIPs, oldest first."""
    return list(
        PipVersion.objects.filter(
            pip__person_id=version.pip.person_id,
            status__in=[VersionStatus.VASTGESTELD, VersionStatus.SUPERSEDED],
        )
        .exclude(pk=version.pk)
        .order_by("dagtekening", "number")
    )


def current_established(version: PipVersion) -> PipVersion | None:
    return (
        PipVersion.objects.filter(
            pip__person_id=version.pip.person_id, status=VersionStatus.VASTGESTELD
        )
        .exclude(pk=version.pk)
        .order_by("-dagtekening", "-number")
        .first()
    )


def zroute_totals(version: PipVersion) -> tuple[int, int]:
    language = participation = 0
    for component in version.components.all():
        if component.kind in ZROUTE_LANGUAGE:
            language += component.total_hours
        else:
            participation += component.total_hours
    return language, participation


def route_switch_is_late(version: PipVersion, dagtekening: date) -> bool:
    current = current_established(version)
    trajectory = version.pip.trajectory
    if current is None or current.leerroute == version.leerroute:
        return False
    if trajectory is None or trajectory.termijn_start is None:
        return False
    last_day = engine.route_switch_deadline(trajectory.termijn_start).due
    return dagtekening > last_day


def _a2_in_first_b1_pip(person: Person, actor: User | None) -> Problem | None:
    """DUO's rule: A2 not with the B1-route in the person's first PIP, whichever
    municipality made it. Spil's own PIPs are checked first; DUO is asked for earlier PIPs
    of other municipalities, and when it cannot be asked the refusal says so."""
    rule = _(
        "Level: A2 is not allowed in a first PIP with the B1-route (lowering to A2 is a revision)."
    )
    found = duo_lookup.pip_at_duo(person, actor=actor)
    if found.answer == duo_lookup.Answer.HAS_PIP:
        return None
    if found.answer == duo_lookup.Answer.NO_PIP:
        note = _("DUO knows no earlier PIP for this person either.")
    else:
        note = _(
            "DUO could not be asked whether another municipality made a PIP earlier, so only "
            "the PIPs in Spil were checked. Try again later if there may be an earlier PIP."
        )
    return Problem("niveau", f"{rule} {note}", "a2_first_b1")


def check_vaststelling(
    version: PipVersion, dagtekening: date | None, *, actor: User | None = None
) -> list[Problem]:
    """Every reason why `version` cannot be vastgesteld on `dagtekening` (empty: it can).

    May ask DUO (see `_a2_in_first_b1_pip`); `actor` is named in that look-up's record."""
    problems: list[Problem] = []
    person = version.pip.person
    trajectory = version.pip.trajectory
    earlier = established_versions(version)
    route, niveau = version.leerroute, version.niveau

    if dagtekening is None:
        problems.append(
            Problem("dagtekening", _("Date of the decision: enter the dagtekening."), "required")
        )
    else:
        start = trajectory.plicht_start if trajectory else None
        if start and dagtekening < start:
            problems.append(
                Problem(
                    "dagtekening",
                    _(
                        "Date of the decision: the dagtekening may not be before the start of "
                        "the obligation (%(date)s)."
                    )
                    % {"date": _date(start)},
                    "before_plicht",
                )
            )
        if person.settlement_date and dagtekening < person.settlement_date:
            problems.append(
                Problem(
                    "dagtekening",
                    _(
                        "Date of the decision: the dagtekening may not be before the date of "
                        "settlement in the municipality (%(date)s)."
                    )
                    % {"date": _date(person.settlement_date)},
                    "before_settlement",
                )
            )
        current = current_established(version)
        if current and current.dagtekening and dagtekening < current.dagtekening:
            problems.append(
                Problem(
                    "dagtekening",
                    _(
                        "Date of the decision: the dagtekening may not be before that of the "
                        "current PIP (%(date)s)."
                    )
                    % {"date": _date(current.dagtekening)},
                    "before_current_pip",
                )
            )
        if (
            route_switch_is_late(version, dagtekening)
            and not version.route_switch_late
            and trajectory is not None
            and trajectory.termijn_start is not None
        ):
            months = engine.rule("route_switch_window", trajectory.termijn_start).as_int()
            problems.append(
                Problem(
                    "route_switch_late",
                    _(
                        "Learning route: this switches the route more than %(months)s months "
                        "after the start of the term. Confirm that this is intended."
                    )
                    % {"months": months},
                    "route_switch_late",
                )
            )

    if route == Leerroute.ONDERWIJS and niveau == Niveau.A2:
        problems.append(
            Problem(
                "niveau", _("Level: A2 is not allowed with the education route."), "a2_onderwijs"
            )
        )
    if route == Leerroute.Z and niveau == Niveau.B1:
        problems.append(
            Problem("niveau", _("Level: B1 is not allowed with the Z-route."), "b1_zroute")
        )
    if route == Leerroute.B1 and niveau == Niveau.A2 and not earlier:
        # Spil knows no earlier PIP; DUO may know one of a previous municipality.
        problem = _a2_in_first_b1_pip(person, actor)
        if problem is not None:
            problems.append(problem)
    if version.geschatte_intensiteit is not None:
        if route != Leerroute.B1:
            problems.append(
                Problem(
                    "geschatte_intensiteit",
                    _("Estimated intensity: only for the B1-route."),
                    "intensity_route",
                )
            )
        if person.doelgroep != Doelgroep.ASIEL:
            problems.append(
                Problem(
                    "geschatte_intensiteit",
                    _("Estimated intensity: only for asylum permit holders."),
                    "intensity_doelgroep",
                )
            )
    if route == Leerroute.Z:
        hours = engine.rule("zroute_hours", dagtekening or date.today()).as_mapping()
        language, participation = zroute_totals(version)
        if language < hours["language"] or participation < hours["participation"]:
            problems.append(
                Problem(
                    "components",
                    _(
                        "Components: the Z-route needs at least %(language)s hours of language "
                        "and %(participation)s hours of participation; planned now: "
                        "%(planned_language)s and %(planned_participation)s."
                    )
                    % {
                        "language": hours["language"],
                        "participation": hours["participation"],
                        "planned_language": language,
                        "planned_participation": participation,
                    },
                    "zroute_hours",
                )
            )
    return problems
