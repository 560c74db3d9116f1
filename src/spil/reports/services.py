"""Running a report: the reader's scope is checked, the population read in a fixed number
of queries, the figures protected, and one aggregate processing record written (no person
named in it: the report processed personal data of many, and showed none)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.reports import facts, funnel, queries
from spil.reports.selection import Selection
from spil.reports.tables import Report

PURPOSE = Purpose.ACCOUNTABILITY

Builder = Callable[..., Report]

#: kind → (builder, data categories the report reads)
REPORTS: dict[str, tuple[Builder, tuple[DataCategory, ...]]] = {
    funnel.KIND: (
        funnel.build,
        (DataCategory.TRAJECTORY, DataCategory.WORK, DataCategory.EDUCATION),
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
) -> Report:
    """The report `kind` over `selection` as `user` may see it, with its processing record."""
    if kind not in REPORTS:
        raise ValueError(f"unknown report {kind!r}")
    check_scope(user, selection)
    build, categories = REPORTS[kind]
    report = build(facts.population(selection, today or timezone.localdate()))
    record_processing(
        actor=user,
        person_ids=[],
        categories=categories,
        action=action,
        purpose=PURPOSE,
        action_name=f"Report {kind} (aggregate)",
    )
    return report
