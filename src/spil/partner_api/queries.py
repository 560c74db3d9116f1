"""Reads for partner systems, always through the organisation's access basis
(spil.persons.queries): a person without an active basis for the client's organisation is
not there — not in a list, not by id, not in a week plan."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.audit.purposes import DataCategory, Purpose
from spil.core.calendar import TZ
from spil.partner_api.models import PartnerClient
from spil.persons import queries as person_queries
from spil.persons.models import Person
from spil.programmes.models import GroupMember, LanguageResult, Session
from spil.trajectories.models import Trajectory

# The purpose a partner's processing is recorded under when its basis names none that
# applies (a contracted provider's delivery of the learning route).
DEFAULT_PURPOSE = Purpose.LANGUAGE_TRAINING


def clients() -> QuerySet[PartnerClient]:
    return PartnerClient.objects.select_related("application", "organisation", "registered_by")


def client_for_application(application_id: int) -> PartnerClient | None:
    return clients().filter(application_id=application_id).first()


def partner_organisations() -> QuerySet[Organisation]:
    """Organisations a client can be registered for: every active one but the
    municipalities and regions themselves (their staff use Spil directly)."""
    return Organisation.objects.filter(is_active=True).exclude(
        type__in=[OrganisationType.GEMEENTE, OrganisationType.REGIO]
    )


def _organisation_ids(client: PartnerClient) -> list[int]:
    return [client.organisation_id]


def participants(client: PartnerClient) -> QuerySet[Person]:
    """The persons the client's organisation has an active basis for, by name."""
    return person_queries.persons_with_basis(_organisation_ids(client)).order_by(
        "family_name", "given_names", "pk"
    )


class ParticipantList:
    """The participants of a client for a paginator, in the order Spil registered them:
    counted and paged along the basis index (organisation, person), so a page costs the
    same whether the organisation's basis holds fifty persons or fifty thousand among a
    hundred thousand (`persons_with_basis` as a subquery makes the database scan every
    person to sort them). The same active bases as `persons_with_basis`."""

    def __init__(self, client: PartnerClient) -> None:
        self.organisation_ids = _organisation_ids(client)

    def _person_ids(self) -> QuerySet[Any, int]:
        return (
            person_queries.active_bases_on()
            .filter(organisation_id__in=self.organisation_ids)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .distinct()
        )

    def count(self) -> int:
        return self._person_ids().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Person]:
        ids = list(self._person_ids()[index])
        found = Person.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def participant(client: PartnerClient, public_id: uuid.UUID) -> Person | None:
    """One person with an active basis for the client's organisation, or None (→ 404)."""
    return participants(client).filter(public_id=public_id).first()


@dataclass
class Basis:
    """What a person's active bases for the organisation allow, and why (for the log)."""

    categories: frozenset[str]
    purpose: Purpose = DEFAULT_PURPOSE
    kinds: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ", ".join(sorted(set(self.kinds))) or "-"


def basis_of(client: PartnerClient, person: Person) -> Basis:
    """The person's active bases for the client's organisation, today: one query."""
    bases = person_queries.active_bases(_organisation_ids(client), person)
    categories = person_queries.effective_categories(bases)
    if not categories:
        return Basis(frozenset())
    purposes = sorted({str(b.purpose) for b in bases})
    return Basis(categories, Purpose(purposes[0]), [f"{b.kind}:{b.purpose}" for b in bases])


def purposes_by_person(client: PartnerClient, person_ids: Iterable[int]) -> dict[int, Purpose]:
    """For a page of persons, the purpose of each one's basis (the first, where several
    open them): one query, so a list is logged per purpose whatever its length."""
    ids = list(person_ids)
    found: dict[int, Purpose] = {}
    if not ids:
        return found
    rows = (
        person_queries.active_bases_on()
        .filter(organisation_id__in=_organisation_ids(client), person_id__in=ids)
        .order_by("person_id", "purpose")
        .values_list("person_id", "purpose")
    )
    for person_id, purpose in rows:
        found.setdefault(person_id, Purpose(purpose))
    return found


@dataclass
class ParticipantDetails:
    person: Person
    basis: Basis
    trajectory: Trajectory | None = None
    groups: list[dict[str, str]] = field(default_factory=list)
    language_levels: list[LanguageResult] = field(default_factory=list)

    @property
    def shown_categories(self) -> list[DataCategory]:
        """The categories this answer serialises: identity, and what the basis adds of the
        ones the API knows."""
        shown = [DataCategory.IDENTITY]
        for category in SERVED_CATEGORIES:
            if category in self.basis.categories:
                shown.append(category)
        return shown


# The categories the partner API can serialise beyond identity, each only with a basis.
SERVED_CATEGORIES = (
    DataCategory.BSN,
    DataCategory.CONTACT,
    DataCategory.ADDRESS,
    DataCategory.TRAJECTORY,
    DataCategory.LANGUAGE,
)


def participant_details(client: PartnerClient, person: Person, basis: Basis) -> ParticipantDetails:
    """A person's data for the client, read only for the categories its basis covers."""
    details = ParticipantDetails(person=person, basis=basis)
    if DataCategory.TRAJECTORY in basis.categories:
        details.trajectory = (
            Trajectory.objects.filter(person=person).order_by("-created_at", "-pk").first()
        )
        details.groups = [
            {"code": m.group.code, "name": m.group.name, "kind": m.group.kind}
            for m in GroupMember.objects.filter(
                person=person, group__provider_id=client.organisation_id
            )
            .select_related("group")
            .order_by("group__start_date", "group__code")
        ]
    if DataCategory.LANGUAGE in basis.categories:
        latest: dict[str, LanguageResult] = {}
        for result in LanguageResult.objects.filter(person=person).order_by("-on", "-pk"):
            latest.setdefault(result.skill, result)
        details.language_levels = sorted(latest.values(), key=lambda r: r.skill)
    return details


def session_of(client: PartnerClient, session_id: int) -> Session | None:
    """A session of one of the organisation's groups (it provides the group)."""
    return (
        Session.objects.select_related("group")
        .filter(pk=session_id, group__provider_id=client.organisation_id)
        .first()
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class WeekPlan:
    monday: date
    sessions: list[Session]
    participants: dict[int, list[Person]]
    purposes: dict[int, Purpose]


def week_plan(client: PartnerClient, monday: date) -> WeekPlan:
    """The sessions of the organisation's groups in the week from `monday`, each with the
    group's members whose basis for the organisation covers their trajectory (nobody
    else): three queries, whatever the week holds."""
    start = datetime.combine(monday, datetime.min.time(), tzinfo=TZ)
    end = start + timedelta(days=7)
    sessions = list(
        Session.objects.select_related("group")
        .filter(group__provider_id=client.organisation_id, starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "group__code")
    )
    group_ids = {s.group_id for s in sessions}
    members: dict[int, list[Person]] = {}
    purposes: dict[int, Purpose] = {}
    if group_ids:
        bases = (
            person_queries.active_bases_on()
            .filter(
                organisation_id__in=_organisation_ids(client),
                person__group_memberships__group_id__in=group_ids,
            )
            .select_related("agreement")
            .order_by("person_id", "purpose")
        )
        by_person: dict[int, list[Any]] = {}
        for basis in bases:
            by_person.setdefault(basis.person_id, []).append(basis)
        allowed = {
            person_id: Purpose(found[0].purpose)
            for person_id, found in by_person.items()
            if DataCategory.TRAJECTORY in person_queries.effective_categories(found)
        }
        for member in (
            GroupMember.objects.filter(group_id__in=group_ids, person_id__in=list(allowed))
            .select_related("person")
            .order_by("person__family_name", "person__given_names", "person_id")
        ):
            members.setdefault(member.group_id, []).append(member.person)
            purposes[member.person_id] = allowed[member.person_id]
    by_session = {s.pk: members.get(s.group_id, []) for s in sessions}
    return WeekPlan(monday=monday, sessions=sessions, participants=by_session, purposes=purposes)


def this_monday() -> date:
    return week_start(timezone.localdate())


def is_member(session: Session, person: Person) -> bool:
    return GroupMember.objects.filter(group_id=session.group_id, person=person).exists()


def now() -> datetime:
    return timezone.now()
