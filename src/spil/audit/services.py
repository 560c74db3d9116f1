"""Writing the processing log. The only way records come into being."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from spil.audit.models import ProcessedPerson, ProcessingRecord
from spil.audit.purposes import (
    SPECIAL_CATEGORIES,
    DataCategory,
    ProcessingAction,
    Purpose,
    get_purpose,
)
from spil.core.context import current_request_id

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from spil.accounts.models import Organisation, User


class SpecialCategoryNotAllowedError(ValueError):
    pass


def person_reference(person_id: int) -> str:
    """A stable pseudonym for a person in the log; reveals nothing without the key."""
    digest = hmac.new(
        settings.SPIL_PSEUDONYM_KEY.encode(), f"person:{person_id}".encode(), hashlib.sha256
    ).hexdigest()
    return digest[:20]


def newcomer_actor_reference(person_id: int) -> str:
    """`gebruiker` of a record in which the newcomer acted on their own data (the portal):
    their pseudonym, the betrokkene of Verwerkingenlogging. The log holds no other trace of
    who they are."""
    return f"betrokkene:{person_reference(person_id)}"


@dataclass(frozen=True)
class ClientActor:
    """A partner's system acting through the API with its own credentials (no user):
    `reference` names it in `gebruiker` (e.g. "client:12"), `label` for people to read."""

    reference: str
    label: str
    organisation: Organisation


_client_actor: ContextVar[ClientActor | None] = ContextVar("spil_client_actor", default=None)


@contextmanager
def acting_client(client: ClientActor) -> Iterator[None]:
    """While this runs, every processing record without a user or newcomer as actor names
    `client` as its actor: the services a partner's API call uses record it unchanged."""
    token = _client_actor.set(client)
    try:
        yield
    finally:
        _client_actor.reset(token)


def current_client() -> ClientActor | None:
    return _client_actor.get()


def _acting_organisation(actor: User | None) -> Organisation | None:
    if actor is None:
        return None
    memberships = actor.current_memberships()
    return memberships[0].organisation if memberships else None


def record_processing(
    *,
    actor: User | AnonymousUser | None,
    person_ids: Iterable[int],
    categories: Sequence[DataCategory],
    action: ProcessingAction,
    purpose: Purpose,
    action_name: str,
    organisation: Organisation | None = None,
    newcomer_id: int | None = None,
    person_refs: Iterable[str] = (),
) -> ProcessingRecord:
    """Write one processing record covering `person_ids` (and the persons already known
    only by their pseudonym, `person_refs`: the log's own readers).

    `newcomer_id` names the newcomer as the actor (the portal: a person acting on their
    own data, no staff user); `gebruiker` then holds their pseudonym, never a BSN. Without a
    user or newcomer, inside `acting_client(...)` the partner's system is the actor.

    Special categories need a purpose that allows them; otherwise nothing is written and
    SpecialCategoryNotAllowedError is raised, so the caller must not show the data either.
    """
    purpose_def = get_purpose(purpose)
    special = set(categories) & SPECIAL_CATEGORIES
    if special - purpose_def.special_categories:
        raise SpecialCategoryNotAllowedError(
            f"Purpose {purpose!r} does not allow special categories {sorted(special)}"
        )
    user = actor if actor is not None and actor.is_authenticated else None
    if newcomer_id is not None and user is not None:
        raise ValueError("A processing record has one actor: a user or a newcomer")
    client = _client_actor.get() if user is None and newcomer_id is None else None
    if client is not None:
        organisation = organisation or client.organisation
    organisation = organisation or _acting_organisation(user)
    if newcomer_id is not None:
        gebruiker = newcomer_actor_reference(newcomer_id)
    elif client is not None:
        gebruiker = client.reference[:40]
    else:
        gebruiker = str(user.pk) if user else ""
    ids = sorted(set(person_ids))
    with transaction.atomic():
        record = ProcessingRecord.objects.create(
            actie_naam=action_name[:242],
            handeling=action.value,
            verwerking_naam=str(purpose_def.name)[:242],
            purpose_code=purpose_def.code,
            legal_ground=str(purpose_def.legal_ground)[:242],
            vertrouwelijkheid="vertrouwelijk" if special else "normaal",
            bewaartermijn=settings.SPIL_PROCESSING_LOG_RETENTION,
            uitvoerder=organisation.oin if organisation else "",
            organisation=organisation,
            systeem=settings.SPIL_SYSTEM_NAME,
            actor=user,
            gebruiker=gebruiker,
            actor_label=client.label[:242] if client is not None else "",
            data_categories=sorted(c.value for c in categories),
            request_id=current_request_id(),
            tijdstip=timezone.now(),
        )
        refs = sorted({person_reference(pid) for pid in ids} | set(person_refs))
        ProcessedPerson.objects.bulk_create(
            ProcessedPerson(record=record, person_ref=ref) for ref in refs
        )
    return record


def record_log_read(
    actor: User | AnonymousUser | None,
    records: Iterable[ProcessingRecord],
    *,
    action_name: str,
    action: ProcessingAction = ProcessingAction.VIEW,
) -> ProcessingRecord:
    """Reading the log (the page, an inzageverzoek, the API) is itself a processing of the
    persons its records are about, for accountability."""
    return record_processing(
        actor=actor,
        person_ids=[],
        person_refs={p.person_ref for record in records for p in record.persons.all()},
        categories=[],
        action=action,
        purpose=Purpose.ACCOUNTABILITY,
        action_name=action_name,
    )


def record_change(
    actor: User | AnonymousUser | None,
    person_ids: int | Iterable[int],
    action_name: str,
    *,
    categories: Sequence[DataCategory],
    action: ProcessingAction = ProcessingAction.CHANGE,
    purpose: Purpose = Purpose.REGIE,
) -> ProcessingRecord | None:
    """The processing record of a service's change to the data of one person or several
    (one record for all of them); nothing when the change concerned nobody."""
    ids = [person_ids] if isinstance(person_ids, int) else list(person_ids)
    if not ids:
        return None
    return record_processing(
        actor=actor,
        person_ids=ids,
        categories=categories,
        action=action,
        purpose=purpose,
        action_name=action_name,
    )


def record_by_newcomer(
    newcomer_id: int,
    *,
    categories: Sequence[DataCategory],
    action_name: str,
    action: ProcessingAction = ProcessingAction.VIEW,
) -> ProcessingRecord:
    """Record what a newcomer did with their own data in the portal (saw, downloaded,
    changed, signed in): the newcomer is both the actor and the person processed."""
    return record_processing(
        actor=None,
        person_ids=[newcomer_id],
        categories=categories,
        action=action,
        purpose=Purpose.REGIE,
        action_name=action_name,
        newcomer_id=newcomer_id,
    )


def record_view(
    request: HttpRequest,
    *,
    person_ids: Iterable[int],
    categories: Sequence[DataCategory],
    action_name: str,
    purpose: Purpose = Purpose.REGIE,
    action: ProcessingAction = ProcessingAction.VIEW,
) -> ProcessingRecord | None:
    """Record that the signed-in user saw (or exported) these persons' data in a request.

    Nothing is written when no person was shown: an empty search result processes no data.
    """
    ids = list(person_ids)
    if not ids:
        return None
    return record_processing(
        actor=request.user,
        person_ids=ids,
        categories=categories,
        action=action,
        purpose=purpose,
        action_name=action_name,
    )


# --------------------------------------------------------------------------- retention

_YEARS = re.compile(r"^P(\d+)Y$")


def retention_cutoff(bewaartermijn: str, now: datetime) -> datetime | None:
    """The moment before which a record with this retention period has expired."""
    match = _YEARS.match(bewaartermijn)
    if match is None:
        return None  # an unknown period is kept: never delete what we cannot date
    years = int(match.group(1))
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def purge_expired(now: datetime | None = None) -> int:
    """Delete the processing records past their retention period (bewaartermijn), and
    record that it happened. The only deletion of the log: PostgreSQL refuses any other
    (migration audit 0004); this transaction alone switches the refusal off."""
    now = now or timezone.now()
    with transaction.atomic():
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL spil.retention_purge = 'on'")
        expired: list[Any] = []
        periods = set(ProcessingRecord.objects.order_by().values_list("bewaartermijn", flat=True))
        for period in periods:
            cutoff = retention_cutoff(period, now)
            if cutoff is not None:
                expired += ProcessingRecord.objects.filter(
                    bewaartermijn=period, tijdstip__lt=cutoff
                ).values_list("pk", flat=True)
        if expired:
            ProcessedPerson.objects.filter(record_id__in=expired)._raw_delete(connection.alias)
            ProcessingRecord.objects.filter(pk__in=expired)._raw_delete(connection.alias)
        record_processing(
            actor=None,
            person_ids=[],
            categories=[],
            action=ProcessingAction.DELETE,
            purpose=Purpose.ACCOUNTABILITY,
            action_name=f"Retention: {len(expired)} processing records past their period removed",
        )
    return len(expired)
