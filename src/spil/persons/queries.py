"""Scoped reads of persons. Every read of personal data starts here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from spil.accounts.access import Action
from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.persons.models import Person, PersonQuerySet
from spil.persons.validators import bsn_in_search


def persons_for_user(user: User | AnonymousUser, action: Action = Action.VIEW) -> PersonQuerySet:
    return Person.objects.for_user(user, action).select_related("municipality", "regisseur")


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
    shared = Organisation.objects.filter(
        regions__type=OrganisationType.REGIO,
        regions__shares_caseloads=True,
        regions__is_active=True,
        regions__members=municipality_id,
        is_active=True,
    ).values_list("id", flat=True)
    return {municipality_id, *shared}


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
