"""The Notificatie API that DUO calls (``POST /api/duo/v1/notificaties``).

Exactly DUO's ``API/Notificatie/openapi.yml``: headers ``bron``, ``doel``, ``berichtId``;
``API-Version`` on every response; 201 on success, 400 (invalid request), 401 (sender is
not DUO), 403 (``doel`` is not an active gemeente in Spil), 500. The YAML declares no body
for any of them, so none is sent: what was wrong with a 400 (the field, never its value)
goes to the log. No session, no CSRF: the caller is a machine behind the Digikoppeling
gateway.

Accepting is fast: one insert and, after commit, one task on the queue. Everything else
happens in :mod:`spil.duo_inbound.tasks`.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from datetime import datetime
from typing import Any

import jsonschema
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from spil.duo.contract import (
    ContractViolation,
    load_spec_dict,
    notificatie_api_version,
    validate_request,
)
from spil.duo_inbound import services

logger = logging.getLogger("spil.duo.api")

NOTIFICATIES_PATH = "/notificaties"
_HEADERS = ("bron", "doel", "berichtId", "Content-Type")


def _response(status: int) -> HttpResponse:
    """A response as the YAML declares it: no body, ``API-Version`` always."""
    response = HttpResponse(status=status)
    del response["Content-Type"]
    response["API-Version"] = notificatie_api_version()
    return response


def error_response(status: int, reason: str = "") -> HttpResponse:
    if reason:
        logger.info("Notificatie API: %s (%s)", status, reason)
    return _response(status)


_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@functools.cache
def _fast_validators() -> tuple[dict[str, jsonschema.Draft7Validator], jsonschema.Draft7Validator]:
    """jsonschema validators compiled once from the same YAML (headers and body)."""
    spec = load_spec_dict("Notificatie")
    headers = {
        p["name"]: jsonschema.Draft7Validator(p["schema"])
        for p in spec["components"]["parameters"].values()
        if p["in"] == "header"
    }
    return headers, jsonschema.Draft7Validator(spec["components"]["schemas"]["Notificatie"])


def _plainly_valid(request: HttpRequest, body: bytes | None) -> bool:
    """A fast check that accepts only requests that are certainly valid under the YAML;
    anything else goes through the full contract validation (which names the field).
    ``test_notificatie_api`` checks that it never accepts what the contract layer refuses."""
    if request.content_type != "application/json" or not body:
        return False
    headers, body_validator = _fast_validators()
    for name, validator in headers.items():
        value = request.headers.get(name)
        if value is None or not validator.is_valid(value):
            return False
    if not _UUID.fullmatch(request.headers["berichtId"]):
        return False
    try:
        payload = json.loads(body)
    except ValueError:
        return False
    if not isinstance(payload, dict) or not body_validator.is_valid(payload):
        return False
    moment = payload.get("registratieDatumTijd")
    if not isinstance(moment, str) or not _RFC3339.fullmatch(moment):
        return False
    try:
        datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return False
    v_nummer = payload.get("vNummer")
    return v_nummer is None or (isinstance(v_nummer, int) and not isinstance(v_nummer, bool))


def _sender_is_duo(request: HttpRequest, bron: str) -> bool:
    gateway_header = settings.SPIL_DUO_GATEWAY_OIN_HEADER
    if gateway_header:
        certified = request.headers.get(gateway_header, "")
        if certified != settings.SPIL_DUO_OIN:
            return False
    return bron == settings.SPIL_DUO_OIN


@csrf_exempt
def notificaties(request: HttpRequest) -> HttpResponse:
    try:
        return _notificaties(request)
    except Exception:  # the spec's 500 carries API-Version too
        logger.exception("Notificatie API: internal error")
        return _response(500)


def _notificaties(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = _response(405)
        response["Allow"] = "POST"
        return response
    gateway_header = settings.SPIL_DUO_GATEWAY_OIN_HEADER
    if gateway_header and request.headers.get(gateway_header, "") != settings.SPIL_DUO_OIN:
        # Not through the gateway, or a certificate that is not DUO's.
        return _response(401)
    headers = [(name, request.headers[name]) for name in _HEADERS if name in request.headers]
    body = request.body or None
    try:
        if not _plainly_valid(request, body):
            validate_request("Notificatie", "POST", NOTIFICATIES_PATH, headers, None, body)
    except ContractViolation as violation:
        # The field names only (never a value: it may be a BSN).
        return error_response(400, "; ".join(str(e) for e in violation.errors))
    bron = request.headers["bron"]
    if not _sender_is_duo(request, bron):
        return _response(401)
    doel = request.headers["doel"]
    municipality = services.active_municipality(doel)
    if municipality is None:
        return _response(403)
    payload: dict[str, Any] = json.loads(body or b"{}")
    try:
        services.accept_notification(
            bericht_id=request.headers["berichtId"],
            bron=bron,
            municipality=municipality,
            payload=payload,
        )
    except services.InvalidNotification as invalid:
        return error_response(400, f"{invalid.field}: {invalid.reason}")
    return _response(201)
