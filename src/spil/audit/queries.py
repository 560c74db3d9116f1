"""Reads of the processing log, for the functioneel beheerder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from spil.accounts.access import can_read_processing_log
from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.audit.models import ProcessingRecord
from spil.audit.services import newcomer_actor_reference, person_reference

#: The persons of a set of municipalities, as a subquery of their log pseudonyms. The
#: person model lives in a higher layer, which plugs this in (PersonsConfig.ready), so the
#: scope stays one query.
PersonScope = Callable[[set[int]], QuerySet[Any]]
_person_scope: list[PersonScope] = []


def register_person_scope(scope: PersonScope) -> None:
    _person_scope[:] = [scope]


#: A BSN to the log pseudonym of the person who has it (None: no such person), plugged in
#: by the persons app: the log never stores a BSN, the person's own row links the two.
PersonLookup = Callable[[str], "str | None"]
_person_lookup: list[PersonLookup] = []


def register_person_lookup(lookup: PersonLookup) -> None:
    _person_lookup[:] = [lookup]


def person_ref_for_bsn(bsn: str) -> str | None:
    return _person_lookup[0](bsn) if _person_lookup else None


def log_municipality_ids(user: User | AnonymousUser) -> set[int]:
    """The municipalities whose log a functioneel beheerder reads: their own gemeente, or
    every member of their regio (never another regio's)."""
    if not can_read_processing_log(user) or not isinstance(user, User):
        return set()
    found: set[int] = set()
    for membership in user.active_memberships().filter(role=Role.FUNCTIONEEL_BEHEERDER):
        organisation = membership.organisation
        found.add(organisation.pk)
        if organisation.type == OrganisationType.REGIO:
            found |= set(
                Organisation.objects.filter(regions=organisation).values_list("pk", flat=True)
            )
    return found


def records_for_user(user: User | AnonymousUser) -> QuerySet[ProcessingRecord]:
    """The records of the beheerder's organisations' staff, and every record about the
    persons of their municipalities (whoever processed them: a partner, a newcomer, DUO)."""
    scope = log_municipality_ids(user)
    if not scope:
        return ProcessingRecord.objects.none()
    condition = Q(organisation_id__in=scope)
    if _person_scope:
        condition |= Q(persons__person_ref__in=_person_scope[0](scope))
    return (
        ProcessingRecord.objects.filter(condition)
        .select_related("actor", "organisation")
        .prefetch_related("persons")
    )


def filter_records(
    records: QuerySet[ProcessingRecord],
    *,
    person_ref: str = "",
    username: str = "",
    purpose: str = "",
    action: str = "",
    category: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[ProcessingRecord]:
    if person_ref:
        records = records.filter(persons__person_ref=person_ref.strip().lower())
    if username:
        records = records.filter(actor__username__iexact=username.strip())
    if purpose:
        records = records.filter(purpose_code=purpose)
    if action:
        records = records.filter(handeling=action)
    if category:
        # JSON containment is not portable to SQLite; the list is short, so match the text.
        records = records.filter(data_categories__icontains=f'"{category}"')
    tz = timezone.get_current_timezone()
    if date_from:
        records = records.filter(tijdstip__gte=datetime.combine(date_from, time.min, tz))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tz)
        records = records.filter(tijdstip__lt=end)
    return records.distinct()


def records_about_person(person_id: int, *, limit: int = 100) -> list[ProcessingRecord]:
    """The latest processing records about one person, for the person themselves (the
    portal's "who looked at my data"): the caller is the data subject, no staff scope."""
    return list(
        ProcessingRecord.objects.filter(persons__person_ref=person_reference(person_id))
        .select_related("actor", "organisation")
        .order_by("-tijdstip")[:limit]
    )


def acted_as_newcomer(record: ProcessingRecord, person_id: int) -> bool:
    """Whether the person themselves was the actor of the record (the portal's "You"): the
    log names them by pseudonym only."""
    return record.gebruiker == newcomer_actor_reference(person_id)
