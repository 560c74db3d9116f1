"""Scoped reads of persons. Every read of personal data starts here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from spil.accounts.access import (
    Action,
    caseload_municipality_ids,
    partner_organisation_ids,
    sharing_regio_members,
)
from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.audit.purposes import DataCategory
from spil.persons.models import (
    AccessBasis,
    AccessBasisQuerySet,
    BasisKind,
    Person,
    PersonQuerySet,
    ProcessingAgreement,
    active_basis_q,
)
from spil.persons.validators import bsn_in_search


def persons_for_user(user: User | AnonymousUser, action: Action = Action.VIEW) -> PersonQuerySet:
    return Person.objects.for_user(user, action).select_related("municipality", "regisseur")


def may_act_on(user: User | AnonymousUser, person: Person, action: Action) -> bool:
    """Whether `person` lies in the scope `persons_for_user(user, action)` reads: decided
    on the user's memberships, read once per request, without a query of its own."""
    return person.municipality_id in caseload_municipality_ids(user, action)


PersonScope = Callable[[User | AnonymousUser, Action], QuerySet[Person]]


def person_or_404(
    request: HttpRequest,
    public_id: Any,
    action: Action = Action.VIEW,
    *,
    scope: PersonScope = persons_for_user,
) -> Person:
    """The one person the request's user may act on with `action`; 404 for anyone else
    (also for a person outside the scope: their existence is not revealed). `scope` is the
    app's scoped query when its pages reach more people than the caseload (a trainer's
    group members)."""
    return get_object_or_404(
        scope(request.user, action).select_related("municipality"), public_id=public_id
    )


def search(queryset: PersonQuerySet, text: str) -> PersonQuerySet:
    """Search by BSN (exact, 9 digits) or by name (every word must match a name part)."""
    text = text.strip()
    if not text:
        return queryset
    try:
        bsn = bsn_in_search(text)
    except ValidationError:
        return queryset.none()  # forms and the API say why before they get here
    if bsn is not None:
        return queryset.filter(bsn=bsn)
    for word in text.split():
        queryset = queryset.filter(Q(family_name__icontains=word) | Q(given_names__icontains=word))
    return queryset


# --------------------------------------------------------------------------- caseload

# --------------------------------------------------------------------------- writes' choices


def shared_municipality_ids(municipality_id: int) -> set[int]:
    """The municipality and, where a regio it belongs to shares caseloads, its partners."""
    return {municipality_id, *sharing_regio_members(frozenset({municipality_id}))}


def regisseur_candidates(person: Person) -> QuerySet[User]:
    """Klantmanagers who may take over `person`: of the person's municipality, or of the
    regio's municipalities where that regio shares caseloads."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.KLANTMANAGER,
            memberships__organisation__is_active=True,
            memberships__organisation_id__in=shared_municipality_ids(person.municipality_id),
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def handover_municipalities(person: Person) -> QuerySet[Organisation]:
    """Every other active gemeente: where the person can move to."""
    return Organisation.objects.filter(type=OrganisationType.GEMEENTE, is_active=True).exclude(
        pk=person.municipality_id
    )


def with_doelgroep(persons: QuerySet[Person], doelgroep: str) -> QuerySet[Person]:
    """Narrowed to one target group (aggregate reports: counted, never listed)."""
    return persons.filter(doelgroep=doelgroep)


# --------------------------------------------------------------------------- access basis

#: What a basis can open to another organisation: everything but health, which the brede
#: intake keeps for the municipality (AVG art. 9).
SHAREABLE_CATEGORIES: tuple[DataCategory, ...] = tuple(
    c for c in DataCategory if c is not DataCategory.HEALTH
)


def active_bases_on(day: date | None = None) -> AccessBasisQuerySet:
    return AccessBasis.objects.active_on(day or timezone.localdate())


def persons_with_basis(organisation_ids: Iterable[int]) -> PersonQuerySet:
    """The persons one of these organisations has an active basis for, today."""
    ids = list(organisation_ids)
    if not ids:
        return Person.objects.none()
    return Person.objects.filter(
        pk__in=active_bases_on().filter(organisation_id__in=ids).values("person_id")
    )


def active_bases(organisation_ids: Iterable[int], person: Person) -> list[AccessBasis]:
    ids = list(organisation_ids)
    if not ids:
        return []
    return list(
        active_bases_on()
        .filter(organisation_id__in=ids, person=person)
        .select_related("organisation", "agreement")
    )


def basis_categories(organisation_ids: Iterable[int], person: Person) -> frozenset[str]:
    """The data categories of `person` these organisations may see (empty: none at all)."""
    return effective_categories(active_bases(organisation_ids, person))


def effective_categories(bases: Iterable[AccessBasis]) -> frozenset[str]:
    """A contracted basis never reaches beyond its agreement's categories."""
    shareable = {c.value for c in SHAREABLE_CATEGORIES}
    found: set[str] = set()
    for basis in bases:
        categories = set(basis.data_categories)
        if basis.agreement is not None:
            categories &= set(basis.agreement.data_categories)
        found |= categories & shareable
    return frozenset(found)


def partner_persons_for_user(user: User | AnonymousUser) -> PersonQuerySet:
    """The people a partner user's organisations have an active basis for."""
    return persons_with_basis(partner_organisation_ids(user)).select_related("municipality")


def partner_person_or_404(request: HttpRequest, public_id: Any) -> tuple[Person, list[AccessBasis]]:
    """One person of the partner's basis, with the bases that open it; 404 for anyone
    else, and at once after a consent is withdrawn or an agreement ends."""
    organisations = partner_organisation_ids(request.user)
    person = get_object_or_404(partner_persons_for_user(request.user), public_id=public_id)
    return person, active_bases(organisations, person)


def persons_within_reach(user: User | AnonymousUser) -> PersonQuerySet:
    """Caseload or basis: everyone `user` may see anything of (a name on a shared list)."""
    return Person.objects.filter(
        Q(municipality_id__in=caseload_municipality_ids(user, Action.VIEW))
        | Q(pk__in=partner_persons_for_user(user).values("pk"))
    )


def bases_of(person: Person) -> QuerySet[AccessBasis]:
    """Every basis of the person, past and present (the klantmanager's and the newcomer's
    overview of who may see what and why)."""
    return AccessBasis.objects.filter(person=person).select_related("organisation", "agreement")


def active_consent(person: Person, organisation_id: int, purpose: str) -> AccessBasis | None:
    return (
        active_bases_on()
        .filter(
            person=person, organisation_id=organisation_id, purpose=purpose, kind=BasisKind.CONSENT
        )
        .order_by("-given_at")
        .first()
    )


def access_summary(person: Person) -> dict[str, int]:
    """For the dossier's access line, in one query: how many organisations have an active
    basis today (`organisations`) and how many consents wait for the newcomer (`asked`)."""
    return AccessBasis.objects.filter(person=person).aggregate(
        organisations=Count(
            "organisation_id", distinct=True, filter=active_basis_q(timezone.localdate())
        ),
        asked=Count("pk", filter=open_consent_request_q()),
    )


def open_consent_requests(person: Person) -> QuerySet[AccessBasis]:
    """Consents a klantmanager asked for in the portal that the newcomer has not answered."""
    return (
        AccessBasis.objects.filter(person=person)
        .filter(open_consent_request_q())
        .select_related("organisation")
    )


def open_consent_request_q() -> Q:
    return Q(kind=BasisKind.CONSENT, given_at__isnull=True, withdrawn_at__isnull=True)


def agreements_of(municipality_ids: Iterable[int]) -> QuerySet[ProcessingAgreement]:
    return ProcessingAgreement.objects.filter(municipality_id__in=list(municipality_ids))


def agreements_in_force(
    municipality_id: int, day: date | None = None
) -> QuerySet[ProcessingAgreement]:
    day = day or timezone.localdate()
    return (
        ProcessingAgreement.objects.filter(municipality_id=municipality_id, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("processor")
    )


def consent_organisations() -> QuerySet[Organisation]:
    """Organisations a newcomer can consent to share with (not the municipality itself)."""
    return Organisation.objects.filter(is_active=True).exclude(
        type__in=[OrganisationType.GEMEENTE, OrganisationType.REGIO]
    )
