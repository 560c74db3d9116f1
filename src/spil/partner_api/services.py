"""Registering partner clients, and the writes a partner's system makes through the API.

Every write goes through the programmes services (which validate and record); each runs
with the client as the actor of its processing records (`audit.services.acting_client`),
and every call that processed personal data leaves exactly one processing record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, get_application_model

from spil.accounts.models import Organisation, User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import ClientActor, acting_client, record_processing
from spil.partner_api.models import PartnerClient
from spil.partner_api.queries import DEFAULT_PURPOSE
from spil.partner_api.scopes import Scope
from spil.persons.models import Person
from spil.programmes.models import Attendance, HoursEntry, LanguageResult, Session
from spil.programmes.services import attendance as attendance_services
from spil.programmes.services import imports as import_services


@dataclass(frozen=True)
class Registration:
    client: PartnerClient
    client_secret: str  # shown once; Spil keeps only its hash


@transaction.atomic
def register_client(
    organisation: Organisation, name: str, scopes: Iterable[str], *, actor: User | None
) -> Registration:
    """A new client for `organisation`: client-credentials grant only, confidential, the
    secret hashed on save. The plain secret is returned once, to be shown once."""
    wanted = sorted({Scope(s).value for s in scopes})
    if not wanted:
        raise ValueError("a client needs at least one scope")
    secret = generate_client_secret()
    application_model = get_application_model()
    application = application_model.objects.create(
        name=name[:255],
        client_type=application_model.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application_model.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
        redirect_uris="",
        skip_authorization=False,
    )
    client = PartnerClient.objects.create(
        application=application, organisation=organisation, scopes=wanted, registered_by=actor
    )
    return Registration(client=client, client_secret=secret)


@transaction.atomic
def revoke_client(client: PartnerClient, *, actor: User | None) -> None:
    """The client can no longer get a token, and its tokens stop working now."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.revoked_by = actor
        client.save(update_fields=["revoked_at", "revoked_by"])
    AccessToken.objects.filter(application_id=client.application_id).delete()


def clear_expired_tokens() -> int:
    """Remove expired access tokens (nightly)."""
    deleted, _rows = AccessToken.objects.filter(expires__lt=timezone.now()).delete()
    return int(deleted)


def client_actor(client: PartnerClient) -> ClientActor:
    return ClientActor(
        reference=f"client:{client.pk}", label=client.label, organisation=client.organisation
    )


@contextmanager
def acting_as(client: PartnerClient) -> Iterator[None]:
    with acting_client(client_actor(client)):
        yield


def record_read(
    client: PartnerClient,
    purposes: Mapping[int, Purpose],
    *,
    categories: Sequence[DataCategory],
    action_name: str,
) -> None:
    """The processing record of one read by the client: one per purpose of the persons'
    bases (`purposes`: person id → purpose), or one without persons when none showed."""
    groups: dict[Purpose, list[int]] = {}
    for person_id, purpose in purposes.items():
        groups.setdefault(purpose, []).append(person_id)
    with transaction.atomic(), acting_as(client):
        for purpose, ids in sorted(groups.items()) or [(DEFAULT_PURPOSE, [])]:
            record_processing(
                actor=None,
                person_ids=ids,
                categories=categories,
                action=ProcessingAction.VIEW,
                purpose=purpose,
                action_name=action_name,
                organisation=client.organisation,
            )


def _record_unchanged(
    client: PartnerClient, person: Person, category: DataCategory, what: str
) -> None:
    # The service records a change; a repeated call that changed nothing still processed
    # the person's data (received and compared), so it leaves its record too.
    with acting_as(client):
        record_processing(
            actor=None,
            person_ids=[person.pk],
            categories=[category],
            action=ProcessingAction.RECEIVE,
            purpose=Purpose.LANGUAGE_TRAINING,
            action_name=f"Partner API: {what} (unchanged)",
            organisation=client.organisation,
        )


def post_attendance(
    client: PartnerClient, session: Session, person: Person, status: str, reason: str
) -> tuple[Attendance, str]:
    """Attendance of one member at a session of the organisation's group: once per session
    and person (the same again changes nothing; another status corrects it)."""
    with transaction.atomic(), acting_as(client):
        before = (
            Attendance.objects.filter(session=session, person=person)
            .values_list("status", "reason")
            .first()
        )
        [saved] = attendance_services.record_attendance(
            session, {person.pk: (status, reason)}, actor=None
        )
    if before is None:
        return saved, "created"
    return saved, "unchanged" if before == (saved.status, saved.reason) else "updated"


def post_hours(
    client: PartnerClient, person: Person, *, component: str, on: date, hours: Decimal
) -> tuple[HoursEntry, str]:
    with transaction.atomic(), acting_as(client):
        entry, change = import_services.record_hours(
            person,
            component=component,
            on=on,
            hours=hours,
            provider=client.organisation,
            actor=None,
        )
        if change == "unchanged":
            _record_unchanged(client, person, DataCategory.TRAJECTORY, "hours")
    return entry, change


def post_result(
    client: PartnerClient, person: Person, *, skill: str, level: str, on: date
) -> tuple[LanguageResult, str]:
    with transaction.atomic(), acting_as(client):
        result, change = import_services.record_language_result(
            person, skill=skill, level=level, on=on, provider=client.organisation, actor=None
        )
        if change == "unchanged":
            _record_unchanged(client, person, DataCategory.LANGUAGE, "CEFR result")
    return result, change
