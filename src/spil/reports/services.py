"""Running a report: the reader's scope is checked, the population read in a fixed number
of queries, the figures protected, and one aggregate processing record written (no person
named in it: the report processed personal data of many, and showed none)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.persons import queries as person_queries
from spil.persons.models import Person
from spil.reports import facts, funnel, language, milestones, modules, placements, queries
from spil.reports.selection import Selection
from spil.reports.tables import Report

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PURPOSE = Purpose.ACCOUNTABILITY


@dataclass(frozen=True)
class Entry:
    """A report as the reports page lists it."""

    kind: str
    title: StrOrPromise
    description: StrOrPromise


Builder = Callable[..., Report]

#: kind → (builder, data categories the report reads)
REPORTS: dict[str, tuple[Builder, tuple[DataCategory, ...]]] = {
    funnel.KIND: (
        funnel.build,
        (DataCategory.TRAJECTORY, DataCategory.WORK, DataCategory.EDUCATION),
    ),
    language.KIND: (language.build, (DataCategory.LANGUAGE,)),
    milestones.KIND: (milestones.build, (DataCategory.TRAJECTORY, DataCategory.WORK)),
    modules.KIND: (modules.build, (DataCategory.TRAJECTORY,)),
    placements.KIND: (placements.build, (DataCategory.WORK,)),
}


CATALOGUE: dict[str, Entry] = {
    funnel.KIND: Entry(
        funnel.KIND,
        funnel.TITLE,
        _(
            "Who started, who is still active and who ended; outcomes (work, education, "
            "participation) 6, 12, 18 and 36 months after the start and at the end."
        ),
    ),
    language.KIND: Entry(
        language.KIND,
        language.TITLE,
        _(
            "Listening, speaking, reading and writing at intake and now, and the progress in "
            "CEFR steps."
        ),
    ),
    milestones.KIND: Entry(
        milestones.KIND,
        milestones.TITLE,
        _(
            "From DUO's notification to intake, PIP (10 weeks), dual trajectory (6 months), "
            "first placement and paid work: the share within the target."
        ),
    ),
    modules.KIND: Entry(
        modules.KIND,
        modules.TITLE,
        _("Completion, e-learning, hours delivered against planned, and attendance."),
    ),
    placements.KIND: Entry(
        placements.KIND,
        placements.TITLE,
        _("Placements started, converted to paid work, and still working after aftercare."),
    ),
}


def check_scope(user: User | AnonymousUser, selection: Selection) -> None:
    if not queries.can_read_reports(user):
        raise PermissionDenied
    if not selection.municipality_ids or not selection.municipality_ids <= queries.report_scope(
        user
    ):
        raise PermissionDenied


def run(
    user: User | AnonymousUser,
    kind: str,
    selection: Selection,
    *,
    action: ProcessingAction = ProcessingAction.VIEW,
    today: date | None = None,
    collect: bool = False,
    record: bool = True,
) -> Report:
    """The report `kind` over `selection` as `user` may see it, with its processing record.
    With `collect`, the report also knows which persons each count holds (for
    `persons_behind`, never shown as such)."""
    if kind not in REPORTS:
        raise ValueError(f"unknown report {kind!r}")
    check_scope(user, selection)
    build, categories = REPORTS[kind]
    report = build(facts.population(selection, today or timezone.localdate()), collect=collect)
    if not record:  # the caller records what it shows (a drill-down names its persons)
        return report
    record_processing(
        actor=user,
        person_ids=[],
        categories=categories,
        action=action,
        purpose=PURPOSE,
        action_name=f"Report {kind} (aggregate)",
    )
    return report


def persons_behind(
    user: User | AnonymousUser, kind: str, selection: Selection, key: str
) -> tuple[Report, QuerySet[Person]]:
    """The persons counted under `key` whom `user` may see anyway (their own caseload),
    by name; anyone else in the count stays out of sight. The page that lists them
    writes the processing record of the persons shown."""
    if not queries.may_drill_down(user):
        raise PermissionDenied
    report = run(user, kind, selection, collect=True, record=False)
    members = (report.members or {}).get(key, set())
    visible = person_queries.persons_for_user(user, Action.VIEW).filter(pk__in=members)
    return report, visible.order_by("family_name", "given_names", "pk")
