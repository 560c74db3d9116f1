"""Spil's client for Haal Centraal "BRP Personen bevragen" (``POST /personen``), on httpx.

Every request is validated against the spec before it is sent, every response after it is
received. Retries with exponential back-off on network errors, 5xx and 429; other 4xx raise
:class:`BrpRefused` with the problem details. A BSN never appears in exception text or log
lines: it is masked as ``*****1234``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import Any, Final

import httpx

from spil.brp.contract import JSON_CONTENT_TYPE, FieldError, check_request, check_response
from spil.core.privacy import mask_bsn, mask_bsns_in_text

__all__ = [
    "DEFAULT_FIELDS",
    "BrpAddress",
    "BrpChild",
    "BrpClient",
    "BrpDate",
    "BrpError",
    "BrpInvalidRequest",
    "BrpInvalidResponse",
    "BrpNationality",
    "BrpPartner",
    "BrpPerson",
    "BrpRefused",
    "BrpRelative",
    "BrpUnavailable",
    "CodeValue",
    "mask_bsn",
    "mask_text",
]

logger = logging.getLogger("spil.brp.client")

RAADPLEEG: Final = "RaadpleegMetBurgerservicenummer"

#: What Spil asks for (doelbinding: only what civic integration needs).
DEFAULT_FIELDS: Final[tuple[str, ...]] = (
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geslacht",
    "geboorte",
    "nationaliteiten",
    "verblijfplaats.verblijfadres",
    "gemeenteVanInschrijving",
    "datumInschrijvingInGemeente",
    "immigratie.datumVestigingInNederland",
    "partners.burgerservicenummer",
    "partners.naam.voornamen",
    "partners.naam.voorvoegsel",
    "partners.naam.geslachtsnaam",
    "partners.geboorte.datum",
    "partners.soortVerbintenis",
    "kinderen.burgerservicenummer",
    "kinderen.naam.voornamen",
    "kinderen.naam.voorvoegsel",
    "kinderen.naam.geslachtsnaam",
    "kinderen.geboorte.datum",
)

_RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
_MAX_PER_REQUEST: Final = 20  # burgerservicenummer.maxItems


# --------------------------------------------------------------------------- masking

# A problem ``detail`` from the server may quote the BSN.
mask_text = mask_bsns_in_text


# --------------------------------------------------------------------------- errors


class BrpError(Exception):
    """Base class of the client's errors."""


class BrpInvalidRequest(BrpError, ValueError):  # noqa: N818 - reads as a fact
    """The request would violate the spec (e.g. a BSN that is not 9 digits); not sent."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("BRP request violates the spec: " + "; ".join(map(str, self.errors)))


class BrpInvalidResponse(BrpError):  # noqa: N818 - reads as a fact
    """The BRP answered something that violates the spec (or is not about the asked BSN)."""

    def __init__(self, status: int, errors: Sequence[FieldError | str]) -> None:
        self.status = status
        self.errors = tuple(errors)
        super().__init__(
            f"BRP response (HTTP {status}) violates the spec: " + "; ".join(map(str, errors))
        )


class BrpRefused(BrpError):  # noqa: N818 - agreed public name
    """The BRP answered 4xx. ``title``/``detail`` come from the problem details (masked)."""

    def __init__(
        self,
        status: int,
        title: str | None,
        detail: str | None,
        *,
        code: str | None = None,
        invalid_params: Sequence[str] = (),
        bsn: str | None = None,
    ) -> None:
        self.status = status
        self.title = mask_text(title) if title else None
        self.detail = mask_text(detail) if detail else None
        self.code = code
        self.invalid_params = tuple(invalid_params)
        self.masked_bsn = mask_bsn(bsn) if bsn else None
        who = f" for {self.masked_bsn}" if self.masked_bsn else ""
        text = " - ".join(p for p in (self.title, self.detail) if p) or "no problem details"
        super().__init__(f"BRP refused the request{who} (HTTP {status}): {text}")


class BrpUnavailable(BrpError):  # noqa: N818 - agreed public name
    """Network errors, 5xx or 429 persisted through every retry."""

    def __init__(
        self, attempts: int, status: int | None, reason: str, bsn: str | None = None
    ) -> None:
        self.attempts = attempts
        self.status = status
        self.reason = reason
        self.masked_bsn = mask_bsn(bsn) if bsn else None
        who = f" for {self.masked_bsn}" if self.masked_bsn else ""
        super().__init__(f"BRP unavailable{who} after {attempts} attempt(s): {reason}")


# --------------------------------------------------------------------------- result types


@dataclass(frozen=True, slots=True)
class CodeValue:
    """A BRP *waardetabel* value (``code`` + ``omschrijving``), e.g. a country or municipality."""

    code: str | None
    description: str | None

    @classmethod
    def from_api(cls, data: Any) -> CodeValue | None:
        if not isinstance(data, Mapping):
            return None
        code, text = data.get("code"), data.get("omschrijving")
        if code is None and text is None:
            return None
        return cls(str(code) if code is not None else None, str(text) if text is not None else None)


@dataclass(frozen=True, slots=True)
class BrpDate:
    """A BRP date, which may be incomplete: ``kind`` is ``Datum`` (``value`` set),
    ``JaarMaandDatum`` (year + month), ``JaarDatum`` (year) or ``DatumOnbekend``."""

    kind: str
    value: date | None = None
    year: int | None = None
    month: int | None = None
    text: str | None = None  # langFormaat, e.g. "14 maart 1988"

    @property
    def is_complete(self) -> bool:
        return self.value is not None

    @property
    def is_unknown(self) -> bool:
        return self.kind == "DatumOnbekend"

    @classmethod
    def from_api(cls, data: Any) -> BrpDate | None:
        if not isinstance(data, Mapping) or "type" not in data:
            return None
        kind = str(data["type"])
        text = data.get("langFormaat")
        text = str(text) if text is not None else None
        if kind == "Datum":
            value = date.fromisoformat(str(data["datum"]))
            return cls(kind, value, value.year, value.month, text)
        year = data.get("jaar")
        month = data.get("maand")
        return cls(
            kind,
            None,
            int(year) if isinstance(year, int) else None,
            int(month) if isinstance(month, int) else None,
            text,
        )

    def __str__(self) -> str:
        if self.value is not None:
            return self.value.isoformat()
        if self.year is not None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        if self.year is not None:
            return f"{self.year:04d}"
        return "onbekend"


@dataclass(frozen=True, slots=True)
class BrpAddress:
    """The verblijfplaats: ``kind`` ``Adres`` (Dutch address), ``Locatie`` (a described
    location, e.g. a houseboat), ``VerblijfplaatsBuitenland`` or ``VerblijfplaatsOnbekend``."""

    kind: str
    street: str | None = None
    house_number: int | None = None
    house_letter: str | None = None
    house_number_addition: str | None = None
    postcode: str | None = None
    city: str | None = None
    location_description: str | None = None
    foreign_lines: tuple[str, ...] = ()
    country: CodeValue | None = None

    @property
    def street_and_number(self) -> str | None:
        """``Stationsstraat 12B``, ``Lange Nieuwstraat 4-bis`` (None without a street)."""
        if not self.street:
            return None
        number = f"{self.house_number}" if self.house_number is not None else ""
        number += self.house_letter or ""
        if self.house_number_addition:
            number += f"-{self.house_number_addition}"
        return f"{self.street} {number}".strip()

    @classmethod
    def from_api(cls, data: Any) -> BrpAddress | None:
        if not isinstance(data, Mapping) or "type" not in data:
            return None
        adres = data.get("verblijfadres")
        adres = adres if isinstance(adres, Mapping) else {}
        lines = tuple(str(adres[k]) for k in ("regel1", "regel2", "regel3") if adres.get(k))
        return cls(
            kind=str(data["type"]),
            street=_str(adres.get("officieleStraatnaam")) or _str(adres.get("korteStraatnaam")),
            house_number=adres.get("huisnummer")
            if isinstance(adres.get("huisnummer"), int)
            else None,
            house_letter=_str(adres.get("huisletter")),
            house_number_addition=_str(adres.get("huisnummertoevoeging")),
            postcode=_str(adres.get("postcode")),
            city=_str(adres.get("woonplaats")),
            location_description=_str(adres.get("locatiebeschrijving")),
            foreign_lines=lines,
            country=CodeValue.from_api(adres.get("land")),
        )


@dataclass(frozen=True, slots=True)
class BrpNationality:
    """``kind``: ``Nationaliteit`` (``nationality`` set), ``Staatloos``,
    ``BehandeldAlsNederlander``, ``VastgesteldNietNederlander`` or ``NationaliteitOnbekend``."""

    kind: str
    nationality: CodeValue | None = None


@dataclass(frozen=True, slots=True)
class BrpRelative:
    """A partner, child or parent as the BRP API lists them with a person."""

    bsn: str | None = field(default=None, repr=False)
    given_names: str | None = None
    prefix: str | None = None
    family_name: str | None = None
    date_of_birth: BrpDate | None = None

    @property
    def masked_bsn(self) -> str | None:
        return mask_bsn(self.bsn) if self.bsn else None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.prefix, self.family_name) if p)


@dataclass(frozen=True, slots=True)
class BrpChild(BrpRelative):
    """A child of the person."""


@dataclass(frozen=True, slots=True)
class BrpPartner(BrpRelative):
    """The current (or last dissolved) spouse or registered partner."""

    kind_of_union: CodeValue | None = None  # soortVerbintenis: H huwelijk, P partnerschap


@dataclass(frozen=True, slots=True)
class BrpPerson:
    """The person as Spil uses it. Fields the response did not carry are None/empty.

    ``bsn`` is left out of ``repr`` (use :attr:`masked_bsn` in logs).
    """

    bsn: str | None = field(default=None, repr=False)
    given_names: str | None = None
    prefix: str | None = None
    family_name: str | None = None
    gender: CodeValue | None = None
    date_of_birth: BrpDate | None = None
    place_of_birth: CodeValue | None = None
    country_of_birth: CodeValue | None = None
    nationalities: tuple[BrpNationality, ...] = ()
    address: BrpAddress | None = None
    municipality_code: str | None = None
    municipality_name: str | None = None
    settled_in_netherlands_on: BrpDate | None = None
    #: datumInschrijvingInGemeente: since when the person lives in the gemeente (the
    #: vestiging in de gemeente that a PIP's dagtekening may not precede).
    registered_in_municipality_on: BrpDate | None = None
    partners: tuple[BrpPartner, ...] = ()
    children: tuple[BrpChild, ...] = ()
    confidential: bool = False  # geheimhoudingPersoonsgegevens

    @property
    def masked_bsn(self) -> str | None:
        return mask_bsn(self.bsn) if self.bsn else None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.prefix, self.family_name) if p)

    @property
    def nationality(self) -> CodeValue | None:
        """The first known nationality (None if stateless/unknown/not asked)."""
        for n in self.nationalities:
            if n.nationality is not None:
                return n.nationality
        return None

    @property
    def is_stateless(self) -> bool:
        return any(n.kind == "Staatloos" for n in self.nationalities)

    @property
    def street(self) -> str | None:
        return self.address.street if self.address else None

    @property
    def house_number(self) -> int | None:
        return self.address.house_number if self.address else None

    @property
    def street_and_number(self) -> str | None:
        return self.address.street_and_number if self.address else None

    @property
    def postcode(self) -> str | None:
        return self.address.postcode if self.address else None

    @property
    def city(self) -> str | None:
        return self.address.city if self.address else None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> BrpPerson:
        """Build from one (already validated) ``Persoon`` of a response."""
        naam = _map(data.get("naam"))
        geboorte = _map(data.get("geboorte"))
        gemeente = CodeValue.from_api(data.get("gemeenteVanInschrijving"))
        return cls(
            bsn=_str(data.get("burgerservicenummer")),
            given_names=_str(naam.get("voornamen")),
            prefix=_str(naam.get("voorvoegsel")),
            family_name=_str(naam.get("geslachtsnaam")),
            gender=CodeValue.from_api(data.get("geslacht")),
            date_of_birth=BrpDate.from_api(geboorte.get("datum")),
            place_of_birth=CodeValue.from_api(geboorte.get("plaats")),
            country_of_birth=CodeValue.from_api(geboorte.get("land")),
            nationalities=tuple(
                BrpNationality(str(n["type"]), CodeValue.from_api(n.get("nationaliteit")))
                for n in _list(data.get("nationaliteiten"))
                if "type" in n
            ),
            address=BrpAddress.from_api(data.get("verblijfplaats")),
            municipality_code=gemeente.code if gemeente else None,
            municipality_name=gemeente.description if gemeente else None,
            settled_in_netherlands_on=BrpDate.from_api(
                _map(data.get("immigratie")).get("datumVestigingInNederland")
            ),
            registered_in_municipality_on=BrpDate.from_api(data.get("datumInschrijvingInGemeente")),
            partners=tuple(
                BrpPartner(
                    **_relative(p), kind_of_union=CodeValue.from_api(p.get("soortVerbintenis"))
                )
                for p in _list(data.get("partners"))
            ),
            children=tuple(BrpChild(**_relative(k)) for k in _list(data.get("kinderen"))),
            confidential=data.get("geheimhoudingPersoonsgegevens") is True,
        )


def _str(value: Any) -> str | None:
    return str(value) if value is not None and value != "" else None


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _relative(data: Mapping[str, Any]) -> dict[str, Any]:
    naam = _map(data.get("naam"))
    return {
        "bsn": _str(data.get("burgerservicenummer")),
        "given_names": _str(naam.get("voornamen")),
        "prefix": _str(naam.get("voorvoegsel")),
        "family_name": _str(naam.get("geslachtsnaam")),
        "date_of_birth": BrpDate.from_api(_map(data.get("geboorte")).get("datum")),
    }


# --------------------------------------------------------------------------- client


class BrpClient:
    """Client for ``POST {base_url}/personen``.

    ``base_url`` is the API root, e.g. ``https://proefomgeving.haalcentraal.nl/haalcentraal/api/brp``
    (the sandbox: ``http://127.0.0.1:8766/haalcentraal/api/brp``). ``api_key`` is sent as
    ``X-API-KEY``. ``retries`` is the number of *extra* attempts after a network error, 5xx
    or 429 (a raadpleging has no side effects, so retrying is safe); the wait before retry
    *n* is ``backoff * 2**(n-1)`` seconds (or the server's ``Retry-After``), capped at
    ``max_backoff``. ``transport`` is passed to httpx (tests use ``httpx.WSGITransport``).
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        retries: int = 2,
        *,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        fields: Sequence[str] = DEFAULT_FIELDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if retries < 0:
            raise ValueError("retries must be >= 0")
        headers = {"Accept": "application/json", "Content-Type": JSON_CONTENT_TYPE}
        if api_key:
            headers["X-API-KEY"] = api_key
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            transport=transport,
            timeout=timeout,
            headers=headers,
        )
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.fields = tuple(fields)
        self._sleep = sleep

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> BrpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- public API ---------------------------------------------------------------------------

    def get_person(self, bsn: str) -> BrpPerson | None:
        """The person with this BSN, or None when the BRP does not know it."""
        body = self.raadpleeg([bsn], bsn_for_errors=bsn)
        personen = _list(body.get("personen"))
        if not personen:
            logger.info("BRP raadpleging %s: not found", mask_bsn(bsn))
            return None
        matching = [p for p in personen if p.get("burgerservicenummer") in (bsn, None)]
        if len(matching) != 1:
            raise BrpInvalidResponse(200, [f"expected one person for {mask_bsn(bsn)}"])
        logger.info("BRP raadpleging %s: found", mask_bsn(bsn))
        return BrpPerson.from_api(matching[0])

    def get_persons(self, bsns: Sequence[str]) -> list[BrpPerson]:
        """The known persons among ``bsns`` (several requests when there are more than 20)."""
        unique = list(dict.fromkeys(bsns))
        out: list[BrpPerson] = []
        for i in range(0, len(unique), _MAX_PER_REQUEST):
            body = self.raadpleeg(unique[i : i + _MAX_PER_REQUEST])
            out.extend(BrpPerson.from_api(p) for p in _list(body.get("personen")))
        return out

    def raadpleeg(
        self,
        bsns: Sequence[str],
        fields: Sequence[str] | None = None,
        *,
        gemeente_van_inschrijving: str | None = None,
        bsn_for_errors: str | None = None,
    ) -> dict[str, Any]:
        """``RaadpleegMetBurgerservicenummer``; returns the validated response body."""
        query: dict[str, Any] = {
            "type": RAADPLEEG,
            "burgerservicenummer": list(bsns),
            "fields": list(fields if fields is not None else self.fields),
        }
        if gemeente_van_inschrijving is not None:
            query["gemeenteVanInschrijving"] = gemeente_van_inschrijving
        return self._post(query, bsn_for_errors)

    # -- transport ----------------------------------------------------------------------------

    def _post(self, query: Mapping[str, Any], bsn: str | None) -> dict[str, Any]:
        raw = json.dumps(query, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        errors = check_request(raw, JSON_CONTENT_TYPE)
        if errors:
            raise BrpInvalidRequest(errors)
        response = self._send(raw, bsn)
        status = response.status_code
        content_type = response.headers.get("Content-Type")
        if status == 200:
            errors = check_response(status, response.content, content_type)
            if errors:
                raise BrpInvalidResponse(status, errors)
            body: dict[str, Any] = response.json()
            if body.get("type") != query["type"]:
                raise BrpInvalidResponse(status, ["body.type: does not answer the query type"])
            return body
        raise self._refused(response, bsn)

    def _send(self, raw: bytes, bsn: str | None) -> httpx.Response:
        attempts = self.retries + 1
        last_status: int | None = None
        reason = ""
        for attempt in range(1, attempts + 1):
            retry_after: float | None = None
            try:
                response = self._http.post("/personen", content=raw)
            except httpx.TransportError as exc:
                last_status, reason = None, type(exc).__name__
            else:
                if response.status_code not in _RETRY_STATUSES:
                    return response
                last_status, reason = response.status_code, f"HTTP {response.status_code}"
                retry_after = _retry_after(response.headers.get("Retry-After"))
            if attempt < attempts:
                wait = retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1)
                wait = min(max(wait, 0.0), self.max_backoff)
                logger.warning(
                    "BRP raadpleging %s: %s (attempt %d of %d), retrying in %.2fs",
                    mask_bsn(bsn) if bsn else "-",
                    reason,
                    attempt,
                    attempts,
                    wait,
                )
                self._sleep(wait)
        logger.error(
            "BRP raadpleging %s: unavailable after %d attempt(s): %s",
            mask_bsn(bsn) if bsn else "-",
            attempts,
            reason,
        )
        raise BrpUnavailable(attempts, last_status, reason, bsn)

    @staticmethod
    def _refused(response: httpx.Response, bsn: str | None) -> BrpRefused:
        status = response.status_code
        content_type = response.headers.get("Content-Type")
        try:
            problem: Any = response.json()
        except ValueError:
            problem = None
        if not isinstance(problem, Mapping):
            problem = {}
        errors = check_response(status, response.content, content_type)
        if errors:
            logger.warning(
                "BRP error response (HTTP %s) does not conform to the spec: %s",
                status,
                "; ".join(map(str, errors)),
            )
        params = [
            str(p["name"])
            for p in _list(problem.get("invalidParams"))
            if isinstance(p.get("name"), str)
        ]
        title, detail = problem.get("title"), problem.get("detail")
        code = problem.get("code")
        logger.warning(
            "BRP raadpleging %s refused: HTTP %s %s",
            mask_bsn(bsn) if bsn else "-",
            status,
            code if isinstance(code, str) else "",
        )
        return BrpRefused(
            status,
            title if isinstance(title, str) else None,
            detail if isinstance(detail, str) else None,
            code=code if isinstance(code, str) else None,
            invalid_params=params,
            bsn=bsn,
        )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return None
