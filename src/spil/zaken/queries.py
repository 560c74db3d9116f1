"""Reads of the zaaksysteem link: a person's zaak for the dossier, the calls for beheer."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from spil.accounts.access import is_usable
from spil.accounts.models import User
from spil.accounts.roles import Role
from spil.zaken.models import CallState, ZaakRegistration, ZgwCall


@dataclass(frozen=True)
class ZaakLink:
    identificatie: str
    url: str
    status: str
    sync: str  # "synced", "pending" or "failed"
    closed_on: object


def can_see_calls(user: User | AnonymousUser) -> bool:
    return is_usable(user) and user.has_role(Role.FUNCTIONEEL_BEHEERDER)  # type: ignore[union-attr]


def zaak_link(person_id: int) -> ZaakLink | None:
    """The zaak of the person's latest trajectory, or None (also when ZGW is switched off)."""
    if not settings.SPIL_ZGW_ENABLED:
        return None
    registration = (
        ZaakRegistration.objects.filter(person_id=person_id)
        .order_by("-trajectory__created_at", "-pk")
        .first()
    )
    if registration is None:
        return None
    states = set(registration.calls.exclude(state=CallState.DONE).values_list("state", flat=True))
    sync = "failed" if CallState.FAILED in states else "pending" if states else "synced"
    url = registration.zaak_url
    ui = settings.SPIL_ZGW_ZAAK_UI_URL
    if ui and registration.zaak_url:
        url = ui.format(
            identificatie=registration.identificatie,
            uuid=registration.zaak_url.rstrip("/").rsplit("/", 1)[-1],
        )
    return ZaakLink(
        identificatie=registration.identificatie,
        url=url,
        status=registration.zaak_status,
        sync=sync,
        closed_on=registration.zaak_closed_on,
    )


def open_calls() -> QuerySet[ZgwCall]:
    """Calls not done yet (waiting, retrying or refused), oldest first."""
    return (
        ZgwCall.objects.exclude(state=CallState.DONE).select_related("registration").order_by("pk")
    )


def counts() -> dict[str, int]:
    """How many calls wait, were refused and are done (one query)."""
    return ZgwCall.objects.aggregate(
        pending=Count("pk", filter=Q(state=CallState.PENDING)),
        failed=Count("pk", filter=Q(state=CallState.FAILED)),
        done=Count("pk", filter=Q(state=CallState.DONE)),
    )
