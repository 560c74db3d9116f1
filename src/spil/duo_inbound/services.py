"""DUO's notifications to Spil: accepting them (the Notificatie API stores each once),
processing them (look-ups at DUO, then every effect in one transaction, via the handlers),
and retrying them.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType
from spil.duo.client import DuoError, DuoRefused, DuoUnavailable
from spil.duo.contract import ContractViolation
from spil.duo.models import DuoCall, DuoNotification, NotificationStatus
from spil.duo_inbound import handlers
from spil.duo_inbound.brp_adapter import BrpUnavailable

logger = logging.getLogger("spil.duo")

#: Attempts the processing task retries on its own (Celery retries); after that a transient
#: failure waits for `requeue_pending` at the longest back-off. Never marked failed for it.
MAX_PROCESSING_ATTEMPTS = 8
#: Back-off of the processing retries: 30 s, 60 s, 120 s ... capped at one hour.
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
#: A notification stuck in "processing" this long (a worker died) is taken up again.
STALE_PROCESSING = timedelta(minutes=10)
#: A notification still unprocessed this long after arrival was probably never queued.
NEVER_QUEUED_GRACE = timedelta(minutes=2)
#: Outbound call log kept this long.
CALL_LOG_RETENTION = timedelta(days=14)


class InvalidNotification(ValueError):  # noqa: N818 - reads as a domain fact
    """A notification that passed the schema but cannot be stored (field named, no value)."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


# --------------------------------------------------------------------------- accepting


_MUNICIPALITY_CACHE_SECONDS = 30.0
_municipality_cache: dict[str, tuple[float, Organisation | None]] = {}


def active_municipality(oin: str) -> Organisation | None:
    """The active gemeente with this OIN (cached per process for half a minute: DUO posts
    many notifications to the same few OINs)."""
    now = time.monotonic()
    cached = _municipality_cache.get(oin)
    if cached is not None and now - cached[0] < _MUNICIPALITY_CACHE_SECONDS:
        return cached[1]
    found = Organisation.objects.filter(
        oin=oin, type=OrganisationType.GEMEENTE, is_active=True
    ).first()
    if len(_municipality_cache) > 1000:
        _municipality_cache.clear()
    _municipality_cache[oin] = (now, found)
    return found


def clear_municipality_cache() -> None:
    _municipality_cache.clear()


def _parse_moment(value: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        raise InvalidNotification("body.registratieDatumTijd", "is not a valid date-time")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def accept_notification(
    *, bericht_id: str, bron: str, municipality: Organisation, payload: dict[str, Any]
) -> tuple[DuoNotification, bool]:
    """Store a notification (once per berichtId) and queue its processing after commit.

    Returns the notification and whether it is new; a repeat changes nothing.
    """
    try:
        message_id = uuid.UUID(bericht_id)
    except ValueError:
        raise InvalidNotification("header.berichtId", "is not a valid uuid") from None
    moment = _parse_moment(str(payload["registratieDatumTijd"]))
    try:
        with transaction.atomic():
            notification = DuoNotification.objects.create(
                bericht_id=message_id,
                bron=bron,
                doel=municipality.oin,
                municipality=municipality,
                gebeurtenis_id=str(payload["gebeurtenisId"]),
                bsn=str(payload.get("bsn") or ""),
                v_nummer=payload.get("vNummer"),
                registratie_datum_tijd=moment,
            )
            pk = notification.pk
            transaction.on_commit(lambda: enqueue(pk))
    except IntegrityError:  # the same berichtId at the same moment from another process
        return DuoNotification.objects.get(bericht_id=message_id), False
    return notification, True


def enqueue(notification_id: int) -> None:
    """Queue processing; when the broker is down the row stays "received" and
    :func:`requeue_pending` (Celery beat, or ``spil duo process-pending``) picks it up."""
    from spil.duo_inbound.tasks import process_notification_task  # tasks import this module

    try:
        process_notification_task.apply_async((notification_id,), retry=False)
    except Exception:
        logger.warning(
            "DUO notification %s not queued now; it stays pending", notification_id, exc_info=True
        )


# --------------------------------------------------------------------------- processing


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_in: int | None = None  # seconds, when the caller should retry


def backoff_seconds(attempts: int) -> int:
    return int(min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def _claim(notification_id: int) -> bool:
    claimable = [NotificationStatus.RECEIVED, NotificationStatus.FAILED]
    return bool(
        DuoNotification.objects.filter(pk=notification_id, status__in=claimable).update(
            status=NotificationStatus.PROCESSING, attempts=F("attempts") + 1, next_attempt_at=None
        )
    )


def _error_text(exc: BaseException) -> str:
    """What went wrong, for the status page: the operation and the kind, never a BSN."""
    if isinstance(exc, DuoUnavailable):
        return f"DUO unavailable ({exc.operation_id}: {exc.reason})"
    if isinstance(exc, BrpUnavailable):
        return f"BRP unavailable ({exc})"
    if isinstance(exc, DuoRefused):
        return f"DUO refused {exc.operation_id} (HTTP {exc.status})"
    if isinstance(exc, ContractViolation):
        return f"DUO's answer violates the contract ({exc.operation})"
    if isinstance(exc, handlers.HandlingError):
        return str(exc)
    return f"Internal error ({type(exc).__name__})"


def process_notification(notification_id: int) -> Outcome:
    """Process one notification (the "Notificering" pattern): look up at DUO, then apply
    everything in one transaction. Transient failures (DUO unavailable, a concurrent
    write) leave it "received" with a retry time; the outcome's ``retry_in`` is None once
    the task should stop retrying on its own."""
    if not _claim(notification_id):
        current = DuoNotification.objects.filter(pk=notification_id).first()
        return Outcome(current.status if current else "missing")
    notification = DuoNotification.objects.select_related("municipality").get(pk=notification_id)
    try:
        person_id = handlers.handle(notification)
    except (DuoUnavailable, BrpUnavailable, IntegrityError) as exc:
        # Transient (DUO or the BRP down, an answer outside DUO's contract such as a 429 or
        # a missing API-Version, a concurrent write): never failed for good. After
        # MAX_PROCESSING_ATTEMPTS the task stops retrying on its own and the notification
        # waits, at the longest back-off, for `requeue_pending` (Celery beat); the status
        # page lists it for the functioneel beheerder.
        delay = backoff_seconds(notification.attempts)
        _finish(
            notification_id,
            NotificationStatus.RECEIVED,
            error=_error_text(exc),
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        logger.warning("DUO notification %s: %s", notification_id, _error_text(exc))
        keep_retrying = notification.attempts < MAX_PROCESSING_ATTEMPTS
        return Outcome(NotificationStatus.RECEIVED, delay if keep_retrying else None)
    except (DuoError, ContractViolation, handlers.HandlingError) as exc:
        _finish(notification_id, NotificationStatus.FAILED, error=_error_text(exc))
        logger.warning("DUO notification %s failed: %s", notification_id, _error_text(exc))
        return Outcome(NotificationStatus.FAILED)
    except Exception as exc:
        _finish(notification_id, NotificationStatus.FAILED, error=_error_text(exc))
        logger.exception("DUO notification %s: internal error", notification_id)
        return Outcome(NotificationStatus.FAILED)
    _finish(notification_id, NotificationStatus.PROCESSED, person_id=person_id)
    return Outcome(NotificationStatus.PROCESSED)


def _finish(
    notification_id: int,
    status: str,
    *,
    error: str = "",
    person_id: int | None = None,
    next_attempt_at: datetime | None = None,
) -> None:
    values: dict[str, Any] = {"status": status, "next_attempt_at": next_attempt_at}
    if status == NotificationStatus.PROCESSED:
        # Data minimisation: once processed, the person link is enough; the BSN goes.
        values.update(processed_at=timezone.now(), last_error="", person_id=person_id, bsn="")
    else:
        values["last_error"] = error[:300]
    DuoNotification.objects.filter(pk=notification_id).update(**values)


def retry_now(notification: DuoNotification, *, actor: User | None = None) -> bool:
    """A person asked to process a failed or waiting notification again, now."""
    if notification.status not in (NotificationStatus.FAILED, NotificationStatus.RECEIVED):
        return False
    DuoNotification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
    logger.info(
        "DUO notification %s: retry requested by user %s",
        notification.pk,
        actor.pk if actor else "-",
    )
    enqueue(notification.pk)
    return True


def requeue_pending(limit: int = 500) -> int:
    """Queue what is due: retries whose time has come, notifications that were never queued
    (stored while the broker was down: received more than two minutes ago, no attempt yet)
    and those a dead worker left in "processing"."""
    now = timezone.now()
    DuoNotification.objects.filter(
        status=NotificationStatus.PROCESSING,
        received_at__lt=now - STALE_PROCESSING,
    ).update(status=NotificationStatus.RECEIVED)
    due = (
        DuoNotification.objects.filter(status=NotificationStatus.RECEIVED)
        .filter(
            Q(next_attempt_at__lte=now)
            | Q(next_attempt_at__isnull=True, received_at__lt=now - NEVER_QUEUED_GRACE)
        )
        .order_by("registratie_datum_tijd", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(due)
    for pk in ids:
        enqueue(pk)
    DuoCall.objects.filter(at__lt=now - CALL_LOG_RETENTION).delete()
    return len(ids)


def process_pending(limit: int = 1000) -> dict[str, int]:
    """Process due notifications in this process, oldest DUO registration first."""
    now = timezone.now()
    ids = list(
        DuoNotification.objects.filter(status=NotificationStatus.RECEIVED)
        .exclude(next_attempt_at__gt=now)
        .order_by("registratie_datum_tijd", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts: dict[str, int] = {}
    for pk in ids:
        outcome = process_notification(pk)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts
