"""Writes of the agenda: the secret feed URLs of a person or a trainer, their revocation,
and the processing record for fetching a person's feed.

The feed tokens are ``programmes.CalendarFeed`` rows (the table stays where it was made);
only this module writes them. Only a token's hash is stored, so the URL is shown once, right
after it is made (`remember_new_feed` / `take_new_feed_token`, through the session); a lost
URL is replaced by a new one, which ends the old. A URL expires after
SPIL_AGENDA_FEED_DAYS.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_by_newcomer, record_processing
from spil.persons.models import Person
from spil.programmes.models import CalendarFeed, feed_token_hash, new_feed_token

NEW_FEED_SESSION_KEY = "spil_new_agenda_token"


def _record_link(actor: User | None, person: Person, action: ProcessingAction) -> None:
    record_processing(
        actor=actor,
        person_ids=[person.pk],
        categories=[DataCategory.TRAJECTORY],
        action=action,
        purpose=Purpose.REGIE,
        action_name="Agenda link",
    )


def feed_for(*, person: Person | None = None, user: User | None = None) -> CalendarFeed:
    """A new feed of a person or a user; any earlier one stops working. The returned
    instance alone carries the token (`feed.token`): the database keeps only its hash."""
    token = new_feed_token()
    now = timezone.now()
    with transaction.atomic():
        CalendarFeed.objects.filter(person=person, user=user, revoked_at__isnull=True).update(
            revoked_at=now
        )
        feed = CalendarFeed.objects.create(
            person=person,
            user=user,
            token_hash=feed_token_hash(token),
            expires_at=now + timedelta(days=settings.SPIL_AGENDA_FEED_DAYS),
        )
    feed.token = token
    return feed


def _new_feed_key(feed: CalendarFeed) -> str:
    # One key per feed: a page with another feed's link (a second tab) leaves it alone.
    return f"{NEW_FEED_SESSION_KEY}:{feed.pk}"


def remember_new_feed(request: HttpRequest, feed: CalendarFeed) -> None:
    """Keep the new token for the one page that shows it (after the redirect)."""
    request.session[_new_feed_key(feed)] = feed.token


def take_new_feed_token(request: HttpRequest, active: CalendarFeed | None) -> str:
    """The token of `active` when it was made just before, once; "" on every later page
    (and for any other feed)."""
    if active is None:
        return ""
    token = request.session.pop(_new_feed_key(active), "")
    if not isinstance(token, str):
        return ""
    return token if feed_token_hash(token) == active.token_hash else ""


def make_person_feed(person: Person, *, actor: User | None) -> CalendarFeed:
    feed = feed_for(person=person)
    _record_link(actor, person, ProcessingAction.CREATE)
    return feed


def make_own_feed(person: Person) -> CalendarFeed:
    """The newcomer makes their own agenda link in the portal (they are the actor)."""
    feed = feed_for(person=person)
    record_by_newcomer(
        person.pk,
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.CREATE,
        action_name="Agenda link",
    )
    return feed


def revoke_person_feeds(person: Person, *, actor: User | None) -> int:
    feeds = list(CalendarFeed.objects.filter(person=person, revoked_at__isnull=True))
    for feed in feeds:
        revoke_feed(feed)
    _record_link(actor, person, ProcessingAction.CHANGE)
    return len(feeds)


def revoke_user_feeds(user: User) -> int:
    """End a trainer's own feeds (their sessions only: no person's data, no record)."""
    feeds = list(CalendarFeed.objects.filter(user=user, revoked_at__isnull=True))
    for feed in feeds:
        revoke_feed(feed)
    return len(feeds)


def revoke_feed(feed: CalendarFeed) -> CalendarFeed:
    """End the feed for good; a new one (new URL) can be made afterwards."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def log_feed_fetch(feed: CalendarFeed, *, today: date | None = None) -> bool:
    """Record that a person's agenda feed was fetched: once per feed per day (agenda apps
    poll often). Returns whether a record was written."""
    if feed.person_id is None:
        return False  # a trainer's feed lists sessions, no person's data
    day = today or timezone.localdate()
    claimed = CalendarFeed.objects.filter(pk=feed.pk).exclude(logged_on=day).update(logged_on=day)
    if not claimed:
        return False
    record_processing(
        actor=None,
        person_ids=[feed.person_id],
        categories=[DataCategory.TRAJECTORY, DataCategory.WORK, DataCategory.CONTACT_MOMENTS],
        action=ProcessingAction.VIEW,
        purpose=Purpose.REGIE,
        action_name="Agenda feed fetched (first fetch of the day)",
    )
    return True
