"""The zaaksysteem link: recording ZGW calls (in the caller's transaction) and making them
(after the commit, outside any transaction), and what the Notificaties API tells Spil.

Flow: a trajectory opens or changes status, a PIP is established or a document lands in
the dossier → the listener records a :class:`ZgwCall` → after the commit the outbox is
drained (Celery; beat drains it every minute too) → each registration's calls go out in
order; a failed call blocks the later ones of the same zaak and is retried with back-off.
"""

from __future__ import annotations

import base64
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation

from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.dossier import services as dossier
from spil.dossier.events import DocumentAdded
from spil.dossier.models import Document, TimelineKind
from spil.plans import documents as plan_documents
from spil.plans.events import PipEstablished
from spil.plans.models import PipVersion, VersionStatus
from spil.trajectories.events import StatusChanged
from spil.trajectories.models import EndReason, Trajectory, TrajectoryStatus
from spil.zaken.client import ZgwClient, ZgwConfig, ZgwError, ZgwUnavailable
from spil.zaken.contract import ContractViolation
from spil.zaken.models import CallKind, CallState, ZaakRegistration, ZgwCall

logger = logging.getLogger(__name__)

#: The statustype (by its omschrijving in the zaaktype) that mirrors each trajectory status.
STATUSTYPE_FOR_STATUS: dict[str, str] = {
    TrajectoryStatus.NEW: "Aangemeld",
    TrajectoryStatus.INTAKE: "Brede intake",
    TrajectoryStatus.PIP_VASTGESTELD: "PIP vastgesteld",
    TrajectoryStatus.RUNNING: "In uitvoering",
    TrajectoryStatus.COMPLETED: "Afgerond",
    TrajectoryStatus.EXEMPT: "Afgerond",
    TrajectoryStatus.WITHDRAWN: "Afgerond",
    TrajectoryStatus.MOVED: "Afgerond",
}
ZAAK_OMSCHRIJVING = "Inburgering (Wet inburgering 2021)"
#: A claimed call whose worker died may be taken again after this long.
CLAIM_FOR = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)
#: The sandbox's transport in tests (httpx.WSGITransport); None: the network.
_transport: httpx.BaseTransport | None = None


def enabled() -> bool:
    return bool(settings.SPIL_ZGW_ENABLED)


def use_transport(transport: httpx.BaseTransport | None) -> None:
    """Talk to the ZGW APIs through `transport` (tests: the sandbox in-process)."""
    global _transport
    _transport = transport


def config() -> ZgwConfig:
    return ZgwConfig(
        zaken_url=settings.SPIL_ZGW_ZAKEN_URL,
        catalogi_url=settings.SPIL_ZGW_CATALOGI_URL,
        documenten_url=settings.SPIL_ZGW_DOCUMENTEN_URL,
        notificaties_url=settings.SPIL_ZGW_NOTIFICATIES_URL,
        client_id=settings.SPIL_ZGW_CLIENT_ID,
        secret=settings.SPIL_ZGW_SECRET,
        timeout=settings.SPIL_ZGW_TIMEOUT,
    )


def client() -> ZgwClient:
    return ZgwClient(config(), transport=_transport)


# --------------------------------------------------------------------------- recording


def _schedule_drain() -> None:
    from spil.zaken import tasks  # the task module imports this one

    try:
        tasks.drain_outbox_task.delay()
    except Exception:  # the broker is down: beat drains the outbox within a minute
        logger.warning("ZGW outbox drain not queued; beat picks it up", exc_info=True)


def _record(registration: ZaakRegistration, kind: str, key: str, payload: dict[str, Any]) -> None:
    _, created = ZgwCall.objects.get_or_create(
        key=key, defaults={"registration": registration, "kind": kind, "payload": payload}
    )
    if created:
        transaction.on_commit(_schedule_drain)


def register(trajectory: Trajectory) -> ZaakRegistration:
    """The trajectory's zaak registration; the first time, the zaak creation is recorded."""
    registration, created = ZaakRegistration.objects.get_or_create(
        trajectory=trajectory, defaults={"person_id": trajectory.person_id}
    )
    if created:
        _record(registration, CallKind.CREATE_ZAAK, f"zaak:{trajectory.pk}", {})
    return registration


def _latest_trajectory(person_id: int) -> Trajectory | None:
    return Trajectory.objects.filter(person_id=person_id).order_by("-created_at", "-pk").first()


def _record_status(registration: ZaakRegistration, status: str, end_reason: str = "") -> None:
    if status not in STATUSTYPE_FOR_STATUS:  # suspended: the zaak keeps its status
        return
    number = registration.calls.filter(kind=CallKind.SET_STATUS).count() + 1
    _record(
        registration,
        CallKind.SET_STATUS,
        f"status:{registration.pk}:{number}:{status}",
        {"status": status, "end_reason": end_reason, "at": timezone.now().isoformat()},
    )


def record_status_change(event: StatusChanged) -> None:
    """Listener (trajectories.events): the zaak follows the trajectory's status."""
    if not enabled():
        return
    trajectory = _latest_trajectory(event.person.pk)
    if trajectory is None:
        return
    _record_status(register(trajectory), event.status, event.end_reason or "")


def record_pip_established(event: PipEstablished) -> None:
    """Listener (plans.events): the PIP decision is stored with the zaak."""
    if not enabled():
        return
    version = event.version
    trajectory = version.pip.trajectory or _latest_trajectory(version.pip.person_id)
    if trajectory is None:
        return
    _record(
        register(trajectory),
        CallKind.ADD_DOCUMENT,
        f"pip:{version.pk}",
        {"source": "pip", "version": version.pk},
    )


def record_document_added(event: DocumentAdded) -> None:
    """Listener (dossier.events): a PDF in the dossier is stored with the zaak too."""
    document = event.document
    if not enabled() or document.content_type != "application/pdf":
        return
    trajectory = _latest_trajectory(document.person_id)
    if trajectory is None:
        return
    _record(
        register(trajectory),
        CallKind.ADD_DOCUMENT,
        f"document:{document.pk}",
        {"source": "dossier", "document": document.pk},
    )


@transaction.atomic
def register_open_trajectories() -> int:
    """Register every trajectory without a zaak yet (switching on, the demo); returns how many.

    Each gets its zaak with the trajectory's current status; its established PIP follows."""
    if not enabled():
        return 0
    count = 0
    missing = Trajectory.objects.filter(zaak_registration__isnull=True).order_by("pk")
    for trajectory in missing.iterator():
        registration = register(trajectory)
        _record_status(registration, trajectory.status, trajectory.end_reason)
        version = (
            PipVersion.objects.filter(pip__trajectory=trajectory, status=VersionStatus.VASTGESTELD)
            .order_by("-number")
            .first()
        )
        if version is not None:
            _record(
                registration,
                CallKind.ADD_DOCUMENT,
                f"pip:{version.pk}",
                {"source": "pip", "version": version.pk},
            )
        count += 1
    return count


# --------------------------------------------------------------------------- draining


@dataclass
class DrainResult:
    done: int = 0
    retrying: int = 0
    failed: int = 0


def _due_calls(now: datetime, limit: int) -> list[ZgwCall]:
    """The first pending call of each registration, if it is due and not claimed; a zaak
    with a refused call waits until the beheerder has it made again (order matters)."""
    held_back = ZgwCall.objects.filter(registration_id=OuterRef("registration_id")).filter(
        Q(state=CallState.FAILED) | Q(state=CallState.PENDING, pk__lt=OuterRef("pk"))
    )
    due = (
        ZgwCall.objects.filter(state=CallState.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .exclude(Exists(held_back))
        .order_by("pk")
    )
    return list(due[:limit])


def drain(limit: int = 200) -> DrainResult:
    """Make the due calls, oldest first per zaak; repeat while calls keep succeeding."""
    result = DrainResult()
    if not enabled():
        return result
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("The ZGW outbox is drained outside database transactions")
    statustypen: dict[str, str] = {}
    with client() as zgw:  # one connection pool for the whole drain
        while True:
            now = timezone.now()
            calls = _due_calls(now, limit)
            progressed = False
            for call in calls:
                claimed = ZgwCall.objects.filter(
                    Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
                    pk=call.pk,
                    state=CallState.PENDING,
                ).update(claimed_until=now + CLAIM_FOR)
                if not claimed:
                    continue
                outcome = _perform(zgw, call, statustypen)
                if outcome == CallState.DONE:
                    result.done += 1
                    progressed = True
                elif outcome == CallState.FAILED:
                    result.failed += 1
                else:
                    result.retrying += 1
            if not progressed:
                return result


def _perform(zgw: ZgwClient, call: ZgwCall, statustypen: dict[str, str]) -> str:
    # Claimed just now: read it again (another worker may have moved its progress), with
    # what the handlers read of its zaak.
    call.refresh_from_db(
        from_queryset=ZgwCall.objects.select_related(
            "registration__trajectory", "registration__person"
        )
    )
    try:
        HANDLERS[call.kind](zgw, call, statustypen)
    except ZgwUnavailable as exc:
        return _retry_later(call, str(exc))
    except ContractViolation as exc:
        if exc.direction == "response":
            return _retry_later(call, str(exc))
        return _fail(call, str(exc))
    except ZgwError as exc:
        return _fail(call, str(exc))
    except Exception as exc:
        logger.exception("ZGW call %s failed", call.pk)
        return _retry_later(call, f"{type(exc).__name__}")
    ZgwCall.objects.filter(pk=call.pk).update(
        state=CallState.DONE,
        done_at=timezone.now(),
        claimed_until=None,
        last_error="",
        attempts=call.attempts + 1,
        progress=call.progress,
    )
    return CallState.DONE


def _retry_later(call: ZgwCall, error: str) -> str:
    attempts = call.attempts + 1
    delay = min(FIRST_RETRY * (2 ** (attempts - 1)), MAX_RETRY)
    ZgwCall.objects.filter(pk=call.pk).update(
        attempts=attempts,
        next_attempt_at=timezone.now() + delay,
        claimed_until=None,
        last_error=error[:500],
        progress=call.progress,
    )
    return CallState.PENDING


def _fail(call: ZgwCall, error: str) -> str:
    ZgwCall.objects.filter(pk=call.pk).update(
        state=CallState.FAILED,
        attempts=call.attempts + 1,
        claimed_until=None,
        last_error=error[:500],
        progress=call.progress,
    )
    return CallState.FAILED


def retry_waiting_now() -> int:
    """Make every waiting call due now (the zaaksysteem is known to be back)."""
    return ZgwCall.objects.filter(state=CallState.PENDING).update(
        next_attempt_at=None, claimed_until=None
    )


def retry_now(call: ZgwCall) -> bool:
    """A beheerder's "retry now" (after fixing the configuration): the call goes again."""
    changed = ZgwCall.objects.filter(
        pk=call.pk, state__in=[CallState.FAILED, CallState.PENDING]
    ).update(state=CallState.PENDING, next_attempt_at=None, claimed_until=None)
    if changed:
        transaction.on_commit(_schedule_drain)
    return bool(changed)


# --------------------------------------------------------------------------- the calls


def _create_zaak(zgw: ZgwClient, call: ZgwCall, statustypen: dict[str, str]) -> None:
    registration = call.registration
    if registration.zaak_url:
        return
    trajectory = registration.trajectory
    start = trajectory.plicht_start or timezone.localdate(trajectory.created_at)
    zaak = zgw.create_zaak(
        {
            "zaaktype": settings.SPIL_ZGW_ZAAKTYPE_URL,
            "bronorganisatie": settings.SPIL_ZGW_RSIN,
            "verantwoordelijkeOrganisatie": settings.SPIL_ZGW_RSIN,
            "startdatum": start.isoformat(),
            "omschrijving": ZAAK_OMSCHRIJVING,
            "vertrouwelijkheidaanduiding": "vertrouwelijk",
            # Spil's own reference; the zaak carries no BSN or name (that is the Rol's job).
            "kenmerken": [{"kenmerk": f"trajectory-{trajectory.pk}", "bron": "Spil"}],
        }
    )
    ZaakRegistration.objects.filter(pk=registration.pk).update(
        zaak_url=zaak["url"],
        identificatie=str(zaak.get("identificatie", "")),
        synced_at=timezone.now(),
    )


def _statustype_urls(zgw: ZgwClient, cache: dict[str, str]) -> dict[str, str]:
    """omschrijving → statustype URL of the configured zaaktype (read once per drain)."""
    if not cache:
        for statustype in zgw.statustypen(settings.SPIL_ZGW_ZAAKTYPE_URL):
            cache[str(statustype["omschrijving"])] = str(statustype["url"])
    return cache


def _set_status(zgw: ZgwClient, call: ZgwCall, statustypen: dict[str, str]) -> None:
    registration = call.registration
    status = str(call.payload["status"])
    omschrijving = STATUSTYPE_FOR_STATUS[status]
    statustype = _statustype_urls(zgw, statustypen).get(omschrijving)
    if statustype is None:
        raise ZgwError(f"The zaaktype has no statustype '{omschrijving}'")
    with translation.override("nl"):  # the zaaksysteem is kept in Dutch
        toelichting = str(TrajectoryStatus(status).label)
        if call.payload.get("end_reason"):
            toelichting = str(EndReason(call.payload["end_reason"]).label)
    created = zgw.create_status(
        {
            "zaak": registration.zaak_url,
            "statustype": statustype,
            "datumStatusGezet": call.payload["at"],
            "statustoelichting": toelichting[:1000],
        }
    )
    ZaakRegistration.objects.filter(pk=registration.pk).update(
        zaak_status=omschrijving, zaak_status_url=created["url"], synced_at=timezone.now()
    )


def _document_content(call: ZgwCall) -> tuple[str, str, bytes, str] | None:
    """(title, file name, content, informatieobjecttype) of the call's document."""
    if call.payload["source"] == "pip":
        version = PipVersion.objects.select_related("pip__person").filter(
            pk=call.payload["version"]
        )
        found = version.first()
        if found is None:
            return None
        return (
            f"PIP-beschikking versie {found.number}",
            f"pip-v{found.number}.pdf",
            plan_documents.pip_pdf(found),
            settings.SPIL_ZGW_INFORMATIEOBJECTTYPE_PIP_URL,
        )
    document = Document.objects.filter(pk=call.payload["document"]).first()
    if document is None:
        return None
    return (
        document.title,
        document.filename,
        bytes(document.content),
        settings.SPIL_ZGW_INFORMATIEOBJECTTYPE_DOCUMENT_URL,
    )


def _add_document(zgw: ZgwClient, call: ZgwCall, statustypen: dict[str, str]) -> None:
    registration = call.registration
    if "document_url" not in call.progress:
        found = _document_content(call)
        if found is None:  # removed from Spil before it went out: nothing to store
            return
        title, filename, content, informatieobjecttype = found
        created = zgw.create_document(
            {
                "bronorganisatie": settings.SPIL_ZGW_RSIN,
                "creatiedatum": timezone.localdate().isoformat(),
                "titel": title[:200],
                "auteur": "Spil",
                "taal": "nld",
                "informatieobjecttype": informatieobjecttype,
                "vertrouwelijkheidaanduiding": "vertrouwelijk",
                "formaat": "application/pdf",
                "bestandsnaam": filename[:255],
                "inhoud": base64.b64encode(content).decode("ascii"),
                "indicatieGebruiksrecht": False,
            }
        )
        call.progress["document_url"] = created["url"]
        ZgwCall.objects.filter(pk=call.pk).update(progress=call.progress)
        record_processing(
            actor=None,
            person_ids=[registration.person_id],
            categories=[DataCategory.TRAJECTORY],
            action=ProcessingAction.EXPORT,
            purpose=Purpose.REGIE,
            action_name="Document stored in the zaaksysteem",
        )
    if "zaakinformatieobject_url" not in call.progress:
        link = zgw.create_zaakinformatieobject(
            {"zaak": registration.zaak_url, "informatieobject": call.progress["document_url"]}
        )
        call.progress["zaakinformatieobject_url"] = link["url"]
    ZaakRegistration.objects.filter(pk=registration.pk).update(synced_at=timezone.now())


def _fetch_zaak(zgw: ZgwClient, call: ZgwCall, statustypen: dict[str, str]) -> None:
    """A notification said the zaak changed: read it and keep what changed elsewhere."""
    registration = call.registration
    zaak = zgw.get_zaak(registration.zaak_url)
    status_url = zaak.get("status") or ""
    closed_on = zaak.get("einddatum")
    if not status_url or status_url == registration.zaak_status_url:
        return
    status = zgw.get_status(status_url)
    by_url = {url: name for name, url in _statustype_urls(zgw, statustypen).items()}
    omschrijving = by_url.get(str(status["statustype"]), "")
    with transaction.atomic():
        ZaakRegistration.objects.filter(pk=registration.pk).update(
            zaak_status=omschrijving,
            zaak_status_url=status_url,
            zaak_closed_on=closed_on,
            synced_at=timezone.now(),
        )
        dossier.add_timeline_entry(
            registration.person,
            TimelineKind.STATUS_CHANGE,
            code="zaak_status",
            params={
                "status": omschrijving,
                "identificatie": registration.identificatie,
                "toelichting": str(status.get("statustoelichting", ""))[:200],
            },
        )
        record_processing(
            actor=None,
            person_ids=[registration.person_id],
            categories=[DataCategory.TRAJECTORY],
            action=ProcessingAction.RECEIVE,
            purpose=Purpose.REGIE,
            action_name="Zaak status received from the zaaksysteem",
        )


HANDLERS: dict[str, Callable[[ZgwClient, ZgwCall, dict[str, str]], None]] = {
    CallKind.CREATE_ZAAK: _create_zaak,
    CallKind.SET_STATUS: _set_status,
    CallKind.ADD_DOCUMENT: _add_document,
    CallKind.FETCH_ZAAK: _fetch_zaak,
}


# --------------------------------------------------------------------------- notifications in


class NotificationRefused(Exception):  # noqa: N818 - an answer, not a bug
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def authorised(header: str) -> bool:
    expected = f"Bearer {settings.SPIL_ZGW_NOTIFICATION_TOKEN}"
    return bool(settings.SPIL_ZGW_NOTIFICATION_TOKEN) and hmac.compare_digest(
        header.encode(), expected.encode()
    )


def receive_notification(event: dict[str, Any]) -> bool:
    """Record a Notificaties event about one of Spil's zaken; True if it concerns one.

    Repeated deliveries of the same event (same ``id``) are recorded once."""
    data = event.get("data") or {}
    zaak_url = str(data.get("zaak") or data.get("hoofdObject") or event.get("subject") or "")
    if not zaak_url:
        return False
    registration = ZaakRegistration.objects.filter(zaak_url=zaak_url).first()
    if registration is None:
        return False
    with transaction.atomic():
        _record(
            registration,
            CallKind.FETCH_ZAAK,
            f"event:{event['source']}:{event['id']}"[:200],
            {"type": str(event.get("type", ""))},
        )
    return True


def subscribe() -> str:
    """Subscribe Spil's webhook to zaak events at the Notificaties API; returns its URL."""
    with client() as zgw:
        subscription = zgw.create_subscription(
            {
                "protocol": "HTTP",
                "sink": settings.SPIL_ZGW_CALLBACK_URL,
                "domain": "nl.vng.zaken",
                "types": ["nl.vng.zaken.status_gecreeerd", "nl.vng.zaken.zaak_gewijzigd"],
                "subscriberReference": "spil",
                "sinkCredential": {
                    "credentialType": "ACCESSTOKEN",
                    "accessToken": settings.SPIL_ZGW_NOTIFICATION_TOKEN,
                    "accessTokenExpiresUtc": "2099-12-31T23:59:59Z",
                    "accessTokenType": "bearer",
                },
            }
        )
    return str(subscription.get("url", ""))
