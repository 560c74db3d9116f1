"""Validating ZGW requests and responses against the official OpenAPI documents.

Django-free; used by Spil's ZGW client (requests before sending, responses on arrival), by
Spil's Notificaties webhook (the event it receives) and by the ZGW sandbox (the other way
round). The YAMLs are VNG's published specifications, kept outside the repository in
``../shared/specs/zgw`` (``SPIL_ZGW_SPEC_DIR``). One adaptation is made in memory: the
``servers`` are replaced by ``/``, so paths are validated relative to each API's base URL
(``/zaken``, not ``/api/v1/zaken``): a municipality's zaaksysteem serves them under its own.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from spil.core.openapi_messages import OpenApiRequest, OpenApiResponse, encode_body

__all__ = [
    "ContractViolation",
    "ZgwApi",
    "api_version",
    "check_request",
    "check_response",
    "spec_dir",
    "validate_request",
    "validate_response",
]

SPEC_DIR_ENV = "SPIL_ZGW_SPEC_DIR"
_HOST = "https://zgw.sandbox.invalid"


class ZgwApi(StrEnum):
    """The four APIs Spil talks to; the value is the file name stem under the spec dir."""

    CATALOGI = "catalogi-api"
    ZAKEN = "zaken-api"
    DOCUMENTEN = "documenten-api"
    NOTIFICATIES = "notificaties-api"


def spec_dir() -> Path:
    configured = os.environ.get(SPEC_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    # src/spil/zaken/contract.py -> parents[3] is the repository; the specs live beside it.
    return (Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "zgw").resolve()


_lock = threading.Lock()


@functools.cache
def _load_dict(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader (C or Python)
    if not isinstance(raw, dict):
        raise ValueError(f"{path} is not an OpenAPI document")
    raw["servers"] = [{"url": "/"}]
    return cast(dict[str, Any], raw)


@functools.cache
def _load_openapi(path: Path) -> OpenAPI:
    # ``uri`` (a URL in a query parameter, e.g. ``?zaaktype=``) has no built-in formatter.
    # The published documents are not validated again on every start (seconds per file).
    config = Config(
        spec_validator_cls=None,
        extra_media_type_deserializers={"application/problem+json": json.loads},
        extra_format_validators={"uri": _is_uri},
        extra_format_unmarshallers={"uri": str},
    )
    return OpenAPI.from_dict(_load_dict(path), config=config)


def _is_uri(value: object) -> bool:
    # The ZGW APIs send an empty string for an optional reference that is not set.
    return isinstance(value, str) and (value == "" or "://" in value or value.startswith("urn:"))


def _path(api: ZgwApi | str) -> Path:
    return spec_dir() / f"{ZgwApi(api).value}.yaml"


def load_openapi(api: ZgwApi | str) -> OpenAPI:
    with _lock:
        return _load_openapi(_path(api))


def api_version(api: ZgwApi | str) -> str:
    """``info.version`` of an API; the ``API-version`` header of its answers."""
    with _lock:
        return str(_load_dict(_path(api))["info"]["version"])


@dataclass
class ContractViolation(Exception):  # noqa: N818 - domain name, not "...Error"
    """A request or response does not conform to the published ZGW OpenAPI document."""

    api: str
    direction: Literal["request", "response"]
    operation: str
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return (
            f"{self.direction} of {self.api} {self.operation} violates the ZGW contract: "
            + "; ".join(self.errors)
        )


def _describe(error: BaseException) -> list[str]:
    """Field names and the violated rule, never the values (they may be personal data)."""
    cause: BaseException | None = error
    while cause is not None:
        schema_errors = getattr(cause, "schema_errors", None)
        if schema_errors:
            out = []
            for se in schema_errors:
                where = ".".join(str(p) for p in se.absolute_path) or "body"
                keyword = getattr(se, "validator", "schema")
                detail = se.message if keyword in ("required", "additionalProperties") else ""
                if detail and keyword == "required":
                    detail = detail.split(" is a required")[0]
                out.append(f"{where}: violates '{keyword}' {detail}".rstrip())
            return out
        cause = cause.__cause__
    name = getattr(error, "name", "")
    return [f"{type(error).__name__} {name}".rstrip()]


def check_request(
    api: ZgwApi | str,
    method: str,
    path: str,
    headers: Mapping[str, str] | None,
    query: Mapping[str, str] | None = None,
    body: Any = None,
) -> list[str]:
    """The request's violations of the API's YAML (empty: valid). ``path`` is relative."""
    raw = encode_body(body)
    hdrs = Headers(list((headers or {}).items()))
    request = OpenApiRequest(
        host_url=_HOST,
        path=path,
        method=method.lower(),
        parameters=RequestParameters(
            query=ImmutableMultiDict(list((query or {}).items())), header=hdrs
        ),
        content_type=(hdrs.get("Content-Type") or ("application/json" if raw else "")).lower(),
        body=raw,
    )
    result = load_openapi(api).unmarshal_request(request)
    return [message for e in result.errors for message in _describe(e)]


def check_response(
    api: ZgwApi | str,
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str] | None,
    body: Any = None,
) -> list[str]:
    """The response's violations of the API's YAML (empty: valid)."""
    raw = encode_body(body)
    hdrs = Headers(list((headers or {}).items()))
    request = OpenApiRequest(
        host_url=_HOST, path=path, method=method.lower(), content_type="", body=None
    )
    response = OpenApiResponse(
        status_code=status,
        content_type=(hdrs.get("Content-Type") or ("application/json" if raw else "")).lower(),
        headers=hdrs,
        data=raw,
    )
    result = load_openapi(api).unmarshal_response(request, response)
    return [message for e in result.errors for message in _describe(e)]


def validate_request(
    api: ZgwApi | str,
    method: str,
    path: str,
    headers: Mapping[str, str] | None,
    query: Mapping[str, str] | None = None,
    body: Any = None,
) -> None:
    errors = check_request(api, method, path, headers, query, body)
    if errors:
        raise ContractViolation(ZgwApi(api).value, "request", f"{method.upper()} {path}", errors)


def validate_response(
    api: ZgwApi | str,
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str] | None,
    body: Any = None,
) -> None:
    errors = check_response(api, method, path, status, headers, body)
    if errors:
        raise ContractViolation(ZgwApi(api).value, "response", f"{method.upper()} {path}", errors)
