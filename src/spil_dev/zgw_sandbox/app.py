"""A WSGI implementation of the part of the ZGW APIs Spil uses, for tests and the demo.

Catalogi (statustypen), Zaken (zaken, statussen, zaakinformatieobjecten), Documenten
(enkelvoudiginformatieobjecten) and Notificaties (subscriptions; events delivered to the
subscribers' sinks). Each API lives under ``/<api>/api/v1`` of one server. Every request is
checked against the official YAML (an invalid one gets the spec's 400 ``ValidatieFout``)
and every answer too (an invalid answer is a sandbox bug: :class:`SandboxContractError`).
The JWT of each request is verified (HS256 with the client's secret); a missing or wrong
token gets 401.
"""

from __future__ import annotations

import base64
import html
import json
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jwt
from werkzeug.wrappers import Request, Response

from spil.core.openapi_messages import encode_body
from spil.zaken.contract import ZgwApi, api_version, check_request, check_response

__all__ = [
    "CATALOGUS_UUID",
    "INFORMATIEOBJECTTYPE_DOCUMENT_UUID",
    "INFORMATIEOBJECTTYPE_PIP_UUID",
    "SANDBOX_CLIENT_ID",
    "SANDBOX_SECRET",
    "STATUSTYPEN",
    "ZAAKTYPE_UUID",
    "SandboxContractError",
    "ZgwSandboxApp",
]

SANDBOX_CLIENT_ID = "spil-sandbox"
SANDBOX_SECRET = "zgw-sandbox-secret-not-for-production"  # noqa: S105 - the sandbox's own
#: A second application in the zaaksysteem: a colleague working on the zaak there.
ZAAKSYSTEEM_CLIENT_ID = "zaaksysteem-ui"
ZAAKSYSTEEM_SECRET = "zaaksysteem-ui-secret-of-the-sandbox-32+"  # noqa: S105

CATALOGUS_UUID = "5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d01"
ZAAKTYPE_UUID = "5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d02"
INFORMATIEOBJECTTYPE_PIP_UUID = "5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d03"
INFORMATIEOBJECTTYPE_DOCUMENT_UUID = "5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d04"
#: The statustypen of the inburgering zaaktype: (uuid, volgnummer, omschrijving).
STATUSTYPEN = (
    ("5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4e01", 1, "Aangemeld"),
    ("5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4e02", 2, "Brede intake"),
    ("5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4e03", 3, "PIP vastgesteld"),
    ("5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4e04", 4, "In uitvoering"),
    ("5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4e05", 5, "Afgerond"),
)
RSIN_RE = r"^\d{9}$"


class SandboxContractError(AssertionError):
    """The sandbox produced an answer the official YAML does not allow (a sandbox bug)."""


@dataclass
class Delivery:
    sink: str
    headers: dict[str, str]
    event: dict[str, Any]


@dataclass
class _State:
    zaken: dict[str, dict[str, Any]] = field(default_factory=dict)
    statussen: dict[str, dict[str, Any]] = field(default_factory=dict)
    documenten: dict[str, dict[str, Any]] = field(default_factory=dict)
    inhoud: dict[str, bytes] = field(default_factory=dict)
    zios: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    counter: int = 0


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class ZgwSandboxApp:
    """The WSGI app. ``base_url`` is where it is reachable (resource URLs are built on it)."""

    def __init__(
        self,
        base_url: str,
        *,
        clients: dict[str, str] | None = None,
        deliver: Callable[[Delivery], None] | None = None,
        state_file: Path | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.clients = clients or {
            SANDBOX_CLIENT_ID: SANDBOX_SECRET,
            ZAAKSYSTEEM_CLIENT_ID: ZAAKSYSTEEM_SECRET,
        }
        self.state = _State()
        self.state_file = state_file
        if state_file is not None and state_file.exists():
            self._load(state_file)
        self.pending: list[Delivery] = []
        #: Requests the sandbox refused as not conforming to the YAML (tests assert none).
        self.refused: list[str] = []
        self.down = False
        self._deliver = deliver
        self._lock = threading.RLock()

    # -- URLs -----------------------------------------------------------------------------

    def api_url(self, api: str) -> str:
        return f"{self.base_url}/{api}/api/v1"

    @property
    def zaaktype_url(self) -> str:
        return f"{self.api_url('catalogi')}/zaaktypen/{ZAAKTYPE_UUID}"

    @property
    def catalogus_url(self) -> str:
        return f"{self.api_url('catalogi')}/catalogussen/{CATALOGUS_UUID}"

    def informatieobjecttype_url(self, key: str) -> str:
        uid = INFORMATIEOBJECTTYPE_PIP_UUID if key == "pip" else INFORMATIEOBJECTTYPE_DOCUMENT_UUID
        return f"{self.api_url('catalogi')}/informatieobjecttypen/{uid}"

    def statustype(self, uid: str, volgnummer: int, omschrijving: str) -> dict[str, Any]:
        return {
            "url": f"{self.api_url('catalogi')}/statustypen/{uid}",
            "omschrijving": omschrijving,
            "omschrijvingGeneriek": "",
            "statustekst": "",
            "zaaktype": self.zaaktype_url,
            "zaaktypeIdentificatie": "INBURGERING",
            "volgnummer": volgnummer,
            "isEindstatus": volgnummer == len(STATUSTYPEN),
            "informeren": False,
            "doorlooptijd": None,
            "toelichting": None,
            "checklistitemStatustype": [],
            "catalogus": self.catalogus_url,
            "eigenschappen": [],
            "zaakobjecttype": f"{self.api_url('catalogi')}/zaakobjecttypen/{ZAAKTYPE_UUID}",
            "beginGeldigheid": None,
            "eindeGeldigheid": None,
            "beginObject": None,
            "eindeObject": None,
        }

    # -- WSGI -----------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        response = self.handle(request)
        return response(environ, start_response)

    def _load(self, path: Path) -> None:
        raw = json.loads(path.read_text(encoding="utf-8"))
        inhoud = {k: base64.b64decode(v) for k, v in raw.pop("inhoud", {}).items()}
        self.state = _State(**raw, inhoud=inhoud)

    def _save(self) -> None:
        if self.state_file is None:
            return
        raw = asdict(self.state)
        raw["inhoud"] = {k: base64.b64encode(v).decode() for k, v in self.state.inhoud.items()}
        self.state_file.write_text(json.dumps(raw), encoding="utf-8")

    def handle(self, request: Request) -> Response:
        if self.down:
            return Response(status=503)
        if request.path.startswith("/zaaksysteem/zaken/"):
            return self._ui(request)
        parts = request.path.strip("/").split("/")
        if len(parts) < 4 or parts[1:3] != ["api", "v1"]:
            return Response(status=404)
        api_name, rel = parts[0], "/" + "/".join(parts[3:])
        apis = {
            "catalogi": ZgwApi.CATALOGI,
            "zaken": ZgwApi.ZAKEN,
            "documenten": ZgwApi.DOCUMENTEN,
            "notificaties": ZgwApi.NOTIFICATIES,
        }
        api = apis.get(api_name)
        if api is None:
            return Response(status=404)
        method = request.method.upper()
        raw = request.get_data()
        body: Any = None
        if raw:
            try:
                import json

                body = json.loads(raw)
            except ValueError:
                return self._problem(api, method, rel, 400, "invalid", "Geen geldige JSON")
        headers = dict(request.headers)
        query = dict(request.args)
        errors = check_request(api, method, rel, headers, query, raw or None)
        auth_errors = [e for e in errors if "Security" in e]
        if auth_errors or not self._authorised(headers.get("Authorization", "")):
            return self._problem(api, method, rel, 401, "not_authenticated", "Niet geautoriseerd")
        if errors:
            self.refused.append(f"{method} {api_name}{rel}: " + "; ".join(errors))
            return self._problem(api, method, rel, 400, "invalid", "; ".join(errors), invalid=True)
        with self._lock:
            status, data = self._route(api, method, rel, query, body)
            if method != "GET" and status < 400:
                self._save()
        return self._answer(api, method, rel, status, data)

    def _authorised(self, header: str) -> bool:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return False
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
            secret = self.clients.get(str(unverified.get("client_id", "")))
            if secret is None:
                return False
            jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["iat"]})
        except jwt.PyJWTError:
            return False
        return True

    def _answer(self, api: ZgwApi, method: str, rel: str, status: int, data: Any) -> Response:
        headers = {"API-version": api_version(api)}
        if status >= 400:
            headers["Content-Type"] = "application/problem+json"
        elif data is not None:
            headers["Content-Type"] = "application/json"
        if api is ZgwApi.ZAKEN and rel.startswith("/zaken") and status < 400:
            headers["Content-Crs"] = "EPSG:4326"
        if status == 201 and isinstance(data, dict) and "url" in data:
            headers["Location"] = str(data["url"])
        errors = check_response(api, method, rel, status, headers, data)
        if errors:
            raise SandboxContractError(f"{method} {rel} -> {status}: " + "; ".join(errors))
        return Response(encode_body(data), status=status, headers=headers)

    def _problem(
        self,
        api: ZgwApi,
        method: str,
        rel: str,
        status: int,
        code: str,
        detail: str,
        *,
        invalid: bool = False,
    ) -> Response:
        body: dict[str, Any] = {
            "type": f"https://zgw.sandbox.invalid/fouten/{code}",
            "code": code,
            "title": {400: "Ongeldige invoer", 401: "Niet geautoriseerd", 404: "Niet gevonden"}[
                status
            ],
            "status": status,
            "detail": detail or code,
            "instance": f"urn:uuid:{uuid.uuid4()}",
        }
        if invalid:
            body["invalidParams"] = [{"name": "nonFieldErrors", "code": code, "reason": detail}]
        return self._answer(api, method, rel, status, body)

    # -- routing --------------------------------------------------------------------------

    def _route(
        self, api: ZgwApi, method: str, rel: str, query: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        segments = rel.strip("/").split("/")
        resource, uid = segments[0], (segments[1] if len(segments) > 1 else "")
        key = (api, method, resource, bool(uid))
        handlers: dict[tuple[ZgwApi, str, str, bool], Callable[[], tuple[int, Any]]] = {
            (ZgwApi.CATALOGI, "GET", "statustypen", False): lambda: self._statustypen(query),
            (ZgwApi.ZAKEN, "POST", "zaken", False): lambda: self._create_zaak(body),
            (ZgwApi.ZAKEN, "GET", "zaken", True): lambda: self._read(self.state.zaken, uid),
            (ZgwApi.ZAKEN, "PATCH", "zaken", True): lambda: self._patch_zaak(uid, body),
            (ZgwApi.ZAKEN, "POST", "statussen", False): lambda: self._create_status(body),
            (ZgwApi.ZAKEN, "GET", "statussen", True): lambda: self._read(self.state.statussen, uid),
            (ZgwApi.ZAKEN, "POST", "zaakinformatieobjecten", False): lambda: self._create_zio(body),
            (ZgwApi.DOCUMENTEN, "POST", "enkelvoudiginformatieobjecten", False): lambda: (
                self._create_document(body)
            ),
            (ZgwApi.DOCUMENTEN, "GET", "enkelvoudiginformatieobjecten", True): lambda: self._read(
                self.state.documenten, uid
            ),
            (ZgwApi.NOTIFICATIES, "POST", "subscriptions", False): lambda: self._subscribe(body),
        }
        handler = handlers.get(key)
        if handler is None:
            return 404, self._not_found("Deze bewerking biedt de sandbox niet aan")
        return handler()

    def _not_found(self, detail: str) -> dict[str, Any]:
        return {
            "code": "not_found",
            "title": "Niet gevonden",
            "status": 404,
            "detail": detail,
            "instance": f"urn:uuid:{uuid.uuid4()}",
        }

    def _read(self, table: dict[str, dict[str, Any]], uid: str) -> tuple[int, Any]:
        found = table.get(uid)
        return (200, found) if found is not None else (404, self._not_found("Niet gevonden"))

    def _statustypen(self, query: dict[str, str]) -> tuple[int, Any]:
        zaaktype = query.get("zaaktype")
        results = [self.statustype(*row) for row in STATUSTYPEN]
        if zaaktype and zaaktype != self.zaaktype_url:
            results = []
        return 200, {"count": len(results), "next": None, "previous": None, "results": results}

    def _invalid(self, name: str, reason: str) -> tuple[int, Any]:
        return 400, {
            "code": "invalid",
            "title": "Ongeldige invoer",
            "status": 400,
            "detail": reason,
            "instance": f"urn:uuid:{uuid.uuid4()}",
            "invalidParams": [{"name": name, "code": "invalid", "reason": reason}],
        }

    def _create_zaak(self, body: dict[str, Any]) -> tuple[int, Any]:
        if body["zaaktype"] != self.zaaktype_url:
            return self._invalid("zaaktype", "Onbekend zaaktype")
        uid = str(uuid.uuid4())
        self.state.counter += 1
        zaak = {
            "url": f"{self.api_url('zaken')}/zaken/{uid}",
            "uuid": uid,
            "identificatie": body.get("identificatie")
            or f"ZAAK-{date.today().year}-{self.state.counter:010d}",
            "bronorganisatie": body["bronorganisatie"],
            "omschrijving": body.get("omschrijving", ""),
            "toelichting": body.get("toelichting", ""),
            "zaaktype": body["zaaktype"],
            "registratiedatum": date.today().isoformat(),
            "verantwoordelijkeOrganisatie": body["verantwoordelijkeOrganisatie"],
            "startdatum": body["startdatum"],
            "einddatum": None,
            "einddatumGepland": None,
            "uiterlijkeEinddatumAfdoening": None,
            "publicatiedatum": None,
            "communicatiekanaal": "",
            "communicatiekanaalNaam": "",
            "productenOfDiensten": [],
            "vertrouwelijkheidaanduiding": body.get("vertrouwelijkheidaanduiding", "vertrouwelijk"),
            "betalingsindicatie": "",
            "betalingsindicatieWeergave": "",
            "laatsteBetaaldatum": None,
            "verlenging": None,
            "opschorting": {"indicatie": False, "eerdereOpschorting": False, "reden": ""},
            "selectielijstklasse": "",
            "hoofdzaak": None,
            "deelzaken": [],
            "relevanteAndereZaken": [],
            "eigenschappen": [],
            "rollen": [],
            "status": None,
            "zaakinformatieobjecten": [],
            "zaakobjecten": [],
            "kenmerken": body.get("kenmerken", []),
            "archiefnominatie": None,
            "archiefstatus": "nog_te_archiveren",
            "archiefactiedatum": None,
            "resultaat": None,
            "opdrachtgevendeOrganisatie": "",
            "processobjectaard": None,
            "startdatumBewaartermijn": None,
            "processobject": None,
        }
        self.state.zaken[uid] = zaak
        self._notify("zaak_aangemaakt", zaak["url"], zaak["url"])
        return 201, zaak

    def _patch_zaak(self, uid: str, body: dict[str, Any]) -> tuple[int, Any]:
        zaak = self.state.zaken.get(uid)
        if zaak is None:
            return 404, self._not_found("Zaak niet gevonden")
        for name in ("omschrijving", "toelichting", "einddatumGepland"):
            if name in body:
                zaak[name] = body[name]
        self._notify("zaak_gewijzigd", zaak["url"], zaak["url"])
        return 200, zaak

    def _zaak_for(self, url: str) -> dict[str, Any] | None:
        return self.state.zaken.get(url.rstrip("/").rsplit("/", 1)[-1])

    def _create_status(self, body: dict[str, Any]) -> tuple[int, Any]:
        zaak = self._zaak_for(body["zaak"])
        if zaak is None:
            return self._invalid("zaak", "Zaak niet gevonden")
        statustypen = {self.statustype(*row)["url"]: row for row in STATUSTYPEN}
        row = statustypen.get(body["statustype"])
        if row is None:
            return self._invalid("statustype", "Statustype hoort niet bij het zaaktype")
        uid = str(uuid.uuid4())
        for other in self.state.statussen.values():
            if other["zaak"] == zaak["url"]:
                other["indicatieLaatstGezetteStatus"] = False
        status = {
            "url": f"{self.api_url('zaken')}/statussen/{uid}",
            "uuid": uid,
            "zaak": zaak["url"],
            "statustype": body["statustype"],
            "datumStatusGezet": body["datumStatusGezet"],
            "statustoelichting": body.get("statustoelichting", ""),
            "indicatieLaatstGezetteStatus": True,
            "gezetdoor": "",
            "zaakinformatieobjecten": [],
        }
        self.state.statussen[uid] = status
        zaak["status"] = status["url"]
        is_end = row[1] == len(STATUSTYPEN)
        zaak["einddatum"] = body["datumStatusGezet"][:10] if is_end else None
        self._notify("status_gecreeerd", zaak["url"], status["url"])
        return 201, status

    def _create_document(self, body: dict[str, Any]) -> tuple[int, Any]:
        if body["informatieobjecttype"] not in (
            self.informatieobjecttype_url("pip"),
            self.informatieobjecttype_url("document"),
        ):
            return self._invalid("informatieobjecttype", "Onbekend informatieobjecttype")
        try:
            content = base64.b64decode(body.get("inhoud") or "", validate=True)
        except ValueError:
            return self._invalid("inhoud", "Geen geldige base64")
        uid = str(uuid.uuid4())
        document = {
            "url": f"{self.api_url('documenten')}/enkelvoudiginformatieobjecten/{uid}",
            "identificatie": body.get("identificatie") or f"DOC-{uid[:8]}",
            "bronorganisatie": body["bronorganisatie"],
            "creatiedatum": body["creatiedatum"],
            "titel": body["titel"],
            "vertrouwelijkheidaanduiding": body.get("vertrouwelijkheidaanduiding", "vertrouwelijk"),
            "auteur": body["auteur"],
            "status": body.get("status", ""),
            "formaat": body.get("formaat", ""),
            "taal": body["taal"],
            "versie": 1,
            "beginRegistratie": _now(),
            "bestandsnaam": body.get("bestandsnaam", ""),
            "inhoud": f"{self.api_url('documenten')}/enkelvoudiginformatieobjecten/{uid}/download",
            "bestandsomvang": len(content),
            "link": "",
            "beschrijving": body.get("beschrijving", ""),
            "ontvangstdatum": None,
            "verzenddatum": None,
            "indicatieGebruiksrecht": None,
            "verschijningsvorm": "",
            "ondertekening": None,
            "integriteit": None,
            "informatieobjecttype": body["informatieobjecttype"],
            "locked": False,
            "bestandsdelen": [],
            "trefwoorden": [],
            "lock": "",
        }
        self.state.documenten[uid] = document
        self.state.inhoud[uid] = content
        return 201, document

    def _create_zio(self, body: dict[str, Any]) -> tuple[int, Any]:
        zaak = self._zaak_for(body["zaak"])
        document = self.state.documenten.get(body["informatieobject"].rstrip("/").rsplit("/")[-1])
        if zaak is None:
            return self._invalid("zaak", "Zaak niet gevonden")
        if document is None:
            return self._invalid("informatieobject", "Informatieobject niet gevonden")
        if any(
            z["zaak"] == zaak["url"] and z["informatieobject"] == document["url"]
            for z in self.state.zios.values()
        ):
            return self._invalid("nonFieldErrors", "Het informatieobject hoort al bij de zaak")
        uid = str(uuid.uuid4())
        zio = {
            "url": f"{self.api_url('zaken')}/zaakinformatieobjecten/{uid}",
            "uuid": uid,
            "informatieobject": document["url"],
            "zaak": zaak["url"],
            "aardRelatieWeergave": "Hoort bij, omgekeerd: kent",
            "titel": body.get("titel", ""),
            "beschrijving": body.get("beschrijving", ""),
            "registratiedatum": _now(),
            "vernietigingsdatum": None,
            "status": None,
        }
        self.state.zios[uid] = zio
        zaak["zaakinformatieobjecten"].append(zio["url"])
        self._notify("zaakinformatieobject_aangemaakt", zaak["url"], zio["url"])
        return 201, zio

    def _subscribe(self, body: dict[str, Any]) -> tuple[int, Any]:
        uid = str(uuid.uuid4())
        subscription = dict(body)
        subscription["id"] = uid
        subscription["url"] = f"{self.api_url('notificaties')}/subscriptions/{uid}"
        subscription.setdefault("filters", {})
        self.state.subscriptions[uid] = subscription
        return 201, subscription

    # -- notifications --------------------------------------------------------------------

    def _notify(self, action: str, zaak_url: str, resource_url: str) -> None:
        event_type = f"nl.vng.zaken.{action}"
        for sub_id, subscription in self.state.subscriptions.items():
            if subscription.get("domain") not in (None, "nl.vng.zaken"):
                continue
            types = subscription.get("types")
            if types and event_type not in types:
                continue
            event = {
                "id": str(uuid.uuid4()),
                "specversion": "1.0",
                "source": "urn:nld:oin:00000001001234567000:systeem:zgw-sandbox",
                "domain": "nl.vng.zaken",
                "type": event_type,
                "time": _now(),
                "subscription": sub_id,
                "subscriberReference": subscription.get("subscriberReference"),
                "datacontenttype": "application/json",
                "subject": zaak_url,
                "data": {"zaak": zaak_url, "resource": resource_url},
            }
            headers = {"Content-Type": "application/json"}
            credential = subscription.get("sinkCredential") or {}
            if credential.get("accessToken"):
                headers["Authorization"] = f"Bearer {credential['accessToken']}"
            errors = check_request(ZgwApi.NOTIFICATIES, "POST", "/events", headers, None, event)
            if "Authorization" not in headers:  # a sink without credentials: its own business
                errors = [e for e in errors if "Security" not in e]
            if errors:
                raise SandboxContractError("event: " + "; ".join(errors))
            self.pending.append(Delivery(subscription["sink"], headers, event))

    def deliver_pending(self) -> int:
        """Send the queued events to their sinks (with the configured ``deliver``)."""
        with self._lock:
            batch, self.pending = self.pending, []
        if self._deliver is not None:
            for delivery in batch:
                self._deliver(delivery)
        return len(batch)

    # -- acting as a colleague in the zaaksysteem -----------------------------------------

    def _ui(self, request: Request) -> Response:
        """The zaaksysteem's own page of a zaak (the dossier links here in the demo), with a
        form to set its status as a colleague working in the zaaksysteem would."""
        uid = request.path.rstrip("/").rsplit("/", 1)[-1]
        zaak = self.state.zaken.get(uid)
        if zaak is None:
            return Response("Zaak niet gevonden", status=404, mimetype="text/plain")
        if request.method == "POST":
            omschrijving = request.form.get("status", "")
            if any(row[2] == omschrijving for row in STATUSTYPEN):
                self.set_status_elsewhere(uid, omschrijving, "Gezet in de sandbox-zaaksysteem")
            return Response(status=303, headers={"Location": request.path})
        names = {self.statustype(*row)["url"]: row[2] for row in STATUSTYPEN}
        statussen = sorted(
            (s for s in self.state.statussen.values() if s["zaak"] == zaak["url"]),
            key=lambda s: str(s["datumStatusGezet"]),
        )
        documents = [
            self.state.documenten.get(z["informatieobject"].rsplit("/", 1)[-1], {})
            for z in self.state.zios.values()
            if z["zaak"] == zaak["url"]
        ]
        e = html.escape
        rows = "".join(
            f"<li>{e(str(s['datumStatusGezet']))}: {e(names.get(s['statustype'], '?'))}"
            f" ({e(str(s['statustoelichting']))})</li>"
            for s in statussen
        )
        docs = "".join(f"<li>{e(str(d.get('titel', '?')))}</li>" for d in documents)
        options = "".join(f"<option>{e(row[2])}</option>" for row in STATUSTYPEN)
        page = (
            '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
            f"<title>Zaak {e(zaak['identificatie'])}</title></head><body><main>"
            f"<h1>Zaak {e(zaak['identificatie'])}</h1>"
            f"<p>{e(zaak['omschrijving'])} · start {e(zaak['startdatum'])}"
            f"{' · afgesloten ' + e(zaak['einddatum']) if zaak['einddatum'] else ''}</p>"
            f"<h2>Statussen</h2><ul>{rows}</ul><h2>Documenten</h2><ul>{docs}</ul>"
            '<h2>Status zetten</h2><form method="post"><label for="status">Status</label> '
            f'<select id="status" name="status">{options}</select> '
            "<button>Zetten</button></form>"
            "<p>Sandbox-zaaksysteem (ZGW) voor de Spil-demo.</p></main></body></html>"
        )
        return Response(page, mimetype="text/html")

    def set_status_elsewhere(self, zaak_uuid: str, omschrijving: str, toelichting: str = "") -> str:
        """A status set in the zaaksysteem itself (not by Spil); returns the status URL."""
        row = next(r for r in STATUSTYPEN if r[2] == omschrijving)
        with self._lock:
            _, status = self._create_status(
                {
                    "zaak": self.state.zaken[zaak_uuid]["url"],
                    "statustype": self.statustype(*row)["url"],
                    "datumStatusGezet": _now(),
                    "statustoelichting": toelichting,
                }
            )
            self._save()
        return str(status["url"])
