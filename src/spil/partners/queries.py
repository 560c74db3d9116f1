"""What a partner organisation sees of a person: only the categories its basis opens.

Each section is read only when its category is open, so what the basis does not cover is
never fetched, let alone rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from spil.accounts.access import (
    Action,
    caseload_municipality_ids,
    has_any_role,
    partner_organisation_ids,
)
from spil.accounts.models import Organisation, User
from spil.accounts.roles import Role
from spil.audit.purposes import DataCategory
from spil.persons import queries as persons
from spil.persons.models import AccessBasis, Person, ProcessingAgreement
from spil.programmes import queries as programmes
from spil.trajectories import queries as trajectories


@dataclass
class PartnerView:
    person: Person
    bases: list[AccessBasis]
    categories: frozenset[str]
    sections: dict[str, Any] = field(default_factory=dict)


def partner_view(person: Person, bases: list[AccessBasis]) -> PartnerView:
    categories = persons.effective_categories(bases)
    view = PartnerView(person=person, bases=bases, categories=categories)
    if DataCategory.TRAJECTORY in categories:
        view.sections["trajectory"] = trajectories.current_trajectory(person.pk)
    if DataCategory.LANGUAGE in categories:
        view.sections["language"] = sorted(
            programmes.latest_language_levels(person).values(), key=lambda r: r.skill
        )
    return view


def participants_with_bases(
    user: User | AnonymousUser,
) -> list[tuple[Person, list[AccessBasis]]]:
    """The partner's people with the bases that open them (two queries, whatever the size)."""
    people = list(persons.partner_persons_for_user(user).order_by("family_name", "given_names"))
    bases = (
        persons.active_bases_on()
        .filter(
            person__in=[p.pk for p in people], organisation_id__in=partner_organisation_ids(user)
        )
        .select_related("organisation", "agreement")
    )
    by_person: dict[int, list[AccessBasis]] = {}
    for basis in bases:
        by_person.setdefault(basis.person_id, []).append(basis)
    return [(p, by_person.get(p.pk, [])) for p in people]


def is_partner(user: User | AnonymousUser) -> bool:
    return bool(partner_organisation_ids(user))


# --------------------------------------------------------------------------- agreements


def can_manage_agreements(user: User | AnonymousUser) -> bool:
    return has_any_role(user, Role.FUNCTIONEEL_BEHEERDER, Role.KLANTMANAGER) and bool(
        agreement_municipalities(user)
    )


def agreement_municipalities(user: User | AnonymousUser) -> list[Organisation]:
    """The municipalities whose agreements `user` keeps: the klantmanager's caseload
    municipalities, the functioneel beheerder's own gemeente or regio members."""
    ids = caseload_municipality_ids(user, Action.CHANGE)
    if has_any_role(user, Role.FUNCTIONEEL_BEHEERDER) and isinstance(user, User):
        for membership in user.active_memberships().filter(role=Role.FUNCTIONEEL_BEHEERDER):
            organisation = membership.organisation
            if organisation.type == "gemeente":
                ids.add(organisation.pk)
            else:
                ids |= set(organisation.members.values_list("pk", flat=True))
    return list(Organisation.objects.filter(pk__in=ids, type="gemeente").order_by("name"))


def agreements_for_user(user: User | AnonymousUser) -> QuerySet[ProcessingAgreement]:
    municipalities = [m.pk for m in agreement_municipalities(user)]
    return (
        persons.agreements_of(municipalities)
        .select_related("municipality", "processor")
        .order_by("processor__name", "-starts_on")
    )


def agreement_in_force(agreement: ProcessingAgreement, day: date) -> bool:
    return agreement.starts_on <= day and (agreement.ends_on is None or agreement.ends_on >= day)
