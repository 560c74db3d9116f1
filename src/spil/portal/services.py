"""Writes of the portal: the klantmanager's one-time sign-in links, and matching a DigiD
sign-in to a person. Each leaves a processing record."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_by_newcomer, record_change
from spil.core.newcomer_texts import N_, newcomer_text
from spil.persons import notifications
from spil.persons.models import Person
from spil.portal.models import SignInLink

LINK_SUBJECT = N_("Your link to sign in to Spil")
LINK_BODY = N_(
    "Open this link to sign in to My civic integration. The link works once, for "
    "%(minutes)s minutes."
)


def link_lifetime() -> timedelta:
    return timedelta(minutes=settings.SPIL_PORTAL_LINK_MINUTES)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class NotAllowedError(PermissionError):
    pass


@transaction.atomic
def issue_sign_in_link(person: Person, *, actor: User) -> str:
    """A new one-time sign-in token for `person`; earlier unused ones stop working. Only
    a user who may change the person (their klantmanager) issues one. The token is returned
    once and never stored."""
    if not Person.objects.for_user(actor, Action.CHANGE).filter(pk=person.pk).exists():
        raise NotAllowedError("only the person's klantmanager issues a sign-in link")
    now = timezone.now()
    SignInLink.objects.filter(person=person, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    SignInLink.objects.create(
        person=person,
        token_hash=_hash(token),
        created_by=actor,
        created_at=now,
        expires_at=now + link_lifetime(),
    )
    record_change(
        actor,
        person.pk,
        "Portal sign-in link",
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.CREATE,
    )
    return token


def email_sign_in_link(person: Person, url: str) -> bool:
    """E-mail the sign-in link in the person's language; False when there is no address."""
    notifier = notifications.EmailNotifier()
    if not notifier.can_reach(person):
        return False
    language = person.preferred_language
    minutes = settings.SPIL_PORTAL_LINK_MINUTES
    body = newcomer_text(language, LINK_BODY) % {"minutes": minutes}
    notifications.notify(
        notifier,
        person,
        newcomer_text(language, LINK_SUBJECT),
        f"{body}\n\n{url}\n",
        about="Portal sign-in link",
    )
    return True


@transaction.atomic
def redeem_sign_in_link(token: str) -> Person | None:
    """The person a valid link signs in, marking it used; None for an unknown, used,
    revoked or expired link."""
    link = (
        SignInLink.objects.select_for_update()
        .filter(token_hash=_hash(token), used_at__isnull=True, revoked_at__isnull=True)
        .select_related("person")
        .first()
    )
    now = timezone.now()
    if link is None or link.expires_at <= now:
        return None
    link.used_at = now
    link.save(update_fields=["used_at"])
    _record_sign_in(link.person, "Portal sign-in (one-time link)")
    return link.person


def person_for_bsn(bsn: str) -> Person | None:
    """The one person with this BSN (DigiD vouched for it); None when there is none."""
    matches = list(Person.objects.filter(bsn=bsn)[:2])
    if len(matches) != 1:
        return None
    person = matches[0]
    _record_sign_in(person, "Portal sign-in (DigiD)")
    return person


def _record_sign_in(person: Person, action_name: str) -> None:
    record_by_newcomer(
        person.pk, categories=[DataCategory.IDENTITY, DataCategory.BSN], action_name=action_name
    )
