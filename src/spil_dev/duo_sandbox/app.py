"""The DUO sandbox: a plain WSGI application serving every DUO API a municipality calls.

* Paths, methods, headers and bodies are exactly those of DUO's YAMLs, under ``/v1``.
* Every request is validated with the contract layer; an invalid one gets ``400`` with the
  (empty) body the spec declares for 400, plus a sandbox-only diagnostic header
  ``X-Duo-Sandbox-Errors`` (real DUO does not send it: do not depend on it).
* Business-rule refusals use the status the spec declares for them (403, with a list of
  ``Foutmelding`` where the spec has that body).
* Every response is validated too; with ``strict=True`` (default) a non-conforming answer
  raises :class:`SandboxContractError` out of the WSGI call, so a sandbox bug fails tests.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NoReturn, cast
from wsgiref.types import StartResponse, WSGIEnvironment

import httpx

from spil.duo.contract.specs import (
    BASE_PATH,
    DUO_SERVED_APIS,
    Operation,
    api_version,
    iter_operations,
    response_has_content,
    strip_base_path,
)
from spil.duo.contract.types import (
    Contactpersoongegevens,
    Doelgroep,
    Doelgroephistorie,
    GemeentePip,
    GevolgdeUrenGemeente,
    Inburgeringsaanbod,
    Inburgeringsplicht,
    Inburgeringsplichthistorie,
    Inburgeringstermijn,
    Inburgeringstermijnhistorie,
    Pip,
)
from spil.duo.contract.validation import (
    ContractViolation,
    FieldError,
    check_request,
    check_response,
    encode_body,
)
from spil.duo.privacy import mask_bsn
from spil_dev.duo_sandbox import rules
from spil_dev.duo_sandbox.notify import NotificationResult, send_notification
from spil_dev.duo_sandbox.rules import Fout, Weigering
from spil_dev.duo_sandbox.store import (
    SANDBOX_DUO_OIN,
    AanbodRecord,
    Contactpersoon,
    Person,
    PipRecord,
    ResultaatRecord,
    SandboxStore,
    State,
    Termijn,
    UnknownPerson,
    UrenRecord,
)

__all__ = ["SandboxApp", "SandboxContractError", "make_app"]

logger = logging.getLogger("spil_dev.duo_sandbox")

DIAGNOSTIC_HEADER = "X-Duo-Sandbox-Errors"

_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class SandboxContractError(ContractViolation):
    """The sandbox produced a response its own YAML does not allow (a sandbox bug)."""


@dataclass
class _Refused(Exception):  # noqa: N818 - control flow, never leaves this module
    status: int
    fouten: list[str] = field(default_factory=list)


@dataclass
class Reply:
    status: int
    body: Any = None


@dataclass
class Ctx:
    op: Operation
    params: dict[str, str]
    bron: str
    doel: str
    body: Any
    today: date


Handler = Callable[["SandboxApp", Ctx, State], Reply]


def _refuse(status: int, weigeringen: Iterable[Weigering] = ()) -> NoReturn:
    raise _Refused(status, [w.tekst for w in weigeringen])


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


class SandboxApp:
    """WSGI callable. ``clock`` supplies "today" (business rules such as "not in the future")."""

    def __init__(
        self,
        store: SandboxStore | None = None,
        *,
        duo_oin: str = SANDBOX_DUO_OIN,
        clock: Callable[[], date] = date.today,
        strict: bool = True,
    ) -> None:
        self.store = store if store is not None else SandboxStore()
        self.duo_oin = duo_oin
        self.clock = clock
        self.strict = strict
        self._operations = [op for api in DUO_SERVED_APIS for op in iter_operations(api)]

    # ------------------------------------------------------------------ WSGI plumbing

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = str(environ.get("PATH_INFO", "") or "/")
        if not path.startswith(BASE_PATH + "/"):
            return self._plain(start_response, 404)
        rel = strip_base_path(path)
        matches = [(op, op.match(rel)) for op in self._operations]
        on_path = [(op, params) for op, params in matches if params is not None]
        if not on_path:
            return self._plain(start_response, 404)
        chosen = [(op, p) for op, p in on_path if op.method == method]
        if not chosen:
            allow = ", ".join(sorted({op.method for op, _ in on_path}))
            return self._plain(start_response, 405, [("Allow", allow)])
        op, params = min(chosen, key=lambda c: len(c[1] or {}))
        assert params is not None

        fault = self.store.take_fault(op.operation_id)
        if fault is not None:
            logger.info("sandbox: injected %s for %s", fault, op.operation_id)
            return self._send(start_response, op, fault, None, validate=False)

        headers = _request_headers(environ)
        raw = _read_body(environ)
        query = _parse_query(str(environ.get("QUERY_STRING", "")))
        _, errors = check_request(op.api, method, rel, headers, query, raw)
        if errors:
            logger.info(
                "sandbox: 400 for %s (%s): %s",
                op.operation_id,
                mask_bsn(params.get("bsn")),
                "; ".join(str(e) for e in errors),
            )
            return self._send(start_response, op, 400, None, extra=_diagnostic(errors))

        ctx = Ctx(
            op=op,
            params=params,
            bron=_header(headers, "bron"),
            doel=_header(headers, "doel"),
            body=json.loads(raw) if raw else None,
            today=self.clock(),
        )
        bericht_id = _header(headers, "berichtId")
        try:
            with self.store.transaction(save=method != "GET") as state:
                self._authorise(ctx, state)
                replayed = state.berichten.get(bericht_id) if method != "GET" else None
                if replayed is not None and replayed[0] == op.operation_id:
                    # The same message again (a resend after a timeout): same answer, no change.
                    reply = Reply(int(replayed[1]), replayed[2])
                else:
                    reply = _HANDLERS[op.operation_id](self, ctx, state)
                    if method != "GET" and bericht_id and reply.status < 300:
                        if len(state.berichten) >= _MAX_REMEMBERED_BERICHTEN:
                            state.berichten.pop(next(iter(state.berichten)))
                        state.berichten[bericht_id] = [op.operation_id, reply.status, reply.body]
        except _Refused as refused:
            body: Any = None
            if refused.fouten and response_has_content(op, refused.status):
                body = [{"fouttekst": f} for f in refused.fouten]
            reply = Reply(refused.status, body)
        logger.info(
            "sandbox: %s %s (%s) -> %s",
            method,
            op.operation_id,
            mask_bsn(params.get("bsn")),
            reply.status,
        )
        return self._send(start_response, op, reply.status, reply.body)

    def _plain(
        self,
        start_response: StartResponse,
        status: int,
        extra: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        start_response(f"{status} {_REASONS.get(status, '')}", extra or [])
        return []

    def _send(
        self,
        start_response: StartResponse,
        op: Operation,
        status: int,
        body: Any,
        *,
        validate: bool = True,
        extra: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        raw = encode_body(body)
        headers = [("API-Version", api_version(op.api))]
        if raw is not None:
            headers.append(("Content-Type", "application/json"))
            headers.append(("Content-Length", str(len(raw))))
        headers.extend(extra or [])
        if validate:
            _, errors = check_response(op.api, op.method, op.path_template, status, headers, raw)
            if errors:
                violation = SandboxContractError(op.api.value, "response", op.operation_id, errors)
                logger.error("sandbox: %s", violation)
                if self.strict:
                    raise violation
        start_response(f"{status} {_REASONS.get(status, '')}", headers)
        return [raw] if raw else []

    # ------------------------------------------------------------------ shared checks

    def _authorise(self, ctx: Ctx, state: State) -> None:
        """doel must be DUO, bron a known gemeente (only where the spec declares a 403)."""
        if 403 not in ctx.op.statuses:
            return
        # headers were validated: present and 20 characters
        if ctx.doel != self.duo_oin:
            _refuse(403, [Weigering.of(Fout.DOEL_ONJUIST)])
        if ctx.bron not in state.gemeenten:
            _refuse(403, [Weigering.of(Fout.BRON_ONBEKEND)])

    def person(self, ctx: Ctx, state: State) -> Person:
        """The person of the ``{bsn}`` path parameter; 404 unknown, 403 not relevant."""
        person = state.persons.get(ctx.params["bsn"])
        if person is None:
            _refuse(404)
        if not rules.is_relevant(person, ctx.bron, ctx.today):
            _refuse(403, [Weigering.of(Fout.NIET_RELEVANT)])
        return person

    def gemeentecode(self, state: State, oin: str) -> str:
        return state.gemeenten[oin].gemeentecode

    # ------------------------------------------------------------------ notifications

    def notify(
        self, bsn: str, gebeurtenis_id: str, *, transport: httpx.BaseTransport | None = None
    ) -> NotificationResult:
        """Fire ``gebeurtenis_id`` for a person at the Notificatie endpoint of the gemeente
        the person falls under (``Gemeente.notificatie_url``)."""
        with self.store.reading() as state:
            person = state.persons.get(bsn)
            if person is None:
                raise UnknownPerson(bsn)
            gemeente = state.gemeenten[person.gemeente_oin]
            v_nummer = person.v_nummer
        if not gemeente.notificatie_url:
            raise ValueError(f"gemeente {gemeente.gemeentecode} has no notificatie_url")
        return send_notification(
            gemeente.notificatie_url,
            self.duo_oin,
            gemeente.oin,
            bsn,
            gebeurtenis_id,
            v_nummer=v_nummer,
            transport=transport,
        )


def _diagnostic(errors: list[FieldError]) -> list[tuple[str, str]]:
    text = "; ".join(str(e) for e in errors)
    return [(DIAGNOSTIC_HEADER, text.encode("ascii", "backslashreplace").decode("ascii")[:2000])]


_MAX_REMEMBERED_BERICHTEN = 10_000


def _request_headers(environ: WSGIEnvironment) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            out.append((key[5:].replace("_", "-").lower(), str(value)))
    if environ.get("CONTENT_TYPE"):
        out.append(("content-type", str(environ["CONTENT_TYPE"])))
    return out


def _header(headers: list[tuple[str, str]], name: str) -> str:
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return ""


def _read_body(environ: WSGIEnvironment) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        return None
    data = environ["wsgi.input"].read(length)
    return cast(bytes, data) or None


def _parse_query(qs: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs

    return parse_qs(qs, keep_blank_values=True)


# =========================================================================== handlers

_HANDLERS: dict[str, Handler] = {}


def handles(operation_id: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _HANDLERS[operation_id] = fn
        return fn

    return register


# ---- Inburgeringsplicht API ---------------------------------------------------------

_INDELING = {"asiel": "Asielstatushouder", "gezin": "Gezinsmigrant en overige migrant"}


@handles("getDoelgroepByBsn")
def _get_doelgroep(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    body = _compact(
        {
            "indeling": _INDELING[p.doelgroep],
            "gedetailleerdeDoelgroep": p.gedetailleerde_doelgroep,
            "begindatum": _iso(p.doelgroep_begindatum),
            "asielrechtenWijzigingVerblijfsdoel": p.asielrechten_wijziging,
        }
    )
    return Reply(200, cast(Doelgroep, body))


@handles("getDoelgroephistorieByBsn")
def _get_doelgroephistorie(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    items: list[Doelgroephistorie] = [
        cast(
            Doelgroephistorie,
            _compact(
                {
                    "indeling": _INDELING[h.doelgroep],
                    "begindatum": _iso(h.begindatum),
                    "einddatum": _iso(h.einddatum),
                }
            ),
        )
        for h in p.doelgroep_historie
    ]
    items.append(
        cast(
            Doelgroephistorie,
            _compact(
                {"indeling": _INDELING[p.doelgroep], "begindatum": _iso(p.doelgroep_begindatum)}
            ),
        )
    )
    return Reply(200, items)


@handles("getInburgeringsplichtByBsn")
def _get_plicht(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    body = _compact(
        {
            "indicatorInburgeringsplicht": p.plicht_indicator,
            "begindatum": _iso(p.plicht_begindatum),
            "einddatum": _iso(p.plicht_einddatum),
            "datumKennisgevingInburgeringsplicht": _iso(p.datum_kennisgeving),
            "redenGeenInburgeringsplicht": p.reden_geen_plicht,
            "wijzigingsdatum": _iso(p.plicht_wijzigingsdatum),
        }
    )
    return Reply(200, cast(Inburgeringsplicht, body))


@handles("getInburgeringsplichthistorieByBsn")
def _get_plichthistorie(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    periods = [*p.plicht_historie]
    items: list[Inburgeringsplichthistorie] = [
        cast(
            Inburgeringsplichthistorie,
            _compact(
                {
                    "indicatorInburgeringsplicht": h.indicator,
                    "begindatum": _iso(h.begindatum),
                    "einddatum": _iso(h.einddatum),
                    "wijzigingsdatum": _iso(h.wijzigingsdatum),
                }
            ),
        )
        for h in periods
    ]
    items.append(
        cast(
            Inburgeringsplichthistorie,
            _compact(
                {
                    "indicatorInburgeringsplicht": p.plicht_indicator,
                    "begindatum": _iso(p.plicht_begindatum),
                    "einddatum": _iso(p.plicht_einddatum),
                    "wijzigingsdatum": _iso(p.plicht_wijzigingsdatum),
                }
            ),
        )
    )
    return Reply(200, items)


# ---- Leerbaarheidstoets API -----------------------------------------------------------


@handles("getExamennummerByBsn")
def _get_examennummer(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    if p.examennummer is None:
        _refuse(404)
    return Reply(200, {"examennummer": p.examennummer})


@handles("deleteExamennummerByBsn")
def _delete_examennummer(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    if p.examennummer is None:
        _refuse(404)
    p.examennummer = None
    return Reply(200)


@handles("getLbtResultatenByBsn")
def _get_lbt(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return Reply(200, list(app.person(ctx, state).lbt_resultaten))


# ---- Inburgeringstermijn API ----------------------------------------------------------


def _termijn_body(t: Termijn) -> Inburgeringstermijn:
    return cast(
        Inburgeringstermijn,
        _compact(
            {
                "startdatum": t.startdatum.isoformat(),
                "einddatum": t.einddatum.isoformat(),
                "verlengingsgrondcode": t.verlengingsgrondcode,
                "verlengingsgrondomschrijving": t.verlengingsgrondomschrijving,
                "wijzigingsdatum": _iso(t.wijzigingsdatum),
            }
        ),
    )


@handles("getInburgeringstermijnByBsn")
def _get_termijn(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    if p.termijn is None:
        _refuse(404)
    return Reply(200, _termijn_body(p.termijn))


@handles("getInburgeringstermijnhistorieByBsn")
def _get_termijnhistorie(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    termijnen = [*p.termijn_historie, *([p.termijn] if p.termijn else [])]
    items: list[Inburgeringstermijnhistorie] = []
    for t in termijnen:
        full = dict(_termijn_body(t))
        full.pop("startdatum", None)
        items.append(cast(Inburgeringstermijnhistorie, full))
    return Reply(200, items)


@handles("getVerlengingsgronden")
def _get_verlengingsgronden(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return Reply(200, list(state.verlengingsgronden))


# ---- Vrijstelling / Ontheffing / Examen ----------------------------------------------


@handles("getVrijstellingenByBsn")
def _get_vrijstellingen(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return Reply(200, list(app.person(ctx, state).vrijstellingen))


@handles("getOntheffingenByBsn")
def _get_ontheffingen(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return Reply(200, list(app.person(ctx, state).ontheffingen))


@handles("getExamenresultatenByBsn")
def _get_examenresultaten(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return Reply(200, list(app.person(ctx, state).examenresultaten))


@handles("getGratisPogingenTegoedByBsn")
def _get_gratis_pogingen(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return Reply(200, list(app.person(ctx, state).gratis_pogingen))


# ---- PIP API ------------------------------------------------------------------------


@handles("getPipByBsn")
def _get_pip(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    actueel = p.actuele_pip
    if actueel is None:
        _refuse(404)
    body: GemeentePip = {
        "gemeentecode": app.gemeentecode(state, actueel.gemeente_oin),
        "pip": actueel.pip,
    }
    return Reply(200, body)


@handles("postPipByBsn")
def _post_pip(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    pip = cast(Pip, dict(ctx.body))
    weigeringen = rules.check_pip(p, ctx.bron, pip)
    if weigeringen:
        _refuse(403, weigeringen)
    niveau = rules.effective_niveau(pip)
    if niveau is not None:
        pip["niveau"] = cast(Any, niveau)
    p.pips.append(PipRecord(ctx.bron, pip, ctx.today))
    return Reply(201)


@handles("deletePipByBsn")
def _delete_pip(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    if p.actuele_pip is None:
        _refuse(404)
    weigeringen = rules.check_pip_delete(p, ctx.bron)
    if weigeringen:
        _refuse(403, weigeringen)
    p.pips.pop()
    return Reply(200)


# ---- Contactpersoon API ---------------------------------------------------------------


def _own_contactpersoon(ctx: Ctx, state: State) -> Contactpersoon:
    c = state.contactpersonen.get(int(ctx.params["id"]))
    if c is None or c.gemeente_oin != ctx.bron:
        _refuse(404)
    return c


@handles("createContactpersoon")
def _create_contactpersoon(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    gegevens = cast(Contactpersoongegevens, ctx.body)
    new_id = state.next_contactpersoon_id
    if new_id > 99999:
        raise _Refused(403, ["Het maximale aantal contactpersonen is bereikt."])
    state.next_contactpersoon_id += 1
    state.contactpersonen[new_id] = Contactpersoon(
        new_id, ctx.bron, gegevens["naam"], gegevens["email"], gegevens["telefoonnummer"]
    )
    return Reply(201, {"id": new_id, "contactpersoongegevens": dict(gegevens)})


@handles("updateContactpersoonById")
def _update_contactpersoon(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    c = _own_contactpersoon(ctx, state)
    gegevens = cast(Contactpersoongegevens, ctx.body)
    c.naam, c.email, c.telefoonnummer = (
        gegevens["naam"],
        gegevens["email"],
        gegevens["telefoonnummer"],
    )
    return Reply(200)


@handles("deleteContactpersoonById")
def _delete_contactpersoon(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    c = _own_contactpersoon(ctx, state)
    del state.contactpersonen[c.id]
    for person in state.persons.values():  # README: remaining koppelingen are removed
        if person.contactpersoon_id == c.id:
            person.contactpersoon_id = None
    return Reply(200)


@handles("postContactpersoonByBsn")
def _koppel_contactpersoon(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    c = _own_contactpersoon(ctx, state)
    p = app.person(ctx, state)
    p.contactpersoon_id = c.id  # README: overwrites an existing koppeling
    return Reply(201)


@handles("deleteContactpersoonByBsn")
def _ontkoppel_contactpersoon(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    c = _own_contactpersoon(ctx, state)
    p = app.person(ctx, state)
    if p.contactpersoon_id != c.id:
        _refuse(404)
    p.contactpersoon_id = None
    return Reply(200)


# ---- Inburgeringsaanbod API -------------------------------------------------------------


@handles("getInstellingen")
def _get_instellingen(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return Reply(200, list(state.instellingen.values())[:200])


@handles("postInburgeringsaanbodByBsnAndInstellingsnummer")
def _post_aanbod(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    nummer = ctx.params["instellingsnummer"]
    aanbod = cast(Inburgeringsaanbod, dict(ctx.body))
    weigeringen = rules.check_aanbod(p, state.instellingen.get(nummer), aanbod)
    if weigeringen:
        _refuse(403, weigeringen)
    p.aanbiedingen[nummer] = AanbodRecord(ctx.bron, aanbod, ctx.today)  # overwrites
    return Reply(201)


@handles("deleteInburgeringsaanbodByBsnAndInstellingsnumer")
def _delete_aanbod(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    nummer = ctx.params["instellingsnummer"]
    record = p.aanbiedingen.get(nummer)
    if record is None:
        _refuse(404)
    weigeringen = rules.check_aanbod_delete(record.gemeente_oin, ctx.bron)
    if weigeringen:
        _refuse(403, weigeringen)
    del p.aanbiedingen[nummer]
    return Reply(204)


# ---- MAP, PVT en Z-route API ----------------------------------------------------------


def _put_map_pvt(onderdeel: rules.Onderdeel, app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    key = "datumEindgesprekMap" if onderdeel == "MAP" else "datumOndertekeningPvt"
    body = ctx.body or {}
    datum = date.fromisoformat(body[key]) if body.get(key) else None
    verwijtbaar = body.get("verwijtbaar")
    weigeringen = rules.check_map_pvt(onderdeel, p, ctx.bron, datum, verwijtbaar, ctx.today)
    if weigeringen:
        _refuse(403, weigeringen)
    record = ResultaatRecord(ctx.bron, datum, verwijtbaar, ctx.today)  # PUT replaces all
    if onderdeel == "MAP":
        p.map = record
    else:
        p.pvt = record
    return Reply(200)


@handles("updateMapByBsn")
def _put_map(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return _put_map_pvt("MAP", app, ctx, state)


@handles("updatePvtByBsn")
def _put_pvt(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    return _put_map_pvt("PVT", app, ctx, state)


@handles("getMapByBsn")
def _get_map(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    if p.map is None or p.map.datum is None:
        _refuse(404)
    return Reply(200, {"datumEindgesprekMap": p.map.datum.isoformat()})


@handles("getPvtByBsn")
def _get_pvt(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    if p.pvt is None or p.pvt.datum is None:
        _refuse(404)
    return Reply(200, {"datumOndertekeningPvt": p.pvt.datum.isoformat()})


@handles("updateZrouteByBsn")
def _put_zroute(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    weigeringen = rules.check_zroute(p)
    if weigeringen:
        _refuse(403, weigeringen)
    raw = (ctx.body or {}).get("datumAfrondingZroute")
    p.zroute_afgerond = date.fromisoformat(raw) if raw else None
    p.zroute_gemeente_oin = ctx.bron
    return Reply(200)


# ---- Gevolgde Uren API ----------------------------------------------------------------


def _uren_record(p: Person, ctx: Ctx) -> UrenRecord:
    record = p.uren.setdefault(ctx.bron, UrenRecord())
    record.bekend_tot = ctx.today
    return record


@handles("getGevolgdeUrenByBsn")
def _get_uren(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    p = app.person(ctx, state)
    items: list[GevolgdeUrenGemeente] = []
    for oin, r in p.uren.items():
        item: dict[str, Any] = {"gemeentecode": app.gemeentecode(state, oin)}
        if r.bekend_tot is not None:
            item["bekendTot"] = r.bekend_tot.isoformat()
        if r.participatie_als_taalles is not None:
            item["ParticipatieAlsTaalles"] = {"uren": r.participatie_als_taalles}
        if r.participatieactiviteiten_brede_intake is not None:
            item["ParticipatieactiviteitenBredeIntake"] = {
                "uren": r.participatieactiviteiten_brede_intake
            }
        if r.taalles_en_knm_brede_intake is not None:
            item["TaallesEnKnmBredeIntake"] = {"uren": r.taalles_en_knm_brede_intake}
        items.append(cast(GevolgdeUrenGemeente, item))
    return Reply(200, items[:99])


@handles("updateUrenTaallesEnKnmByBSN")
def _put_uren_taalles_knm(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    _uren_record(app.person(ctx, state), ctx).taalles_en_knm_brede_intake = int(ctx.body["uren"])
    return Reply(200)


@handles("updateUrenParticipatieactiviteiten")
def _put_uren_participatieactiviteiten(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    record = _uren_record(app.person(ctx, state), ctx)
    record.participatieactiviteiten_brede_intake = int(ctx.body["uren"])
    return Reply(200)


@handles("updateUrenParticipatieAlsTaallesByBsn")
def _put_uren_participatie_als_taalles(app: SandboxApp, ctx: Ctx, state: State) -> Reply:
    _uren_record(app.person(ctx, state), ctx).participatie_als_taalles = int(ctx.body["uren"])
    return Reply(200)


def make_app(
    store: SandboxStore | None = None,
    *,
    duo_oin: str = SANDBOX_DUO_OIN,
    clock: Callable[[], date] = date.today,
    strict: bool = True,
) -> SandboxApp:
    """Build the sandbox WSGI app (checks that every declared operation has a handler)."""
    app = SandboxApp(store, duo_oin=duo_oin, clock=clock, strict=strict)
    missing = {op.operation_id for op in app._operations} - set(_HANDLERS)
    if missing:  # pragma: no cover - guarded by the conformance tests
        raise RuntimeError(f"sandbox has no handler for {sorted(missing)}")
    return app
