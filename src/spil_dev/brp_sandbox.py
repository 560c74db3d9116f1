"""A BRP Personen bevragen sandbox: a WSGI app serving ``POST /haalcentraal/api/brp/personen``
from a thread-safe in-memory store, validating every request and response against the spec.

Supported: ``RaadpleegMetBurgerservicenummer`` (with its optional ``gemeenteVanInschrijving``),
with ``fields`` honoured as the API's feature files describe (see :mod:`spil.brp.fields`).
The search types (``ZoekMet...``) are valid requests but not implemented: they are answered
with a 400 naming ``type``. Unknown BSNs are simply absent from ``personen`` (200).

Error bodies follow the real API (``title`` "Een of meerdere parameters zijn niet correct.",
``code`` ``paramsValidation``, one ``invalidParams`` entry per fault) but are made to conform
to the spec's own patterns, which the real API's documented texts do not: the spec forbids
``:`` in ``detail`` and ``[ ]`` in ``invalidParams.name``/``reason``, so the sandbox writes
``burgerservicenummer.0`` for the real API's ``burgerservicenummer[0]`` and leaves the pattern
out of the reason.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import re
import socketserver
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NotRequired, TypedDict
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.util import request_uri

from spil.brp.contract import (
    JSON_CONTENT_TYPE,
    PERSONEN_PATH,
    PROBLEM_CONTENT_TYPE,
    FieldError,
    check_request,
    check_response,
    check_schema,
    load_spec,
    normalise_content_type,
    query_types,
    validate_schema,
)
from spil.brp.fields import FieldSelection, parse_fields, select_fields

__all__ = [
    "API_KEY_HEADER",
    "DEMO_BSNS",
    "BrpSandboxApp",
    "KindSeed",
    "PartnerSeed",
    "SandboxStore",
    "ThreadingWSGIServer",
    "build_datum",
    "build_server",
    "make_app",
    "seed_demo",
    "serve",
]

logger = logging.getLogger("spil_dev.brp_sandbox")

#: The header the Haal Centraal environments read the API key from.
API_KEY_HEADER = "X-API-KEY"

RAADPLEEG = "RaadpleegMetBurgerservicenummer"

WSGIEnviron = dict[str, Any]
StartResponse = Callable[..., Any]

_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

_GESLACHT = {"M": "man", "V": "vrouw", "O": "onbekend"}
_SOORT_VERBINTENIS = {"H": "huwelijk", "P": "geregistreerd partnerschap"}


# --------------------------------------------------------------------------- documents


def build_datum(value: date | str) -> dict[str, Any]:
    """An ``AbstractDatum`` from a date or a (possibly incomplete) BRP date.

    Accepts ``date``, ``"YYYY-MM-DD"``, ``"YYYY-MM"``, ``"YYYY"``, the BRP's own
    ``"YYYYMMDD"`` with zeros for unknown parts (``"19800000"``) and ``"00000000"`` /
    ``"onbekend"`` for a fully unknown date.
    """
    if isinstance(value, date):
        y, m, d = value.year, value.month, value.day
    else:
        text = value.strip()
        if text in ("", "onbekend", "00000000"):
            return {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}
        if re.fullmatch(r"\d{8}", text):
            y, m, d = int(text[:4]), int(text[4:6]), int(text[6:])
        elif re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
            parts = [int(p) for p in text.split("-")] + [0, 0]
            y, m, d = parts[0], parts[1], parts[2]
        else:
            raise ValueError("not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or YYYYMMDD")
    if y == 0:
        return {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}
    if m == 0:
        return {"type": "JaarDatum", "jaar": y, "langFormaat": str(y)}
    if d == 0:
        return {
            "type": "JaarMaandDatum",
            "jaar": y,
            "maand": m,
            "langFormaat": f"{_MONTHS[m - 1]} {y}",
        }
    full = date(y, m, d)
    return {
        "type": "Datum",
        "datum": full.isoformat(),
        "langFormaat": f"{d} {_MONTHS[m - 1]} {y}",
    }


def _waarde(code: str | None, omschrijving: str | None) -> dict[str, str] | None:
    out = {k: v for k, v in (("code", code), ("omschrijving", omschrijving)) if v}
    return out or None


def _voorletters(voornamen: str | None) -> str | None:
    if not voornamen:
        return None
    return "".join(f"{n[0].upper()}." for n in voornamen.split())


def _naam(
    voornamen: str | None, voorvoegsel: str | None, geslachtsnaam: str | None
) -> dict[str, Any]:
    naam: dict[str, Any] = {}
    if voornamen:
        naam["voornamen"] = voornamen
        naam["voorletters"] = _voorletters(voornamen)
    if voorvoegsel:
        naam["voorvoegsel"] = voorvoegsel
    if geslachtsnaam:
        naam["geslachtsnaam"] = geslachtsnaam
    return naam


def _volledige_naam(voornamen: str | None, voorvoegsel: str | None, geslachtsnaam: str) -> str:
    return " ".join(p for p in (voornamen, voorvoegsel, geslachtsnaam) if p)


class KindSeed(TypedDict):
    """A child of a seeded person (also the base of :class:`PartnerSeed`)."""

    geslachtsnaam: str
    bsn: NotRequired[str]
    voornamen: NotRequired[str]
    voorvoegsel: NotRequired[str]
    geboortedatum: NotRequired[date | str]
    geslacht: NotRequired[str]  # M / V / O (only partners carry it in the BRP API)


class PartnerSeed(KindSeed):
    """A (current) partner: ``soort_verbintenis`` H (huwelijk) or P (geregistreerd
    partnerschap), with the date the marriage/partnership was entered into."""

    soort_verbintenis: NotRequired[str]
    datum_aangaan: NotRequired[date | str]


def _gerelateerde(seed: KindSeed) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if seed.get("bsn"):
        out["burgerservicenummer"] = seed["bsn"]
    naam = _naam(seed.get("voornamen"), seed.get("voorvoegsel"), seed["geslachtsnaam"])
    if naam:
        out["naam"] = naam
    if seed.get("geboortedatum") is not None:
        out["geboorte"] = {"datum": build_datum(seed["geboortedatum"])}
    return out


def _partner(seed: PartnerSeed) -> dict[str, Any]:
    out = _gerelateerde(seed)
    geslacht = seed.get("geslacht")
    if geslacht:
        out["geslacht"] = _waarde(geslacht, _GESLACHT.get(geslacht))
    soort = seed.get("soort_verbintenis", "H")
    out["soortVerbintenis"] = _waarde(soort, _SOORT_VERBINTENIS.get(soort))
    if seed.get("datum_aangaan") is not None:
        out["aangaanHuwelijkPartnerschap"] = {"datum": build_datum(seed["datum_aangaan"])}
    return out


def _postcode(value: str) -> str:
    return value.replace(" ", "").upper()


# --------------------------------------------------------------------------- store


class SandboxStore:
    """Thread-safe in-memory ``Persoon`` documents by BSN (full documents, before ``fields``).

    Every document is validated against the spec's ``Persoon`` schema when it is added, so
    seeding mistakes surface at once instead of as a 500 later.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._persons: dict[str, dict[str, Any]] = {}

    def add_document(self, persoon: Mapping[str, Any]) -> None:
        """Add (or replace) a complete ``Persoon`` document; it must carry its BSN."""
        doc = copy.deepcopy(dict(persoon))
        validate_schema("Persoon", doc)
        bsn = doc.get("burgerservicenummer")
        if not isinstance(bsn, str):
            raise ValueError("a sandbox person needs a burgerservicenummer")
        with self._lock:
            self._persons[bsn] = doc

    def add_person(
        self,
        *,
        bsn: str,
        geslachtsnaam: str,
        voornamen: str | None = None,
        voorvoegsel: str | None = None,
        geslacht: str | None = None,
        geboortedatum: date | str | None = None,
        geboorteplaats: str | None = None,
        geboorteland_code: str | None = None,
        geboorteland_omschrijving: str | None = None,
        nationaliteit_code: str | None = None,
        nationaliteit_omschrijving: str | None = None,
        staatloos: bool = False,
        straat: str | None = None,
        huisnummer: int | None = None,
        huisletter: str | None = None,
        huisnummertoevoeging: str | None = None,
        postcode: str | None = None,
        woonplaats: str | None = None,
        gemeente_code: str | None = None,
        gemeente_naam: str | None = None,
        datum_inschrijving_in_gemeente: date | str | None = None,
        datum_vestiging_in_nederland: date | str | None = None,
        land_vanwaar_ingeschreven_code: str | None = None,
        land_vanwaar_ingeschreven_omschrijving: str | None = None,
        partners: Sequence[PartnerSeed] = (),
        kinderen: Sequence[KindSeed] = (),
        geheimhouding: bool = False,
    ) -> dict[str, Any]:
        """Add a person from plain values; returns the stored ``Persoon`` document.

        ``geboortedatum`` and the other dates accept what :func:`build_datum` accepts
        (incomplete BRP dates included). An address is recorded when ``straat`` or
        ``postcode`` is given (a Dutch ``Adres`` verblijfplaats).
        """
        doc: dict[str, Any] = {"burgerservicenummer": bsn}
        naam = _naam(voornamen, voorvoegsel, geslachtsnaam)
        naam["volledigeNaam"] = _volledige_naam(voornamen, voorvoegsel, geslachtsnaam)
        doc["naam"] = naam
        if geslacht:
            doc["geslacht"] = _waarde(geslacht, _GESLACHT.get(geslacht))
        geboorte: dict[str, Any] = {}
        if geboortedatum is not None:
            geboorte["datum"] = build_datum(geboortedatum)
        if geboorteplaats:
            geboorte["plaats"] = {"omschrijving": geboorteplaats}
        land = _waarde(geboorteland_code, geboorteland_omschrijving)
        if land:
            geboorte["land"] = land
        if geboorte:
            doc["geboorte"] = geboorte
        nationaliteiten: list[dict[str, Any]] = []
        nat = _waarde(nationaliteit_code, nationaliteit_omschrijving)
        if nat:
            nationaliteiten.append({"type": "Nationaliteit", "nationaliteit": nat})
        if staatloos:
            nationaliteiten.append({"type": "Staatloos"})
        if nationaliteiten:
            doc["nationaliteiten"] = nationaliteiten
        gemeente = _waarde(gemeente_code, gemeente_naam)
        if gemeente:
            doc["gemeenteVanInschrijving"] = gemeente
        if datum_inschrijving_in_gemeente is not None:
            doc["datumInschrijvingInGemeente"] = build_datum(datum_inschrijving_in_gemeente)
        if straat or postcode:
            doc.update(
                self._adres(
                    straat, huisnummer, huisletter, huisnummertoevoeging, postcode, woonplaats
                )
            )
            if datum_inschrijving_in_gemeente is not None:
                doc["verblijfplaats"]["datumVan"] = build_datum(datum_inschrijving_in_gemeente)
        immigratie: dict[str, Any] = {}
        if datum_vestiging_in_nederland is not None:
            immigratie["datumVestigingInNederland"] = build_datum(datum_vestiging_in_nederland)
        herkomst = _waarde(land_vanwaar_ingeschreven_code, land_vanwaar_ingeschreven_omschrijving)
        if herkomst:
            immigratie["landVanwaarIngeschreven"] = herkomst
        if immigratie:
            doc["immigratie"] = immigratie
        if partners:
            doc["partners"] = [_partner(p) for p in partners]
        if kinderen:
            doc["kinderen"] = [_gerelateerde(k) for k in kinderen]
        if geheimhouding:
            doc["geheimhoudingPersoonsgegevens"] = True
        self.add_document(doc)
        return copy.deepcopy(doc)

    @staticmethod
    def _adres(
        straat: str | None,
        huisnummer: int | None,
        huisletter: str | None,
        toevoeging: str | None,
        postcode: str | None,
        woonplaats: str | None,
    ) -> dict[str, Any]:
        adres: dict[str, Any] = {}
        if straat:
            adres["officieleStraatnaam"] = straat
            adres["korteStraatnaam"] = straat[:24]
        if huisnummer is not None:
            adres["huisnummer"] = huisnummer
        if huisletter:
            adres["huisletter"] = huisletter
        if toevoeging:
            adres["huisnummertoevoeging"] = toevoeging
        if postcode:
            adres["postcode"] = _postcode(postcode)
        if woonplaats:
            adres["woonplaats"] = woonplaats
        nummer = "".join([str(huisnummer) if huisnummer is not None else "", huisletter or ""]) + (
            f"-{toevoeging}" if toevoeging else ""
        )
        regel1 = " ".join(p for p in ((straat or "")[:24], nummer) if p)
        pc = _postcode(postcode) if postcode else ""
        regel2 = "  ".join(
            p for p in (f"{pc[:4]} {pc[4:]}" if pc else "", (woonplaats or "").upper()) if p
        )
        adressering: dict[str, Any] = {}
        if regel1:
            adressering["adresregel1"] = regel1[:40]
        if regel2:
            adressering["adresregel2"] = regel2[:50]
        out: dict[str, Any] = {"verblijfplaats": {"type": "Adres", "verblijfadres": adres}}
        if adressering:
            out["adressering"] = adressering
        return out

    def get(self, bsn: str) -> dict[str, Any] | None:
        """A copy of the stored document, or None."""
        with self._lock:
            doc = self._persons.get(bsn)
            return copy.deepcopy(doc) if doc is not None else None

    def remove(self, bsn: str) -> bool:
        with self._lock:
            return self._persons.pop(bsn, None) is not None

    def clear(self) -> None:
        with self._lock:
            self._persons.clear()

    def bsns(self) -> list[str]:
        with self._lock:
            return sorted(self._persons)

    def __contains__(self, bsn: object) -> bool:
        with self._lock:
            return bsn in self._persons

    def __len__(self) -> int:
        with self._lock:
            return len(self._persons)


# --------------------------------------------------------------------------- problems

_TYPE_400 = "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1"
_STATUS_TYPES = {
    401: "https://datatracker.ietf.org/doc/html/rfc7235#section-3.1",
    404: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.4",
    405: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5",
    406: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6",
    413: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.11",
    415: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13",
    500: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.6.1",
}
_PARAMS_TITLE = "Een of meerdere parameters zijn niet correct."
_NAME_OK = re.compile(r"[^a-zA-Z0-9._]")
_REASON_OK = re.compile(r"[^a-zA-Z0-9., ]")
_MAX_BODY = 64 * 1024


def _param_name(path: Sequence[str | int]) -> str:
    """A name that fits ``InvalidParam.name`` (``^[a-zA-Z0-9\\._]{1,30}$``)."""
    name = _NAME_OK.sub("", ".".join(str(p) for p in path)) or "body"
    return name[:30]


def _reason(text: str) -> str:
    return (_REASON_OK.sub("", text).strip() or "Waarde is ongeldig.")[:80]


_TYPE_REASONS = {
    "array": ("array", "Parameter is geen array."),
    "string": ("string", "Waarde is geen string."),
    "integer": ("integer", "Waarde is geen geldig getal."),
    "boolean": ("boolean", "Waarde is geen boolean."),
    "object": ("object", "Waarde is geen object."),
}


def _invalid_param(error: FieldError) -> dict[str, str]:
    code, reason = error.keyword, "Waarde is ongeldig."
    limit = error.limit
    if error.keyword == "required":
        reason = "Parameter is verplicht."
    elif error.keyword == "pattern":
        reason = "Waarde voldoet niet aan het patroon."
    elif error.keyword == "minItems":
        reason = f"Array bevat minder dan {limit} items."
    elif error.keyword == "maxItems":
        reason = f"Array bevat meer dan {limit} items."
    elif error.keyword == "type" and isinstance(limit, str) and limit in _TYPE_REASONS:
        code, reason = _TYPE_REASONS[limit]
    elif error.keyword == "format" and limit == "date":
        code, reason = "date", "Waarde is geen geldige datum."
    elif error.keyword in ("minimum", "maximum"):
        word = "kleiner" if error.keyword == "minimum" else "groter"
        reason = f"Waarde is {word} dan {limit}."
    elif error.keyword in ("minLength", "maxLength"):
        word = "korter" if error.keyword == "minLength" else "langer"
        reason = f"Waarde is {word} dan {limit} tekens."
    elif error.keyword == "enum":
        code, reason = "value", "Waarde is geen toegestane waarde."
    elif error.keyword == "json":
        code, reason = "json", "Body bevat geen geldige JSON."
    return {
        "type": _TYPE_400,
        "name": _param_name(error.path),
        "code": _NAME_OK.sub("", code)[:25] or "invalid",
        "reason": _reason(reason),
    }


def _params_problem(instance: str, params: list[dict[str, str]]) -> dict[str, Any]:
    names = ", ".join(dict.fromkeys(p["name"] for p in params))
    detail = f"De foutieve parameter(s) zijn {names}."
    if len(detail) > 200:
        detail = detail[:196].rsplit(",", 1)[0] + " ..."
    return {
        "type": _TYPE_400,
        "title": _PARAMS_TITLE,
        "status": 400,
        "detail": detail,
        "instance": instance,
        "code": "paramsValidation",
        "invalidParams": params,
    }


def _problem(
    status: int, title: str, code: str, instance: str, detail: str | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": _STATUS_TYPES.get(status, _TYPE_400),
        "title": title,
        "status": status,
        "instance": instance,
        "code": code,
    }
    if detail:
        body["detail"] = detail
    return body


# --------------------------------------------------------------------------- WSGI app


def _allowed_parameters(query_type: str) -> frozenset[str]:
    """Top-level properties declared for a query type (the real API refuses others)."""
    schemas = load_spec()["components"]["schemas"]
    names: set[str] = set()

    def collect(node: Mapping[str, Any]) -> None:
        ref = node.get("$ref")
        if isinstance(ref, str):
            collect(schemas[ref.rsplit("/", 1)[-1]])
            return
        names.update(node.get("properties", {}))
        for item in node.get("allOf", []):
            collect(item)

    if query_type in schemas:
        collect(schemas[query_type])
    return frozenset(names)


def _persoon_schema(query_type: str) -> str:
    """The schema of the persons answering ``query_type`` (``Persoon`` for a raadpleging,
    ``PersoonBeperkt`` or ``GezagPersoonBeperkt`` for the searches), read from the spec."""
    schemas = load_spec()["components"]["schemas"]
    target = schemas["PersonenQueryResponse"]["discriminator"]["mapping"][query_type]
    for item in schemas[target.rsplit("/", 1)[-1]].get("allOf", []):
        personen = item.get("properties", {}).get("personen")
        if personen:
            return str(personen["items"]["$ref"]).rsplit("/", 1)[-1]
    return "Persoon"


class BrpSandboxApp:
    """The WSGI application. ``api_key``: when set, requests must carry it in ``X-API-KEY``
    (401 otherwise). ``today``: the clock for ``leeftijd``."""

    def __init__(
        self,
        store: SandboxStore | None = None,
        *,
        api_key: str | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.store = store if store is not None else SandboxStore()
        self.api_key = api_key
        self.today = today

    # -- WSGI -------------------------------------------------------------------------------

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = str(environ.get("PATH_INFO", ""))
        instance = request_uri(environ, include_query=False)
        try:
            status, body, headers = self._dispatch(environ, method, path, instance)
        except Exception:
            logger.exception("BRP sandbox: internal error on %s %s", method, path)
            status, body, headers = 500, self._server_error(instance), []
        content_type = JSON_CONTENT_TYPE if status == 200 else PROBLEM_CONTENT_TYPE
        if path == PERSONEN_PATH:
            errors = check_response(status, body, content_type)
        else:
            errors = check_schema("Foutbericht", body)
        if errors:
            logger.error(
                "BRP sandbox: response %s violates the spec: %s",
                status,
                "; ".join(map(str, errors)),
            )
            status, body, headers = 500, self._server_error(instance), []
            content_type = PROBLEM_CONTENT_TYPE
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        logger.info("BRP sandbox: %s %s -> %s", method, path, status)
        start_response(
            f"{status} {_REASONS.get(status, 'Error')}",
            [
                ("Content-Type", content_type),
                ("Content-Length", str(len(data))),
                *headers,
            ],
        )
        return [data]

    @staticmethod
    def _server_error(instance: str) -> dict[str, Any]:
        return _problem(500, "Interne server fout.", "serverError", instance)

    def _dispatch(
        self, environ: WSGIEnviron, method: str, path: str, instance: str
    ) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        if path != PERSONEN_PATH:
            return (
                404,
                _problem(404, "Opgevraagde resource bestaat niet.", "notFound", instance),
                [],
            )
        if method != "POST":
            body = _problem(
                405, "Gebruikte bevragingsmethode is niet toegestaan.", "methodNotAllowed", instance
            )
            return 405, body, [("Allow", "POST")]
        if self.api_key is not None and environ.get("HTTP_X_API_KEY") != self.api_key:
            body = _problem(401, "Niet correct geauthenticeerd.", "authentication", instance)
            return 401, body, []
        if not _accepts_json(str(environ.get("HTTP_ACCEPT", ""))):
            body = _problem(
                406, "Gevraagde contenttype wordt niet ondersteund.", "notAcceptable", instance
            )
            return 406, body, []
        content_type = normalise_content_type(str(environ.get("CONTENT_TYPE", "")))
        if content_type != JSON_CONTENT_TYPE:
            body = _problem(415, "Media Type wordt niet ondersteund.", "unsupported", instance)
            return 415, body, []
        raw = _read_body(environ)
        if raw is None:
            body = _problem(413, "Verzoek is te groot.", "tooLarge", instance)
            return 413, body, []
        return self._personen(raw, instance)

    # -- POST /personen ---------------------------------------------------------------------

    def _personen(
        self, raw: bytes, instance: str
    ) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        # Report every fault at once, as the real API does: spec violations, parameters the
        # query type does not declare, and field paths that do not exist or are not allowed.
        params = [_invalid_param(e) for e in check_request(raw, JSON_CONTENT_TYPE)]
        try:
            parsed: Any = json.loads(raw)
        except ValueError:
            parsed = None
        query: dict[str, Any] = parsed if isinstance(parsed, dict) else {}
        query_type = str(query.get("type", ""))
        if query_type in query_types():
            allowed = _allowed_parameters(query_type)
            params.extend(
                {
                    "type": _TYPE_400,
                    "name": _param_name([k]),
                    "code": "unknownParam",
                    "reason": "Parameter is niet verwacht.",
                }
                for k in query
                if k not in allowed
            )
        fields = query.get("fields")
        selection: FieldSelection = {}
        if isinstance(fields, list):
            flagged = {p["name"] for p in params}
            checkable = [
                (i, f)
                for i, f in enumerate(fields)
                if isinstance(f, str) and _param_name(["fields", i]) not in flagged
            ]
            schema = _persoon_schema(query_type) if query_type in query_types() else "Persoon"
            selection, problems = parse_fields([f for _, f in checkable], schema)
            params.extend(
                {
                    "type": _TYPE_400,
                    "name": _param_name(["fields", checkable[j][0]]),
                    "code": "fields",
                    "reason": problem.value,
                }
                for j, problem in problems
            )
        if params:
            return 400, _params_problem(instance, params), []
        if query_type != RAADPLEEG:
            param = {
                "type": _TYPE_400,
                "name": "type",
                "code": "notSupported",
                "reason": "Dit zoektype wordt niet ondersteund door de sandbox.",
            }
            return 400, _params_problem(instance, [param]), []
        gemeente = query.get("gemeenteVanInschrijving")
        personen: list[dict[str, Any]] = []
        for bsn in dict.fromkeys(query["burgerservicenummer"]):
            doc = self.store.get(bsn)
            if doc is None:
                continue
            if gemeente and doc.get("gemeenteVanInschrijving", {}).get("code") != gemeente:
                continue
            self._derive(doc)
            personen.append(select_fields(doc, selection))
        return 200, {"type": RAADPLEEG, "personen": personen}, []

    def _derive(self, doc: dict[str, Any]) -> None:
        """Fields the API derives at request time (``leeftijd``)."""
        datum = doc.get("geboorte", {}).get("datum", {})
        if datum.get("type") == "Datum" and "overlijden" not in doc:
            born = date.fromisoformat(datum["datum"])
            today = self.today()
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            if 0 <= age <= 150:
                doc["leeftijd"] = age


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
}


def _accepts_json(accept: str) -> bool:
    if not accept.strip():
        return True
    for item in accept.split(","):
        mime = item.split(";")[0].strip().lower()
        if mime in ("*/*", "application/*", "application/json", PROBLEM_CONTENT_TYPE):
            return True
    return False


def _read_body(environ: WSGIEnviron) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > _MAX_BODY:
        return None
    stream = environ.get("wsgi.input")
    if stream is None or length <= 0:
        return b""
    data = stream.read(length)
    return data if isinstance(data, bytes) else b""


def make_app(
    store: SandboxStore | None = None,
    *,
    api_key: str | None = None,
    today: Callable[[], date] = date.today,
) -> BrpSandboxApp:
    """A sandbox app (with a fresh store unless one is given)."""
    return BrpSandboxApp(store, api_key=api_key, today=today)


# --------------------------------------------------------------------------- demo server

#: Demo persons' BSNs (test range 999xxxxxx, passing the elfproef).
DEMO_BSNS = ("999990019", "999990020", "999990032")


def seed_demo(store: SandboxStore) -> None:
    """A small household and a single person, for demos (idempotent)."""
    store.add_person(
        bsn="999990019",
        voornamen="Yusuf Ahmad",
        geslachtsnaam="Haddad",
        geslacht="M",
        geboortedatum="1988-03-14",
        geboorteplaats="Aleppo",
        geboorteland_code="5016",
        geboorteland_omschrijving="Syrië",
        nationaliteit_code="0095",
        nationaliteit_omschrijving="Syrische",
        straat="Stationsstraat",
        huisnummer=12,
        huisletter="B",
        postcode="3511 AB",
        woonplaats="Utrecht",
        gemeente_code="0344",
        gemeente_naam="Utrecht",
        datum_inschrijving_in_gemeente="2024-02-01",
        datum_vestiging_in_nederland="2023-11-20",
        partners=[
            {
                "bsn": "999990032",
                "voornamen": "Amina",
                "geslachtsnaam": "Haddad",
                "geboortedatum": "1990-07-02",
                "geslacht": "V",
                "soort_verbintenis": "H",
                "datum_aangaan": "2012-05-20",
            }
        ],
        kinderen=[
            {"voornamen": "Lina", "geslachtsnaam": "Haddad", "geboortedatum": "2015-09-10"},
            {"voornamen": "Omar", "geslachtsnaam": "Haddad", "geboortedatum": "2019-01-00"},
        ],
    )
    store.add_person(
        bsn="999990032",
        voornamen="Amina",
        geslachtsnaam="Haddad",
        geslacht="V",
        geboortedatum="1990-07-02",
        geboorteland_code="5016",
        geboorteland_omschrijving="Syrië",
        nationaliteit_code="0095",
        nationaliteit_omschrijving="Syrische",
        straat="Stationsstraat",
        huisnummer=12,
        huisletter="B",
        postcode="3511AB",
        woonplaats="Utrecht",
        gemeente_code="0344",
        gemeente_naam="Utrecht",
        partners=[
            {
                "bsn": "999990019",
                "voornamen": "Yusuf Ahmad",
                "geslachtsnaam": "Haddad",
                "geboortedatum": "1988-03-14",
                "geslacht": "M",
                "soort_verbintenis": "H",
                "datum_aangaan": "2012-05-20",
            }
        ],
    )
    store.add_person(
        bsn="999990020",
        voornamen="Tigist",
        voorvoegsel="de",
        geslachtsnaam="Vries",
        geslacht="V",
        geboortedatum="19950000",
        geboorteland_code="6019",
        geboorteland_omschrijving="Eritrea",
        staatloos=True,
        straat="Lange Nieuwstraat",
        huisnummer=4,
        huisnummertoevoeging="bis",
        postcode="3512PH",
        woonplaats="Utrecht",
        gemeente_code="0344",
        gemeente_naam="Utrecht",
    )


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per request."""

    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return  # the app logs (BSN-free) lines itself


def build_server(
    host: str = "127.0.0.1",
    port: int = 0,
    app: BrpSandboxApp | None = None,
    *,
    demo: bool = False,
) -> tuple[ThreadingWSGIServer, BrpSandboxApp]:
    """A threaded WSGI server for ``app`` (not yet serving); ``port=0`` picks a free port."""
    app = app if app is not None else make_app()
    if demo:
        seed_demo(app.store)
    server = make_server(
        host, port, app, server_class=ThreadingWSGIServer, handler_class=_QuietHandler
    )
    return server, app


def serve(
    host: str = "127.0.0.1",
    port: int = 8766,
    *,
    app: BrpSandboxApp | None = None,
    demo: bool = True,
) -> None:
    """Serve the sandbox until interrupted.

    Base URL for :class:`spil.brp.client.BrpClient`: ``http://{host}:{port}/haalcentraal/api/brp``.
    """
    server, _ = build_server(host, port, app, demo=demo)
    logger.warning("BRP sandbox on http://%s:%s%s", host, server.server_port, PERSONEN_PATH)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        pass
    finally:
        server.server_close()


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m spil_dev.brp_sandbox [--host H] [--port P] [--api-key K] [--empty]``."""
    parser = argparse.ArgumentParser(description="BRP Personen bevragen sandbox (Spil)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--api-key", default=None, help="require this X-API-KEY")
    parser.add_argument("--empty", action="store_true", help="do not seed the demo persons")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    serve(args.host, args.port, app=make_app(api_key=args.api_key), demo=not args.empty)


if __name__ == "__main__":  # pragma: no cover - manual use
    main()
