"""The access model: which people's data a user may act on, and for what.

Every app's `queries.py` scopes its querysets through these functions (the `for_user`
pattern), so the policy lives in one place. The municipality's own staff act on its legal
task (the caseload); partner organisations see a person only on a recorded basis per person
(spil.persons: a processing agreement or the newcomer's consent).
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser

from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.core.context import request_memo


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    EXPORT = "export"


# Roles that work on the whole caseload of their municipality.
CASELOAD_ROLES: dict[str, frozenset[Action]] = {
    Role.KLANTMANAGER: frozenset({Action.VIEW, Action.CHANGE, Action.EXPORT}),
}


def is_usable(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def caseload_municipality_ids(user: User | AnonymousUser, action: Action) -> set[int]:
    """Municipalities whose people `user` may act on with `action` as caseload worker.

    A klantmanager works on the people of their own gemeente and, where a regio of which
    that gemeente is a member shares caseloads, on those of every member gemeente.
    """
    if not is_usable(user):
        return set()
    memo = request_memo()
    key = ("caseload_municipality_ids", user.pk, action)
    if memo is not None and key in memo:
        return set(memo[key])
    found = _caseload_municipality_ids(user, action)
    if memo is not None:
        memo[key] = frozenset(found)
    return found


def _caseload_municipality_ids(user: User | AnonymousUser, action: Action) -> set[int]:
    assert isinstance(user, User)
    roles = {role for role, actions in CASELOAD_ROLES.items() if action in actions}
    own = frozenset(
        m.organisation_id
        for m in user.current_memberships()
        if m.role in roles and m.organisation.type == OrganisationType.GEMEENTE
    )
    if not own:
        return set()
    return set(own | sharing_regio_members(own))


def sharing_regio_members(municipality_ids: frozenset[int]) -> frozenset[int]:
    """The member gemeenten of every caseload-sharing regio these gemeenten belong to."""
    memo = request_memo()
    key = ("sharing_regio_members", municipality_ids)
    if memo is not None and key in memo:
        found: frozenset[int] = memo[key]
        return found
    found = frozenset(
        Organisation.objects.filter(
            regions__type=OrganisationType.REGIO,
            regions__shares_caseloads=True,
            regions__is_active=True,
            regions__members__in=municipality_ids,
            is_active=True,
        ).values_list("id", flat=True)
    )
    if memo is not None:
        memo[key] = found
    return found


def can_read_processing_log(user: User | AnonymousUser) -> bool:
    return is_usable(user) and user.has_role(Role.FUNCTIONEEL_BEHEERDER)  # type: ignore[union-attr]


def employer_organisation_ids(user: User | AnonymousUser) -> set[int]:
    """Employers (organisations of type werkgever) `user` works for as employer contact.

    An employer contact sees a newcomer only through a placement at one of these
    employers, and only the data the newcomer consented to share (spil.placements).
    """
    if not is_usable(user):
        return set()
    assert isinstance(user, User)
    return {
        m.organisation_id
        for m in user.current_memberships()
        if m.role == Role.EMPLOYER_CONTACT and m.organisation.type == OrganisationType.WERKGEVER
    }


#: Roles through which partner staff work on the people their organisation has a basis for.
PARTNER_ROLES: frozenset[str] = frozenset(
    {Role.PARTNER_STAFF, Role.TRAINER, Role.JOBCOACH, Role.ACCOUNTMANAGER, Role.BUDDY}
)
#: Organisations whose access rests on their own staff's legal task, not on a basis per person;
#: employers see a newcomer only through a placement (spil.placements).
_NOT_PARTNERS = (OrganisationType.GEMEENTE, OrganisationType.REGIO, OrganisationType.WERKGEVER)


def partner_organisation_ids(user: User | AnonymousUser) -> set[int]:
    """Partner organisations (taalschool, COA, welzijn, ROC, re-integration, …) `user` works
    for. Such a user sees exactly the people their organisation has an active access basis
    for (spil.persons: a processing agreement of the municipality or the newcomer's consent),
    and of them only the basis' data categories."""
    if not is_usable(user):
        return set()
    memo = request_memo()
    key = ("partner_organisation_ids", user.pk)
    if memo is not None and key in memo:
        return set(memo[key])
    assert isinstance(user, User)
    found = {
        m.organisation_id
        for m in user.current_memberships()
        if m.role in PARTNER_ROLES and m.organisation.type not in _NOT_PARTNERS
    }
    if memo is not None:
        memo[key] = frozenset(found)
    return found


def has_any_role(user: User | AnonymousUser, *roles: str) -> bool:
    """Whether `user` holds one of `roles` in an active organisation."""
    return is_usable(user) and user.has_role(*roles)  # type: ignore[union-attr]


#: Roles that see aggregated figures (reports) of the municipalities of their organisation.
REPORT_ROLES: frozenset[str] = frozenset({Role.BELEIDSMEDEWERKER})


def report_municipality_ids(user: User | AnonymousUser) -> set[int]:
    """Municipalities whose aggregated figures `user` may see in reports.

    A beleidsmedewerker of a gemeente sees that gemeente; one of a regio sees every member
    gemeente of the regio (figures only: a regio need not share caseloads for this). Reports
    never show a person; drill-down to names goes through `caseload_municipality_ids`.
    """
    if not is_usable(user):
        return set()
    assert isinstance(user, User)
    memberships = [
        (m.organisation_id, m.organisation.type)
        for m in user.current_memberships()
        if m.role in REPORT_ROLES
    ]
    own = {pk for pk, kind in memberships if kind == OrganisationType.GEMEENTE}
    regions = {pk for pk, kind in memberships if kind == OrganisationType.REGIO}
    if regions:
        own |= set(
            Organisation.objects.filter(
                regions__in=regions, type=OrganisationType.GEMEENTE, is_active=True
            ).values_list("id", flat=True)
        )
    return own
