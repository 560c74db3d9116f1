"""Spil as DUO's client: the client factory and the log of calls to DUO.

Plans and programmes call DUO through :func:`make_client`; inbound notifications are
processed in :mod:`spil.duo_inbound`. The DUO client is made by :data:`client_factory` (a
module attribute, so tests and the demo can point it at the sandbox in-process:
``httpx.WSGITransport(app=sandbox_app)``). Calls are recorded as
:class:`~spil.duo.models.DuoCall` rows (operation and outcome, never a BSN).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_change
from spil.duo.client import DuoClient, DuoError, DuoRefused, DuoUnavailable
from spil.duo.contract import ContractViolation
from spil.duo.contract.types import Contactpersoongegevens
from spil.duo.models import (
    ContactpersoonKoppeling,
    ContactpersoonStatus,
    DuoCall,
    DuoContactpersoon,
)

logger = logging.getLogger("spil.duo")


class RecordingDuoClient(DuoClient):
    """A DuoClient that records every call (operation, status, duration) as a DuoCall."""

    notification_id: int | None = None

    def call(
        self,
        operation_id: str,
        body: Any = None,
        *,
        bericht_id: str | None = None,
        **path_params: object,
    ) -> Any:
        started = time.monotonic()
        status: int | None = 200
        error = ""
        transient = False
        try:
            return super().call(operation_id, body, bericht_id=bericht_id, **path_params)
        except DuoUnavailable as exc:
            status, error, transient = exc.status, exc.reason, True
            raise
        except DuoRefused as exc:
            status, error = exc.status, f"HTTP {exc.status}"
            raise
        except ContractViolation as exc:
            status, error = None, f"contract: {'; '.join(exc.messages)}"
            raise
        finally:
            _record_call(
                operation_id,
                status,
                error,
                int((time.monotonic() - started) * 1000),
                self.notification_id,
                transient=transient,
            )


def _record_call(
    operation_id: str,
    status: int | None,
    error: str,
    duration_ms: int,
    notification_id: int | None,
    *,
    transient: bool = False,
) -> None:
    try:
        DuoCall.objects.create(
            operation_id=operation_id,
            status_code=status,
            ok=not error and status is not None and status < 400,
            transient=transient,
            error=error[:300],
            duration_ms=duration_ms,
            notification_id=notification_id,
        )
    except Exception:  # the call log must never break the exchange
        logger.warning("could not record a call to DUO", exc_info=True)


def default_client_factory(bron_oin: str) -> DuoClient:
    return RecordingDuoClient(
        settings.SPIL_DUO_BASE_URL,
        bron_oin,
        settings.SPIL_DUO_OIN,
        timeout=settings.SPIL_DUO_TIMEOUT,
        retries=settings.SPIL_DUO_RETRIES,
    )


#: Makes the DuoClient for a gemeente OIN (the ``bron`` of Spil's requests). Replaceable.
client_factory: Callable[[str], DuoClient] = default_client_factory


def make_client(bron_oin: str, notification_id: int | None = None) -> DuoClient:
    client = client_factory(bron_oin)
    if isinstance(client, RecordingDuoClient):
        client.notification_id = notification_id
    return client


def duo_reachable() -> tuple[bool, str]:
    """Whether DUO answers (a look-up that needs no person: the verlengingsgronden)."""
    client = DuoClient(
        settings.SPIL_DUO_BASE_URL,
        "0" * 20,
        settings.SPIL_DUO_OIN,
        timeout=min(settings.SPIL_DUO_TIMEOUT, 3.0),
        retries=0,
    )
    factory_client = (
        client_factory("0" * 20) if client_factory is not default_client_factory else None
    )
    probe = factory_client or client
    try:
        probe.get_verlengingsgronden()
    except DuoUnavailable as exc:
        return False, exc.reason
    except (DuoError, ContractViolation) as exc:
        return False, type(exc).__name__
    finally:
        client.close()
        if factory_client is not None:
            factory_client.close()
    return True, ""


def record_export(actor: User | None, person_id: int, what: str) -> None:
    """The processing record of something about the person that DUO accepted."""
    record_change(
        actor,
        person_id,
        what,
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.EXPORT,
        purpose=Purpose.DUO_EXCHANGE,
    )


# --------------------------------------------------------------------------- retried sends

#: Back-off of a send retried while DUO cannot be reached: 1 min, 2, 4 ... capped at an hour.
SEND_RETRY_BASE_SECONDS = 60
SEND_RETRY_MAX_SECONDS = 3600
#: What a send returns when DUO could not be reached or answered outside its contract.
UNAVAILABLE = "unavailable"


def retry_send_while_unavailable(task: Any, outcome: str) -> str:
    """The outcome of a Celery task that sends something to DUO, retried with back-off
    (``SEND_RETRY_*``) while it is :data:`UNAVAILABLE`. In-process (dev, tests) the task
    is not retried. ``task`` is the bound task (``bind=True, max_retries=None``)."""
    if outcome == UNAVAILABLE and not task.request.is_eager:
        delay = min(SEND_RETRY_BASE_SECONDS * 2**task.request.retries, SEND_RETRY_MAX_SECONDS)
        raise task.retry(countdown=delay)
    return outcome


# --------------------------------------------------------------------------- contactpersoon


def contactpersoon_of(municipality_id: int, user_id: int) -> DuoContactpersoon | None:
    return DuoContactpersoon.objects.filter(
        municipality_id=municipality_id, user_id=user_id
    ).first()


def koppeling_of(person_id: int) -> ContactpersoonKoppeling | None:
    return (
        ContactpersoonKoppeling.objects.filter(person_id=person_id)
        .select_related("contactpersoon")
        .first()
    )


def store_contactpersoon(
    municipality_id: int, user_id: int, duo_id: int, gegevens: Contactpersoongegevens
) -> DuoContactpersoon:
    """DUO's id of the client manager as contactpersoon of the gemeente, with the details
    DUO holds now."""
    contactpersoon, _created = DuoContactpersoon.objects.update_or_create(
        municipality_id=municipality_id,
        user_id=user_id,
        defaults={
            "duo_id": duo_id,
            "naam": gegevens["naam"],
            "email": gegevens["email"],
            "telefoonnummer": gegevens["telefoonnummer"],
        },
    )
    return contactpersoon


def forget_contactpersoon(contactpersoon: DuoContactpersoon) -> None:
    """DUO no longer knows this contactpersoon: the next send creates it again."""
    DuoContactpersoon.objects.filter(pk=contactpersoon.pk).delete()


def record_koppeling(
    person_id: int,
    status: ContactpersoonStatus,
    *,
    contactpersoon: DuoContactpersoon | None = None,
    message: str = "",
) -> ContactpersoonKoppeling:
    """What became of the person's contactpersoon at DUO. A sent one keeps the time; a
    failure or a wait keeps the contactpersoon DUO linked before."""
    defaults: dict[str, Any] = {"status": status, "message": message[:300]}
    if status == ContactpersoonStatus.SENT:
        defaults["contactpersoon"] = contactpersoon
        defaults["last_sent_at"] = timezone.now()
    koppeling, _created = ContactpersoonKoppeling.objects.update_or_create(
        person_id=person_id, defaults=defaults
    )
    return koppeling
