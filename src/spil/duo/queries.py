"""Reads of the DUO exchange, scoped to the user."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, QuerySet, When

from spil.accounts.access import Action, caseload_municipality_ids, is_usable
from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import Role
from spil.duo.models import (
    ContactpersoonKoppeling,
    ContactpersoonStatus,
    DuoCall,
    DuoNotification,
    NotificationStatus,
)


def _is_beheerder(user: User | AnonymousUser) -> bool:
    return is_usable(user) and user.has_role(Role.FUNCTIONEEL_BEHEERDER)  # type: ignore[union-attr]


def can_see_status(user: User | AnonymousUser) -> bool:
    """Functioneel beheerders, and klantmanagers (for their own gemeente)."""
    return _is_beheerder(user) or bool(caseload_municipality_ids(user, Action.VIEW))


def can_use_sandbox(user: User | AnonymousUser) -> bool:
    """Functioneel beheerders: the DUO sandbox's tools, where the development tools are
    installed (`spil_dev.duo_sandbox`'s "Send a DUO event" page)."""
    return _is_beheerder(user)


def municipality_ids_for(user: User | AnonymousUser) -> set[int] | None:
    """The gemeenten whose notifications the user sees; None means every one."""
    if _is_beheerder(user):
        beheer_orgs = Membership.objects.filter(
            user_id=user.pk or 0, role=Role.FUNCTIONEEL_BEHEERDER, is_active=True
        ).values_list("organisation_id", flat=True)
        ids = set(beheer_orgs)
        ids |= set(
            Organisation.objects.filter(regions__in=ids, is_active=True).values_list(
                "id", flat=True
            )
        )
        return ids | caseload_municipality_ids(user, Action.VIEW)
    return caseload_municipality_ids(user, Action.VIEW)


def notifications_for_user(user: User | AnonymousUser) -> QuerySet[DuoNotification]:
    ids = municipality_ids_for(user)
    if not can_see_status(user) or not ids:
        return DuoNotification.objects.none()
    return DuoNotification.objects.filter(municipality_id__in=ids)


def status_counts(notifications: QuerySet[DuoNotification]) -> dict[str, int]:
    counts = {s.value: 0 for s in NotificationStatus}
    for row in notifications.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def needing_attention(notifications: QuerySet[DuoNotification]) -> QuerySet[DuoNotification]:
    """Failed notifications, and those waiting for a retry after a failed attempt."""
    failed = notifications.filter(status=NotificationStatus.FAILED)
    retrying = notifications.filter(status=NotificationStatus.RECEIVED, attempts__gt=0)
    return (
        (failed | retrying).select_related("municipality", "person").order_by("-received_at", "-pk")
    )


def transient_failures(user: User | AnonymousUser, since: datetime) -> int:
    """Calls to DUO since `since` that failed for a transient cause (DUO unreachable, or an
    answer outside its contract): their work waits for a retry."""
    calls = DuoCall.objects.filter(transient=True, at__gte=since)
    if not _is_beheerder(user):
        calls = calls.filter(
            notification__municipality_id__in=caseload_municipality_ids(user, Action.VIEW)
        )
    return calls.count()


def recent_calls(user: User | AnonymousUser, limit: int = 20) -> list[DuoCall]:
    calls = DuoCall.objects.select_related("notification")
    if not _is_beheerder(user):
        calls = calls.filter(
            notification__municipality_id__in=caseload_municipality_ids(user, Action.VIEW)
        )
    return list(calls.order_by("-at", "-pk")[:limit])


def contactpersoon_koppelingen(
    municipality_ids: set[int] | None, limit: int = 100
) -> list[ContactpersoonKoppeling]:
    """The contactpersoon last given to DUO per person, for the DUO page (failed and
    waiting first); ``municipality_ids`` None: every municipality."""
    rows = ContactpersoonKoppeling.objects.select_related("person", "contactpersoon")
    if municipality_ids is not None:
        rows = rows.filter(person__municipality_id__in=municipality_ids)
    order = Case(
        When(status=ContactpersoonStatus.FAILED, then=0),
        When(status=ContactpersoonStatus.PENDING, then=1),
        default=2,
    )
    return list(rows.order_by(order, "-last_sent_at", "pk")[:limit])
