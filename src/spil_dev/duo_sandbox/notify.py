"""DUO -> municipality: firing a notification at a municipality's Notificatie endpoint."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from spil.duo.contract.events import ALL_EVENTS
from spil.duo.contract.specs import DuoApi
from spil.duo.contract.types import Notificatie
from spil.duo.contract.validation import (
    FieldError,
    check_response,
    encode_body,
    validate_request,
)
from spil.duo.privacy import mask_bsn

__all__ = ["NotificationResult", "build_notification", "send_notification"]

logger = logging.getLogger("spil_dev.duo_sandbox.notify")

NOTIFICATIES_PATH = "/notificaties"


@dataclass(frozen=True)
class BuiltNotification:
    headers: dict[str, str]
    body: Notificatie
    raw: bytes


@dataclass(frozen=True)
class NotificationResult:
    bericht_id: str
    status_code: int
    #: Contract violations in the municipality's *response* (empty when it conforms).
    response_errors: list[FieldError] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.status_code == 201 and not self.response_errors


def build_notification(
    bron_oin: str,
    doel_oin: str,
    gebeurtenis_id: str,
    *,
    bsn: str | None = None,
    v_nummer: int | None = None,
    registratie_datum_tijd: datetime | None = None,
    bericht_id: str | None = None,
    allow_unknown_event: bool = False,
) -> BuiltNotification:
    """Build a Notificatie request and validate it against the Notificatie YAML.

    ``bron_oin`` is DUO (the sender), ``doel_oin`` the municipality.
    Raises ``ContractViolation`` if the result does not conform, ``ValueError`` for an
    event id DUO does not list (unless ``allow_unknown_event``).
    """
    if not allow_unknown_event and gebeurtenis_id not in ALL_EVENTS:
        raise ValueError(f"unknown gebeurtenisId {gebeurtenis_id!r}")
    moment = registratie_datum_tijd or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("registratieDatumTijd must be timezone-aware")
    body: Notificatie = {
        "registratieDatumTijd": moment.isoformat(timespec="seconds"),
        "gebeurtenisId": gebeurtenis_id,
    }
    if bsn is not None:
        body["bsn"] = bsn
    if v_nummer is not None:
        body["vNummer"] = v_nummer
    headers = {
        "bron": bron_oin,
        "doel": doel_oin,
        "berichtId": bericht_id or str(uuid.uuid4()),
        "Content-Type": "application/json",
    }
    raw = encode_body(dict(body))
    assert raw is not None
    validate_request(DuoApi.NOTIFICATIE, "POST", NOTIFICATIES_PATH, headers, None, raw)
    return BuiltNotification(headers, body, raw)


def send_notification(
    url: str,
    bron_oin: str,
    doel_oin: str,
    bsn: str | None,
    gebeurtenis_id: str,
    *,
    v_nummer: int | None = None,
    registratie_datum_tijd: datetime | None = None,
    transport: httpx.BaseTransport | None = None,
    timeout: float = 10.0,
) -> NotificationResult:
    """POST a spec-valid notification to ``url`` (the full ``.../notificaties`` URL).

    The request is validated before sending; the municipality's answer is checked against
    the YAML too and reported in :attr:`NotificationResult.response_errors`.
    Network errors propagate as ``httpx.HTTPError``.
    """
    built = build_notification(
        bron_oin,
        doel_oin,
        gebeurtenis_id,
        bsn=bsn,
        v_nummer=v_nummer,
        registratie_datum_tijd=registratie_datum_tijd,
    )
    with httpx.Client(transport=transport, timeout=timeout) as client:
        response = client.post(url, content=built.raw, headers=built.headers)
    _, errors = check_response(
        DuoApi.NOTIFICATIE,
        "POST",
        NOTIFICATIES_PATH,
        response.status_code,
        list(response.headers.multi_items()),
        response.content or None,
    )
    logger.info(
        "notification %s (%s) to %s -> %s",
        gebeurtenis_id,
        mask_bsn(bsn),
        urlsplit(url).netloc,
        response.status_code,
    )
    return NotificationResult(built.headers["berichtId"], response.status_code, errors)
