"""Demo and test support around DUO's sandbox (the Django side of it).

* :func:`apply_event` changes what the sandbox "knows" so that DUO's look-ups after an
  event tell the story of that event (an exam passed, a term extended ...).
* :class:`AdminApp` wraps the sandbox WSGI app with two demo-only endpoints, so a separate
  process (``spil duo send-event``) can seed a person and apply an event:
  ``POST /_spil/persons`` and ``POST /_spil/events`` (JSON). Everything else is DUO's API.
* :func:`start_sandbox` serves it in a background thread (``spil demo``).
* :func:`fire_event` posts a spec-valid notification at Spil's Notificatie API, over HTTP or
  in-process through Spil's WSGI application.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server
from wsgiref.types import StartResponse, WSGIEnvironment

import httpx

from spil.duo.contract import DuoApi, check_response
from spil.duo.contract.types import RedenGeenInburgeringsplicht
from spil.duo.privacy import mask_bsn
from spil_dev.duo_sandbox import SandboxApp, SandboxStore, make_app
from spil_dev.duo_sandbox.notify import NOTIFICATIES_PATH, build_notification
from spil_dev.duo_sandbox.rules import add_months
from spil_dev.duo_sandbox.server import ThreadingWSGIServer

logger = logging.getLogger("spil_dev.duo_sandbox.sandbox_tools")

ADMIN_PREFIX = "/_spil/"

#: The store of the sandbox running in this process (``spil demo``), if any.
running_store: SandboxStore | None = None


def ensure_gemeente(store: SandboxStore, oin: str, code: str, naam: str, url: str | None) -> None:
    if store.gemeente(oin) is None or store.gemeente(oin).notificatie_url != url:  # type: ignore[union-attr]
        store.add_gemeente(oin, code, naam, url)


def ensure_person(
    store: SandboxStore,
    bsn: str,
    gemeente_oin: str,
    *,
    plicht_begindatum: date,
    doelgroep: str = "asiel",
    v_nummer: int | None = None,
) -> bool:
    """Register the person at the sandbox (True when new); a known person is moved to
    ``gemeente_oin`` when needed."""
    if store.has_person(bsn):
        if store.person(bsn).gemeente_oin != gemeente_oin:
            store.move(bsn, gemeente_oin, plicht_begindatum)
        return False
    store.add_person(
        bsn,
        gemeente_oin=gemeente_oin,
        plicht_begindatum=plicht_begindatum,
        vestigingsdatum=plicht_begindatum,
        doelgroep=doelgroep,  # type: ignore[arg-type]
        v_nummer=v_nummer,
        datum_kennisgeving=plicht_begindatum,
    )
    return True


def _ensure_pip(store: SandboxStore, bsn: str, gemeente_oin: str, dagtekening: date) -> None:
    if store.person(bsn).actuele_pip is None:
        store.seed_pip(
            bsn,
            gemeente_oin,
            {"dagtekeningPip": dagtekening.isoformat(), "leerroute": "B", "niveau": "B1"},
            dagtekening,
        )


def _ensure_termijn(store: SandboxStore, bsn: str, start: date) -> None:
    if store.person(bsn).termijn is None:
        store.set_termijn(bsn, start, add_months(start, 36))


def aanbod_missing(store: SandboxStore, bsn: str) -> bool:
    """DUO's SS127 ("nog geen inburgeringsaanbod ontvangen") applies only to an
    asielstatushouder for whom no gemeente registered an inburgeringsaanbod yet."""
    with store.reading() as state:
        person = state.persons.get(bsn)
        return person is not None and person.doelgroep == "asiel" and not person.aanbiedingen


def apply_event(store: SandboxStore, bsn: str, event: str, gemeente_oin: str, on: date) -> None:
    """Make the sandbox's data match ``event`` for ``bsn`` on day ``on`` (DUO's side)."""
    iso = on.isoformat()
    p = store.person(bsn)
    start = p.plicht_begindatum or on
    if event in ("SS120", "SS121") and p.gemeente_oin != gemeente_oin:
        store.move(bsn, gemeente_oin, on)
    if event == "SS121":
        _ensure_pip(store, bsn, p.gemeente_oin, start + timedelta(days=60))
        _ensure_termijn(store, bsn, start + timedelta(days=61))
    elif event in ("SS102", "SS130"):
        dagtekening = max(start, on - timedelta(days=1))
        _ensure_pip(store, bsn, gemeente_oin, dagtekening)
        _ensure_termijn(store, bsn, dagtekening + timedelta(days=1))
        if event == "SS130":
            store.set_inburgeringsplicht(bsn, indicator=True, begindatum=start, wijzigingsdatum=on)
    elif event in ("SS103", "SS104"):
        _ensure_termijn(store, bsn, start)
        t = store.person(bsn).termijn
        assert t is not None
        code = "1" if event == "SS103" else "2"
        store.set_termijn(
            bsn,
            t.startdatum,
            add_months(t.einddatum, 6),
            verlengingsgrondcode=code,
            verlengingsgrondomschrijving=next(
                g["omschrijving"] for g in _gronden(store) if g["code"] == code
            ),
            wijzigingsdatum=on,
        )
    elif event == "SS106":
        for part in ("LE", "LU", "SC", "SP", "KNM"):
            store.add_examenresultaat(
                bsn,
                {"examendatum": iso, "resultaat": "Geslaagd", "onderdeel": part, "niveau": "B1"},
            )
        _end_plicht(store, bsn, start, on, "Inburgeringsplicht voldaan")
    elif event == "SS107":
        store.add_vrijstelling(
            bsn,
            {"GeheleVrijstelling": {"oordeel": "Toekenning", "reden": "DIP", "datumOordeel": iso}},
        )
        _end_plicht(store, bsn, start, on, "Volledige vrijstelling")
    elif event == "SS108":
        store.add_ontheffing(
            bsn,
            {"GeheleOntheffing": {"oordeel": "Toekenning", "grond": "MED", "datumOordeel": iso}},
        )
        _end_plicht(store, bsn, start, on, "Volledige ontheffing")
    elif event == "SS109":
        store.add_vrijstelling(
            bsn,
            {
                "TijdelijkeVrijstelling": {
                    "oordeel": "Toekenning",
                    "reden": "OPL",
                    "datumOordeel": iso,
                    "startdatum": iso,
                    "einddatum": add_months(on, 12).isoformat(),
                }
            },
        )
        _end_plicht(store, bsn, start, on, "Tijdelijke vrijstelling")
    elif event == "SS110":
        _end_plicht(store, bsn, start, on, "Vertrek uit Nederland langer dan een jaar")
    elif event == "SS111":
        _end_plicht(store, bsn, start, on, "Overlijden")
    elif event == "SS129":
        store.set_inburgeringsplicht(bsn, indicator=True, begindatum=start, wijzigingsdatum=on)
    elif event == "SS124":
        store.set_doelgroep(bsn, "gezin", on)
    elif event == "SS125":
        store.set_doelgroep(bsn, "asiel", on)
    elif event == "SS137":
        store.set_examennummer(bsn, "LBT" + bsn[-6:].rjust(9, "0"))
    elif event == "SS131":
        store.add_lbt_resultaat(
            bsn,
            {
                "behaaldeScore": "62,00",
                "benodigdeScore": "50,00",
                "datumAfname": iso,
                "resultaat": "B1-route haalbaar",
            },
        )
    elif event == "SS199":
        store.add_examenresultaat(
            bsn, {"examendatum": iso, "resultaat": "Gezakt", "onderdeel": "SP", "niveau": "B1"}
        )
    elif event == "SS141":
        store.mark_voldaan_via_zroute(bsn, on)
    elif event in ("SS114", "SS115", "SS116", "SS117"):
        kind = {
            "SS114": "GeheleVrijstelling",
            "SS115": "TijdelijkeVrijstelling",
            "SS116": "GedeeltelijkeVrijstelling",
            "SS117": "GedeeltelijkeVrijstelling",
        }[event]
        decision: dict[str, Any] = {
            "oordeel": "Toekenning" if event == "SS117" else "Afwijzing",
            "reden": "OPL",
            "datumOordeel": iso,
        }
        if kind == "GedeeltelijkeVrijstelling":
            decision.update(examenonderdeel="SP", examenniveau="B1")
        store.add_vrijstelling(bsn, {kind: decision})  # type: ignore[misc]
    elif event in ("SS118", "SS119"):
        if event == "SS118":
            store.add_ontheffing(
                bsn,
                {"GeheleOntheffing": {"oordeel": "Afwijzing", "grond": "BIO", "datumOordeel": iso}},
            )
        else:
            store.add_ontheffing(
                bsn,
                {
                    "GedeeltelijkeOntheffing": {
                        "oordeel": "Toekenning",
                        "grond": "MED",
                        "datumOordeel": iso,
                        "examenonderdeel": "SP",
                    }
                },
            )


def _gronden(store: SandboxStore) -> list[dict[str, str]]:
    with store.reading() as state:
        return [
            {"code": g["code"], "omschrijving": g["omschrijving"]} for g in state.verlengingsgronden
        ]


def _end_plicht(
    store: SandboxStore, bsn: str, start: date, on: date, reden: RedenGeenInburgeringsplicht
) -> None:
    store.set_inburgeringsplicht(
        bsn,
        indicator=False,
        begindatum=start,
        einddatum=on,
        reden=reden,
        wijzigingsdatum=on,
    )


# --------------------------------------------------------------------------- admin app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return  # request lines contain BSNs; the sandbox logs masked lines itself


class AdminApp:
    """The sandbox with demo-only seeding endpoints under ``/_spil/``."""

    def __init__(self, sandbox: SandboxApp) -> None:
        self.sandbox = sandbox
        self.store = sandbox.store

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if not path.startswith(ADMIN_PREFIX):
            return self.sandbox(environ, start_response)
        if environ.get("REQUEST_METHOD") != "POST":
            start_response("405 Method Not Allowed", [("Allow", "POST")])
            return []
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            data = json.loads(environ["wsgi.input"].read(length) or b"{}")
            on = date.fromisoformat(data["on"]) if data.get("on") else self.sandbox.clock()
            if path == ADMIN_PREFIX + "persons":
                ensure_person(
                    self.store,
                    data["bsn"],
                    data["gemeente"],
                    plicht_begindatum=on,
                    doelgroep=data.get("doelgroep", "asiel"),
                )
            elif path == ADMIN_PREFIX + "events":
                ensure_person(self.store, data["bsn"], data["gemeente"], plicht_begindatum=on)
                apply_event(self.store, data["bsn"], data["gebeurtenis"], data["gemeente"], on)
            else:
                start_response("404 Not Found", [])
                return []
        except (KeyError, ValueError) as exc:
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [type(exc).__name__.encode()]
        start_response("204 No Content", [])
        return []


def start_sandbox(
    host: str, port: int, state_file: Path | None = None, *, duo_oin: str
) -> tuple[ThreadingWSGIServer, SandboxStore]:
    """Serve the sandbox (with the admin endpoints) in a daemon thread."""
    global running_store
    store = SandboxStore(state_file)
    app = AdminApp(make_app(store, duo_oin=duo_oin, strict=False))
    server = make_server(
        host, port, app, server_class=ThreadingWSGIServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="duo-sandbox", daemon=True)
    thread.start()
    running_store = store
    logger.info("DUO sandbox on http://%s:%s/v1", host, port)
    return server, store


def sandbox_root(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


# --------------------------------------------------------------------------- firing


@dataclass(frozen=True)
class Fired:
    bericht_id: str
    status_code: int
    response_errors: list[str]


def deterministic_bericht_id(*parts: str) -> str:
    """The same event of the same demo person gets the same berichtId on every run."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "spil-demo:" + ":".join(parts)))


def fire_event(
    *,
    bsn: str,
    gebeurtenis_id: str,
    gemeente_oin: str,
    duo_oin: str,
    url: str | None = None,
    transport: httpx.BaseTransport | None = None,
    registratie: datetime | None = None,
    bericht_id: str | None = None,
    v_nummer: int | None = None,
) -> Fired:
    """POST one notification to Spil's Notificatie API, as DUO would: over HTTP to ``url``,
    or (``url`` None) in-process to the API view, without a running server."""
    built = build_notification(
        duo_oin,
        gemeente_oin,
        gebeurtenis_id,
        bsn=bsn,
        v_nummer=v_nummer,
        registratie_datum_tijd=registratie or datetime.now(UTC),
        bericht_id=bericht_id,
    )
    if url is None:
        status, headers, content = _deliver_in_process(built.headers, built.raw)
    else:
        with httpx.Client(transport=transport, timeout=60.0) as client:
            response = client.post(url, content=built.raw, headers=built.headers)
        status, content = response.status_code, response.content
        headers = list(response.headers.multi_items())
    _, errors = check_response(
        DuoApi.NOTIFICATIE, "POST", NOTIFICATIES_PATH, status, headers, content or None
    )
    logger.debug("fired %s (%s) -> %s", gebeurtenis_id, mask_bsn(bsn), status)
    return Fired(built.headers["berichtId"], status, [str(e) for e in errors])


def _deliver_in_process(
    headers: dict[str, str], raw: bytes
) -> tuple[int, list[tuple[str, str]], bytes]:
    """Straight to the API view (no middleware, no request signals: safe inside another
    request or transaction)."""
    # Django only here, when firing at Spil in-process: the sandbox itself runs without it.
    from django.test import RequestFactory

    from spil.duo_inbound.api import notificaties

    extra = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    request = RequestFactory().post(
        "/api/duo/v1/notificaties", data=raw, content_type="application/json", headers=extra
    )
    response = notificaties(request)
    return response.status_code, list(response.headers.items()), response.content


#: Transport to the sandbox's admin endpoints (None: HTTP to SPIL_DUO_BASE_URL's host).
admin_transport: httpx.BaseTransport | None = None


def prepare_duo_side(
    *, bsn: str, gebeurtenis_id: str, gemeente_oin: str, base_url: str, on: date | None = None
) -> bool:
    """Let the sandbox know the person and what the event means at DUO's side.

    Uses the sandbox in this process when there is one, else its admin endpoint. Returns
    False when the sandbox could not be reached (the notification is fired anyway)."""
    day = on or date.today()
    if running_store is not None and admin_transport is None:
        ensure_person(running_store, bsn, gemeente_oin, plicht_begindatum=day)
        apply_event(running_store, bsn, gebeurtenis_id, gemeente_oin, day)
        return True
    payload = {
        "bsn": bsn,
        "gebeurtenis": gebeurtenis_id,
        "gemeente": gemeente_oin,
        "on": day.isoformat(),
    }
    try:
        with httpx.Client(transport=admin_transport, timeout=10.0) as client:
            response = client.post(sandbox_root(base_url) + ADMIN_PREFIX + "events", json=payload)
    except httpx.HTTPError:
        return False
    return response.status_code == 204
