"""Who may run reports on what, and what a report form offers to choose from.

Reports show figures only. Their scope is the municipalities whose figures the reader may
see: a beleidsmedewerker's (`accounts.access.report_municipality_ids`) or a klantmanager's
own caseload (`caseload_municipality_ids`). Only the latter can drill down from a figure to
the persons behind it, and then only to persons they may see anyway.
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from spil.accounts import queries as account_queries
from spil.accounts.access import (
    REPORT_ROLES,
    Action,
    caseload_municipality_ids,
    has_any_role,
    report_municipality_ids,
)
from spil.accounts.models import Organisation, User
from spil.accounts.roles import Role
from spil.programmes import queries as programme_queries
from spil.programmes.models import Group, ProgrammeTemplate
from spil.reports.models import Subscription

#: Roles that can open the reports.
READER_ROLES = frozenset({*REPORT_ROLES, Role.KLANTMANAGER})


def report_scope(user: User | AnonymousUser) -> set[int]:
    """Municipalities whose figures `user` may see in reports."""
    return report_municipality_ids(user) | caseload_municipality_ids(user, Action.VIEW)


def can_read_reports(user: User | AnonymousUser) -> bool:
    return has_any_role(user, *READER_ROLES) and bool(report_scope(user))


def may_drill_down(user: User | AnonymousUser) -> bool:
    """Only staff with a caseload: they see names of persons in their own scope only."""
    return bool(caseload_municipality_ids(user, Action.VIEW))


def areas_for_user(user: User | AnonymousUser) -> list[Organisation]:
    return account_queries.report_areas(report_scope(user))


def area_municipality_ids(area: Organisation) -> set[int]:
    return account_queries.area_municipality_ids(area)


def templates() -> QuerySet[ProgrammeTemplate]:
    return programme_queries.report_templates()


def groups_for_user(user: User | AnonymousUser) -> QuerySet[Group]:
    return programme_queries.report_groups(report_scope(user))


def subscriptions_of(user: User | AnonymousUser) -> QuerySet[Subscription]:
    """The monthly e-mails `user` has set up and not stopped (their own only)."""
    return Subscription.objects.filter(user_id=user.pk or 0, is_active=True)


def municipalities(ids: Collection[int]) -> list[Organisation]:
    """The gemeenten of a report by id, with name and CBS code (no personal data)."""
    return list(Organisation.objects.filter(pk__in=list(ids)).order_by("name", "pk"))
