"""Reads of organisations and users, scoped to the signed-in user."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from spil.accounts.access import is_usable
from spil.accounts.models import MunicipalSetting, Organisation, User
from spil.accounts.roles import OrganisationType, Role


def can_manage_configuration(user: User | AnonymousUser) -> bool:
    return is_usable(user) and user.has_role(Role.FUNCTIONEEL_BEHEERDER)  # type: ignore[union-attr]


def organisations_for_user(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """A functioneel beheerder manages the organisations of their own gemeente or regio
    and of the gemeenten in that regio; partners are shared across the region."""
    if not can_manage_configuration(user):
        return Organisation.objects.none()
    own = Organisation.objects.filter(
        memberships__user_id=user.pk or 0,
        memberships__role=Role.FUNCTIONEEL_BEHEERDER,
        memberships__is_active=True,
    )
    regions = Organisation.objects.filter(type=OrganisationType.REGIO).filter(
        pk__in=own.values("pk")
    ) | Organisation.objects.filter(type=OrganisationType.REGIO, members__in=own)
    municipalities = Organisation.objects.filter(regions__in=regions) | own
    partners = Organisation.objects.exclude(
        type__in=[OrganisationType.GEMEENTE, OrganisationType.REGIO]
    )
    return (regions | municipalities | partners).distinct().order_by("type", "name")


def manageable_user_or_404(beheerder: User, user_id: int) -> User:
    """A user with a membership in one of the organisations `beheerder` manages."""
    organisations = organisations_for_user(beheerder)
    user = (
        User.objects.filter(pk=user_id, memberships__organisation__in=organisations)
        .distinct()
        .first()
    )
    if user is None:
        raise Http404
    return user


def request_user(request: HttpRequest) -> User:
    """The signed-in user behind a request; views call it behind `login_required`."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def report_areas(municipality_ids: set[int]) -> list[Organisation]:
    """What a report can cover, given the municipalities in its reader's scope: every
    regio all of whose active member gemeenten are in scope, then each gemeente."""
    regions = [
        regio
        for regio in Organisation.objects.filter(
            type=OrganisationType.REGIO, is_active=True, members__in=municipality_ids
        )
        .distinct()
        .order_by("name")
        if set(regio.members.filter(is_active=True).values_list("id", flat=True))
        <= municipality_ids
    ]
    gemeenten = Organisation.objects.filter(
        pk__in=municipality_ids, type=OrganisationType.GEMEENTE
    ).order_by("name")
    return [*regions, *gemeenten]


def area_municipality_ids(area: Organisation) -> set[int]:
    """The gemeenten a report on `area` (a gemeente or a regio) counts."""
    if area.type == OrganisationType.REGIO:
        return set(area.members.filter(is_active=True).values_list("id", flat=True))
    return {area.pk}


# --------------------------------------------------------------------------- municipal choices

#: Who sets a municipality's own choices where the rules leave them to it.
SETTINGS_ROLES = (Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER)


def settings_municipalities(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The gemeenten whose choices `user` may set: where they are beleidsmedewerker or
    functioneel beheerder, and the member gemeenten of a regio where they are."""
    if not is_usable(user):
        return Organisation.objects.none()
    own = Organisation.objects.filter(
        memberships__user_id=user.pk or 0,
        memberships__role__in=SETTINGS_ROLES,
        memberships__is_active=True,
    )
    gemeenten = Organisation.objects.filter(type=OrganisationType.GEMEENTE)
    return (
        (gemeenten.filter(pk__in=own.values("pk")) | gemeenten.filter(regions__in=own))
        .distinct()
        .order_by("name")
    )


def municipal_settings(organisation: Organisation) -> dict[str, MunicipalSetting]:
    return {s.key: s for s in MunicipalSetting.objects.filter(organisation=organisation)}


def municipal_value(organisation_id: int | None, key: str) -> int | None:
    """The municipality's own value for rule `key`, or None (the rule book's value holds)."""
    if organisation_id is None:
        return None
    return (
        MunicipalSetting.objects.filter(organisation_id=organisation_id, key=key)
        .values_list("value", flat=True)
        .first()
    )
