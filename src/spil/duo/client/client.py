"""The municipality's client for DUO's inburgering APIs, on httpx.

Every request is validated against DUO's YAML before it is sent and every response
(below 500) after it is received. Method names derive from the operationIds
(see :data:`OPERATION_METHODS`).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from types import TracebackType
from typing import Any, Final, cast

import httpx

from spil.duo.client.errors import DuoNotFound, DuoRefused, DuoUnavailable
from spil.duo.contract.specs import (
    BASE_PATH,
    DUO_SERVED_APIS,
    Operation,
    iter_operations,
    response_has_content,
)
from spil.duo.contract.types import (
    Contactpersoon,
    Contactpersoongegevens,
    DatumMap,
    DatumPvt,
    Doelgroep,
    Doelgroephistorie,
    Examennummer,
    Examenresultaat,
    GemeentePip,
    GevolgdeUrenGemeente,
    GratisPogingTegoed,
    Inburgeringsaanbod,
    Inburgeringsplicht,
    Inburgeringsplichthistorie,
    Inburgeringstermijn,
    Inburgeringstermijnhistorie,
    Instelling,
    LbtResultaat,
    Ontheffing,
    Pip,
    ResultaatMap,
    ResultaatPvt,
    ResultaatZroute,
    Verlengingsgrond,
    Vrijstelling,
)
from spil.duo.contract.validation import (
    ContractViolation,
    check_response,
    encode_body,
    validate_request,
)
from spil.duo.privacy import mask_bsn

__all__ = ["NON_IDEMPOTENT_OPERATIONS", "OPERATION_METHODS", "DuoClient"]

logger = logging.getLogger("spil.duo.client")

#: operationId -> DuoClient method name. Covers every operation a municipality calls.
OPERATION_METHODS: Final[dict[str, str]] = {
    # Inburgeringsplicht
    "getDoelgroepByBsn": "get_doelgroep",
    "getDoelgroephistorieByBsn": "get_doelgroep_historie",
    "getInburgeringsplichtByBsn": "get_inburgeringsplicht",
    "getInburgeringsplichthistorieByBsn": "get_inburgeringsplicht_historie",
    # Leerbaarheidstoets
    "getExamennummerByBsn": "get_examennummer",
    "deleteExamennummerByBsn": "delete_examennummer",
    "getLbtResultatenByBsn": "get_lbt_resultaten",
    # Inburgeringstermijn
    "getInburgeringstermijnByBsn": "get_inburgeringstermijn",
    "getInburgeringstermijnhistorieByBsn": "get_inburgeringstermijn_historie",
    "getVerlengingsgronden": "get_verlengingsgronden",
    # Vrijstelling, Ontheffing
    "getVrijstellingenByBsn": "get_vrijstellingen",
    "getOntheffingenByBsn": "get_ontheffingen",
    # PIP
    "getPipByBsn": "get_pip",
    "postPipByBsn": "post_pip",
    "deletePipByBsn": "delete_pip",
    # Contactpersoon
    "createContactpersoon": "create_contactpersoon",
    "updateContactpersoonById": "update_contactpersoon",
    "deleteContactpersoonById": "delete_contactpersoon",
    "postContactpersoonByBsn": "koppel_contactpersoon",
    "deleteContactpersoonByBsn": "ontkoppel_contactpersoon",
    # Inburgeringsaanbod
    "getInstellingen": "get_instellingen",
    "postInburgeringsaanbodByBsnAndInstellingsnummer": "post_inburgeringsaanbod",
    "deleteInburgeringsaanbodByBsnAndInstellingsnumer": "delete_inburgeringsaanbod",
    # MAP, PVT en Z-route
    "getMapByBsn": "get_map",
    "updateMapByBsn": "update_map",
    "getPvtByBsn": "get_pvt",
    "updatePvtByBsn": "update_pvt",
    "updateZrouteByBsn": "update_zroute",
    # Gevolgde uren
    "getGevolgdeUrenByBsn": "get_gevolgde_uren",
    "updateUrenTaallesEnKnmByBSN": "update_uren_taalles_knm",
    "updateUrenParticipatieactiviteiten": "update_uren_participatieactiviteiten",
    "updateUrenParticipatieAlsTaallesByBsn": "update_uren_participatie_als_taalles",
    # Examen
    "getGratisPogingenTegoedByBsn": "get_gratis_pogingen",
    "getExamenresultatenByBsn": "get_examenresultaten",
}

#: POSTs that create something new each time: retried only when the request cannot have
#: reached DUO (connection failures). The other POSTs overwrite (README: koppelen
#: contactpersoon, inburgeringsaanbod per instelling) and are retried like PUT.
NON_IDEMPOTENT_OPERATIONS: Final[frozenset[str]] = frozenset(
    {"postPipByBsn", "createContactpersoon"}
)

_RETRY_STATUSES: Final[frozenset[int]] = frozenset({500, 502, 503, 504})


def _operation_index() -> dict[str, Operation]:
    return {op.operation_id: op for api in DUO_SERVED_APIS for op in iter_operations(api)}


def _foutmeldingen(response: httpx.Response) -> list[str]:
    if not response.content:
        return []
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return []
    items = data if isinstance(data, list) else [data]
    return [
        str(item["fouttekst"])
        for item in items
        if isinstance(item, dict) and isinstance(item.get("fouttekst"), str)
    ]


class DuoClient:
    """Client for DUO's inburgering APIs.

    ``base_url``: DUO's root, with or without the ``/v1`` base path
    (``https://duo.example:1234`` and ``https://duo.example:1234/v1`` are equivalent).
    ``bron_oin``: the municipality's OIN; ``doel_oin``: DUO's OIN.
    ``retries``: extra attempts after the first for retryable failures; back-off is
    ``backoff * 2**n`` seconds (0.5, 1, 2, ... by default).
    ``transport``: an httpx transport, e.g. ``httpx.WSGITransport(app=sandbox_app)``.
    TLS/PKIo client certificates are configured on the transport or via ``client_kwargs``.
    """

    def __init__(
        self,
        base_url: str,
        bron_oin: str,
        doel_oin: str,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        retries: int = 2,
        *,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        client_kwargs: dict[str, Any] | None = None,
    ) -> None:
        root = base_url.rstrip("/")
        self.base_url = root if root.endswith(BASE_PATH) else root + BASE_PATH
        self.bron_oin = bron_oin
        self.doel_oin = doel_oin
        self.retries = max(0, retries)
        self.backoff = backoff
        self._sleep = sleep
        self._operations = _operation_index()
        self._http = httpx.Client(transport=transport, timeout=timeout, **(client_kwargs or {}))

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DuoClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ generic call

    def call(
        self,
        operation_id: str,
        body: Any = None,
        *,
        bericht_id: str | None = None,
        **path_params: object,
    ) -> Any:
        """Perform one operation; returns the decoded JSON body (None when empty).

        ``bericht_id``: the message's ``berichtId``; a caller that may send the same message
        again (after a timeout) passes the same id each time, so DUO can recognise the
        repeat. Default: a new id per call (the retries inside one call share it).

        Raises ``ContractViolation`` (request invalid, or DUO's response off-contract),
        :class:`DuoNotFound`/:class:`DuoRefused` (4xx the YAML declares),
        :class:`DuoUnavailable` (network error, 5xx, or an answer the YAML does not declare
        for the operation or without ``API-Version``: transient, to be tried again later).
        """
        op = self._operations[operation_id]
        rel_path = op.expand(**path_params)
        raw = encode_body(body)
        headers = {
            "bron": self.bron_oin,
            "doel": self.doel_oin,
            "berichtId": bericht_id or str(uuid.uuid4()),
            "Accept": "application/json",
        }
        if raw is not None:
            headers["Content-Type"] = "application/json"
        validate_request(op.api, op.method, rel_path, headers, None, raw)
        masked = mask_bsn(str(path_params["bsn"])) if "bsn" in path_params else "-"
        response = self._send_with_retries(op, rel_path, headers, raw, masked)

        status = response.status_code
        content = response.content or None
        _, errors = check_response(
            op.api, op.method, rel_path, status, list(response.headers.multi_items()), content
        )
        if errors:
            raise ContractViolation(op.api.value, "response", op.operation_id, errors)
        logger.info("DUO %s (%s) -> %s", op.operation_id, masked, status)
        if status == 404:
            raise DuoNotFound(op.operation_id, status, _foutmeldingen(response))
        if status >= 400:
            raise DuoRefused(op.operation_id, status, _foutmeldingen(response))
        return response.json() if content else None

    @staticmethod
    def _transient_reason(op: Operation, response: httpx.Response) -> str:
        """Why this answer is transient ("" when it is an answer the YAML declares):
        a 5xx, a status the operation does not declare (401, 429 behind a gateway...), or
        an answer without the ``API-Version`` header every DUO answer carries."""
        status = response.status_code
        if status >= 500:
            return f"HTTP {status}"
        if response_has_content(op, status) is None:
            return f"undeclared HTTP {status}"
        if not response.headers.get("API-Version"):
            return f"HTTP {status} without API-Version"
        return ""

    def _retryable(self, op: Operation, *, connect_failure: bool) -> bool:
        if connect_failure:
            return True  # the request never reached DUO
        return op.operation_id not in NON_IDEMPOTENT_OPERATIONS

    def _send_with_retries(
        self,
        op: Operation,
        rel_path: str,
        headers: dict[str, str],
        raw: bytes | None,
        masked: str,
    ) -> httpx.Response:
        attempts = 0
        while True:
            attempts += 1
            try:
                response = self._http.request(
                    op.method, self.base_url + rel_path, headers=headers, content=raw
                )
            except httpx.TransportError as exc:
                connect = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                reason = type(exc).__name__
                if attempts > self.retries or not self._retryable(op, connect_failure=connect):
                    raise DuoUnavailable(op.operation_id, attempts, None, reason) from None
                logger.warning("DUO %s (%s): %s, retrying", op.operation_id, masked, reason)
            else:
                reason = self._transient_reason(op, response)
                if not reason:
                    return response
                status = response.status_code
                retry_status = status in _RETRY_STATUSES or status < 500
                if (
                    not retry_status
                    or attempts > self.retries
                    or not self._retryable(op, connect_failure=False)
                ):
                    raise DuoUnavailable(op.operation_id, attempts, status, reason)
                logger.warning("DUO %s (%s): %s, retrying", op.operation_id, masked, reason)
            self._sleep(self.backoff * (2 ** (attempts - 1)))

    # ------------------------------------------------------------------ Inburgeringsplicht

    def get_doelgroep(self, bsn: str) -> Doelgroep:
        return cast(Doelgroep, self.call("getDoelgroepByBsn", bsn=bsn))

    def get_doelgroep_historie(self, bsn: str) -> list[Doelgroephistorie]:
        return cast(list[Doelgroephistorie], self.call("getDoelgroephistorieByBsn", bsn=bsn))

    def get_inburgeringsplicht(self, bsn: str) -> Inburgeringsplicht:
        return cast(Inburgeringsplicht, self.call("getInburgeringsplichtByBsn", bsn=bsn))

    def get_inburgeringsplicht_historie(self, bsn: str) -> list[Inburgeringsplichthistorie]:
        return cast(
            list[Inburgeringsplichthistorie],
            self.call("getInburgeringsplichthistorieByBsn", bsn=bsn),
        )

    # ------------------------------------------------------------------ Leerbaarheidstoets

    def get_examennummer(self, bsn: str) -> Examennummer:
        return cast(Examennummer, self.call("getExamennummerByBsn", bsn=bsn))

    def delete_examennummer(self, bsn: str) -> None:
        """LBT overgeslagen: the examennummer is withdrawn."""
        self.call("deleteExamennummerByBsn", bsn=bsn)

    def get_lbt_resultaten(self, bsn: str) -> list[LbtResultaat]:
        return cast(list[LbtResultaat], self.call("getLbtResultatenByBsn", bsn=bsn))

    # ------------------------------------------------------------------ Inburgeringstermijn

    def get_inburgeringstermijn(self, bsn: str) -> Inburgeringstermijn:
        """Raises :class:`DuoNotFound` when no termijn has been set yet."""
        return cast(Inburgeringstermijn, self.call("getInburgeringstermijnByBsn", bsn=bsn))

    def get_inburgeringstermijn_historie(self, bsn: str) -> list[Inburgeringstermijnhistorie]:
        return cast(
            list[Inburgeringstermijnhistorie],
            self.call("getInburgeringstermijnhistorieByBsn", bsn=bsn),
        )

    def get_verlengingsgronden(self) -> list[Verlengingsgrond]:
        return cast(list[Verlengingsgrond], self.call("getVerlengingsgronden"))

    # ------------------------------------------------------------------ Vrijstelling/Ontheffing

    def get_vrijstellingen(self, bsn: str) -> list[Vrijstelling]:
        return cast(list[Vrijstelling], self.call("getVrijstellingenByBsn", bsn=bsn))

    def get_ontheffingen(self, bsn: str) -> list[Ontheffing]:
        return cast(list[Ontheffing], self.call("getOntheffingenByBsn", bsn=bsn))

    # ------------------------------------------------------------------ PIP

    def get_pip(self, bsn: str) -> GemeentePip:
        """The actuele PIP (possibly of a previous gemeente) with its gemeentecode."""
        return cast(GemeentePip, self.call("getPipByBsn", bsn=bsn))

    def post_pip(self, bsn: str, pip: Pip, *, bericht_id: str | None = None) -> None:
        """Register a (new or changed) PIP. Refusals raise :class:`DuoRefused` (403).
        A resend of the same PIP version passes the same ``bericht_id``."""
        self.call("postPipByBsn", body=dict(pip), bericht_id=bericht_id, bsn=bsn)

    def delete_pip(self, bsn: str) -> None:
        self.call("deletePipByBsn", bsn=bsn)

    # ------------------------------------------------------------------ Contactpersoon

    def create_contactpersoon(self, gegevens: Contactpersoongegevens) -> Contactpersoon:
        return cast(Contactpersoon, self.call("createContactpersoon", body=dict(gegevens)))

    def update_contactpersoon(
        self, contactpersoon_id: int, gegevens: Contactpersoongegevens
    ) -> None:
        self.call("updateContactpersoonById", body=dict(gegevens), id=contactpersoon_id)

    def delete_contactpersoon(self, contactpersoon_id: int) -> None:
        self.call("deleteContactpersoonById", id=contactpersoon_id)

    def koppel_contactpersoon(self, contactpersoon_id: int, bsn: str) -> None:
        """Link a contactpersoon to an inburgeraar (replaces an existing link)."""
        self.call("postContactpersoonByBsn", id=contactpersoon_id, bsn=bsn)

    def ontkoppel_contactpersoon(self, contactpersoon_id: int, bsn: str) -> None:
        self.call("deleteContactpersoonByBsn", id=contactpersoon_id, bsn=bsn)

    # ------------------------------------------------------------------ Inburgeringsaanbod

    def get_instellingen(self) -> list[Instelling]:
        return cast(list[Instelling], self.call("getInstellingen"))

    def post_inburgeringsaanbod(
        self, bsn: str, instellingsnummer: str, aanbod: Inburgeringsaanbod
    ) -> None:
        self.call(
            "postInburgeringsaanbodByBsnAndInstellingsnummer",
            body=dict(aanbod),
            bsn=bsn,
            instellingsnummer=instellingsnummer,
        )

    def delete_inburgeringsaanbod(self, bsn: str, instellingsnummer: str) -> None:
        self.call(
            "deleteInburgeringsaanbodByBsnAndInstellingsnumer",
            bsn=bsn,
            instellingsnummer=instellingsnummer,
        )

    # ------------------------------------------------------------------ MAP, PVT, Z-route

    def get_map(self, bsn: str) -> DatumMap:
        return cast(DatumMap, self.call("getMapByBsn", bsn=bsn))

    def update_map(self, bsn: str, resultaat: ResultaatMap) -> None:
        """PUT replaces the whole resource: omit a field to withdraw it."""
        self.call("updateMapByBsn", body=dict(resultaat), bsn=bsn)

    def get_pvt(self, bsn: str) -> DatumPvt:
        return cast(DatumPvt, self.call("getPvtByBsn", bsn=bsn))

    def update_pvt(self, bsn: str, resultaat: ResultaatPvt) -> None:
        """PUT replaces the whole resource: omit a field to withdraw it."""
        self.call("updatePvtByBsn", body=dict(resultaat), bsn=bsn)

    def update_zroute(self, bsn: str, resultaat: ResultaatZroute) -> None:
        self.call("updateZrouteByBsn", body=dict(resultaat), bsn=bsn)

    # ------------------------------------------------------------------ Gevolgde uren

    def get_gevolgde_uren(self, bsn: str) -> list[GevolgdeUrenGemeente]:
        return cast(list[GevolgdeUrenGemeente], self.call("getGevolgdeUrenByBsn", bsn=bsn))

    def update_uren_taalles_knm(self, bsn: str, uren: int) -> None:
        """Total NT2 + KNM course hours during the brede intake."""
        self.call("updateUrenTaallesEnKnmByBSN", body={"uren": uren}, bsn=bsn)

    def update_uren_participatieactiviteiten(self, bsn: str, uren: int) -> None:
        """Total participation-activity hours for the Z-route (asielstatushouder)."""
        self.call("updateUrenParticipatieactiviteiten", body={"uren": uren}, bsn=bsn)

    def update_uren_participatie_als_taalles(self, bsn: str, uren: int) -> None:
        """Total language/KNM lesson hours at a cursusinstelling for the leerroute."""
        self.call("updateUrenParticipatieAlsTaallesByBsn", body={"uren": uren}, bsn=bsn)

    # ------------------------------------------------------------------ Examen

    def get_gratis_pogingen(self, bsn: str) -> list[GratisPogingTegoed]:
        return cast(list[GratisPogingTegoed], self.call("getGratisPogingenTegoedByBsn", bsn=bsn))

    def get_examenresultaten(self, bsn: str) -> list[Examenresultaat]:
        return cast(list[Examenresultaat], self.call("getExamenresultatenByBsn", bsn=bsn))
