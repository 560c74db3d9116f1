"""The Haal Centraal "BRP Personen bevragen" contract: the published OpenAPI document,
loaded once, and request/response validation with openapi-core.

The YAML is read from ``SPIL_BRP_SPEC`` (default
``<repo>/../shared/specs/haal-centraal-brp/openapi.yaml``) and used as published, except for
two in-memory adaptations for constructs openapi-core does not handle (see
:func:`prepare_spec`):

1. **Discriminators on abstract parents.** The spec models polymorphism the classic OAS way:
   the abstract parent (``PersonenQuery``, ``PersonenQueryResponse``, ``AbstractDatum``,
   ``AbstractVerblijfplaats``, ``AbstractNationaliteit``, ``Gezagsrelatie``, ``Derde``) carries
   a ``discriminator`` and the concrete children ``allOf`` the parent. Nothing in JSON Schema
   links parent to children, and openapi-core (openapi-schema-validator) only honours a
   ``discriminator`` that sits next to ``oneOf``/``anyOf``/``allOf``. Unchanged, the request
   body would be checked against ``PersonenQuery`` alone (``type`` + ``fields``; a malformed
   ``burgerservicenummer`` or an unknown ``type`` would pass) and a response against
   ``PersonenQueryResponse`` alone (``type``; the persons would not be checked at all). The
   parent ``P`` is therefore split into ``P__abstract`` (the original, minus the
   discriminator; the children's ``allOf`` now point here) and ``P`` = ``P__abstract`` + the
   discriminator property restricted to the mapping's keys + one ``if type == key then
   $ref child`` per mapping entry. The accepted language is what the discriminator describes;
   openapi-core then validates everything in one pass, with precise error locations.
2. **Media types.** The operation declares its JSON media type as
   ``application/json; charset=utf-8``; openapi-core only finds it for that exact string.
   :func:`normalise_content_type` maps every spelling of JSON in UTF-8 (``application/json``,
   ``application/json;charset=UTF-8`` ...) to the declared key; and
   ``application/problem+json`` (the error responses) is registered as a JSON media type
   (openapi-core would otherwise treat it as opaque bytes and reject every error body).

Error texts (:class:`FieldError`) name the location and the violated keyword, never the
offending *value*: values may be BSNs, and exception text ends up in logs.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from jsonschema.exceptions import ValidationError
from openapi_core import Config, OpenAPI
from openapi_core.deserializing.media_types.util import json_loads
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.request.exceptions import (
    MissingRequestBody,
    MissingRequiredRequestBody,
    RequestBodyValidationError,
)
from openapi_core.validation.response.exceptions import DataValidationError, MissingData
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from spil.core.openapi_messages import Body, OpenApiRequest, OpenApiResponse, encode_body

__all__ = [
    "API_BASE_PATH",
    "JSON_CONTENT_TYPE",
    "PERSONEN_PATH",
    "PROBLEM_CONTENT_TYPE",
    "SPEC_ENV",
    "ContractViolation",
    "FieldError",
    "api_version",
    "check_request",
    "check_response",
    "check_schema",
    "load_openapi",
    "load_spec",
    "normalise_content_type",
    "prepare_spec",
    "prepared_spec",
    "query_types",
    "spec_path",
    "validate_request",
    "validate_response",
    "validate_schema",
]

SPEC_ENV = "SPIL_BRP_SPEC"

#: Path of the API below the host (the ``servers`` URL of the spec without the host).
API_BASE_PATH = "/haalcentraal/api/brp"
PERSONEN_PATH = f"{API_BASE_PATH}/personen"

#: The media type exactly as the spec declares it for request and 200 response bodies.
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
#: The media type of every error response.
PROBLEM_CONTENT_TYPE = "application/problem+json"

#: The host of the spec's ``servers`` entry; validation is done against it whatever host the
#: sandbox or the real API is reached on.
_SPEC_HOST = "https://proefomgeving.haalcentraal.nl"

_ABSTRACT_SUFFIX = "__abstract"

Location = Literal["body", "content-type", "status", "operation"]
Direction = Literal["request", "response", "schema"]


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class FieldError:
    """One contract violation.

    ``path`` is the location inside the body (``("burgerservicenummer", 0)``), ``keyword`` the
    violated JSON Schema keyword (``pattern``, ``required`` ...; ``required`` errors point at the
    missing property itself), ``message`` an English text without the offending value.
    """

    location: Location
    path: tuple[str | int, ...]
    keyword: str
    message: str
    #: The keyword's value from the *schema* (e.g. the pattern, ``minItems``), never data.
    limit: Any = None

    @property
    def dotted(self) -> str:
        """``burgerservicenummer.0`` (indexes as path segments; empty for the whole body)."""
        return ".".join(str(p) for p in self.path)

    def __str__(self) -> str:
        where = f"{self.location}.{self.dotted}" if self.path else self.location
        return f"{where}: {self.message}"


class ContractViolation(ValueError):  # noqa: N818 - domain name, not "...Error"
    """A request, response or document does not conform to the BRP OpenAPI document."""

    def __init__(self, direction: Direction, errors: Sequence[FieldError]) -> None:
        self.direction: Direction = direction
        self.errors: tuple[FieldError, ...] = tuple(errors)
        text = "; ".join(str(e) for e in self.errors) or "invalid"
        super().__init__(f"{direction} violates the BRP Personen contract: {text}")


# --------------------------------------------------------------------------- loading


def _repo_root() -> Path:
    # src/spil/brp/contract.py -> parents[0]=brp, [1]=spil, [2]=src, [3]=repo
    return Path(__file__).resolve().parents[3]


def spec_path() -> Path:
    """``SPIL_BRP_SPEC`` or ``<repo>/../shared/specs/haal-centraal-brp/openapi.yaml``."""
    configured = os.environ.get(SPEC_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return (
        _repo_root().parent / "shared" / "specs" / "haal-centraal-brp" / "openapi.yaml"
    ).resolve()


_lock = threading.RLock()


@functools.cache
def _load_raw(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if not isinstance(raw, dict) or "components" not in raw:
        raise ValueError(f"{path} is not an OpenAPI document")
    return cast(dict[str, Any], raw)


def load_spec() -> dict[str, Any]:
    """The YAML exactly as published (cached per path; do not mutate)."""
    with _lock:
        return _load_raw(spec_path())


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _ref_name(node: object) -> str | None:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            return ref.rsplit("/", 1)[-1]
    return None


def prepare_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of ``spec`` in which every discriminator on an abstract parent is
    expressed in JSON Schema (see the module docstring). Pure; the input is not modified."""
    out = copy.deepcopy(dict(spec))
    schemas: dict[str, Any] = out["components"]["schemas"]
    for name in list(schemas):
        parent = schemas[name]
        disc = parent.get("discriminator") if isinstance(parent, dict) else None
        if not isinstance(disc, dict) or any(k in parent for k in ("allOf", "oneOf", "anyOf")):
            continue
        mapping: dict[str, str] = dict(disc.get("mapping") or {})
        prop = str(disc["propertyName"])
        abstract = f"{name}{_ABSTRACT_SUFFIX}"
        schemas[abstract] = {k: v for k, v in parent.items() if k != "discriminator"}
        for target_ref in mapping.values():
            child = schemas[target_ref.rsplit("/", 1)[-1]]
            child["allOf"] = [
                _ref(abstract) if _ref_name(item) == name else item
                for item in child.get("allOf", [])
            ]
        branches: list[dict[str, Any]] = [_ref(abstract)]
        branches.append({"properties": {prop: {"enum": sorted(mapping)}}})
        for value, target_ref in sorted(mapping.items()):
            branches.append(
                {
                    "if": {"properties": {prop: {"const": value}}, "required": [prop]},
                    "then": {"$ref": target_ref},
                }
            )
        replacement: dict[str, Any] = {"allOf": branches}
        if "description" in parent:
            replacement["description"] = parent["description"]
        schemas[name] = replacement
    return out


@functools.cache
def _prepared(path: Path) -> dict[str, Any]:
    return prepare_spec(_load_raw(path))


def prepared_spec() -> dict[str, Any]:
    """The spec after :func:`prepare_spec` (cached; do not mutate)."""
    with _lock:
        return _prepared(spec_path())


@functools.cache
def _openapi(path: Path) -> OpenAPI:
    config = Config(extra_media_type_deserializers={PROBLEM_CONTENT_TYPE: json_loads})
    return OpenAPI.from_dict(_prepared(path), config=config)


def load_openapi() -> OpenAPI:
    """The openapi-core object for the prepared spec (the spec is validated once, cached)."""
    with _lock:
        return _openapi(spec_path())


def api_version() -> str:
    """``info.version`` of the published spec, e.g. ``"2.7.0"``."""
    return str(load_spec()["info"]["version"])


def query_types() -> tuple[str, ...]:
    """The ``type`` values a request may carry (the ``PersonenQuery`` discriminator mapping)."""
    schema = load_spec()["components"]["schemas"]["PersonenQuery"]
    return tuple(sorted(schema["discriminator"]["mapping"]))


# --------------------------------------------------------------------------- content types

_JSON_TYPES = ("application/json",)


def normalise_content_type(value: str | None) -> str:
    """Map JSON-in-UTF-8 spellings to :data:`JSON_CONTENT_TYPE`; other values are returned
    lower-cased (``application/problem+json; charset=utf-8`` -> ``application/problem+json``).

    JSON has no charset parameter of its own (RFC 8259 mandates UTF-8), so
    ``application/json`` without one is the same media type as the spec's key.
    """
    if not value:
        return ""
    parts = [p.strip() for p in value.split(";")]
    mime = parts[0].lower()
    params: dict[str, str] = {}
    for p in parts[1:]:
        if "=" in p:
            k, v = p.split("=", 1)
            params[k.strip().lower()] = v.strip().strip('"').lower()
    if mime in _JSON_TYPES and params.get("charset", "utf-8") in ("utf-8", "utf8"):
        return JSON_CONTENT_TYPE
    if mime == PROBLEM_CONTENT_TYPE and params.get("charset", "utf-8") in ("utf-8", "utf8"):
        return PROBLEM_CONTENT_TYPE
    return mime if not params else value.strip().lower()


# --------------------------------------------------------------------------- error mapping

_REQUIRED = re.compile(r"'(?P<name>[^']+)' is a required property")


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else "the required pattern"


_TEMPLATES = {
    "type": "must be of type {v}",
    "minLength": "must be at least {v} characters long",
    "maxLength": "must be at most {v} characters long",
    "minimum": "must be >= {v}",
    "maximum": "must be <= {v}",
    "minItems": "must have at least {v} items",
    "maxItems": "must have at most {v} items",
    "format": "is not a valid {v}",
    "const": "has a value the schema does not allow",
}


def _keyword_message(keyword: str, value: Any) -> str:
    if keyword == "enum":
        return "must be one of " + ", ".join(str(v) for v in (value or []))
    if keyword == "pattern":
        return f"does not match {_short(value)}"
    template = _TEMPLATES.get(keyword)
    if template is None:
        return f"violates the '{keyword or 'schema'}' constraint"
    return template.format(v=value)


def _schema_errors(location: Location, err: ValidationError) -> list[FieldError]:
    """One jsonschema error -> field errors, without echoing instance values."""
    keyword = str(err.validator or "")
    path: tuple[str | int, ...] = tuple(err.absolute_path)
    if keyword == "required":
        m = _REQUIRED.search(err.message)
        missing = m.group("name") if m else "?"
        return [FieldError(location, (*path, missing), "required", "is required")]
    if keyword in ("oneOf", "anyOf", "allOf", "if", "then", "$ref") and err.context:
        out: list[FieldError] = []
        for sub in err.context:
            out.extend(_schema_errors(location, sub))
        return out
    if keyword == "type" and err.instance is None:
        return [FieldError(location, path, "type", "must not be null", err.validator_value)]
    limit = err.validator_value
    return [FieldError(location, path, keyword, _keyword_message(keyword, limit), limit)]


def _cause_errors(location: Location, exc: BaseException) -> list[FieldError]:
    """Walk the ``__cause__`` chain of an openapi-core error to the jsonschema errors."""
    cause: BaseException | None = exc
    while cause is not None:
        schema_errors = getattr(cause, "schema_errors", None)
        if schema_errors:
            out: list[FieldError] = []
            for se in schema_errors:
                out.extend(_schema_errors(location, se))
            return _dedupe(out)
        if cause.__cause__ is None:
            break
        cause = cause.__cause__
    kind = type(cause if cause is not None else exc).__name__
    if kind in ("MediaTypeDeserializeError", "JSONDecodeError", "DeserializeError"):
        return [FieldError(location, (), "json", "is not valid JSON")]
    if kind == "MediaTypeNotFound":
        return [FieldError("content-type", (), "mediaType", "is not a media type the API declares")]
    return [FieldError(location, (), "invalid", f"is invalid ({kind})")]


def _dedupe(errors: Iterable[FieldError]) -> list[FieldError]:
    seen: set[tuple[str, tuple[str | int, ...], str]] = set()
    out: list[FieldError] = []
    for e in errors:
        key = (e.location, e.path, e.keyword)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


# --------------------------------------------------------------------------- openapi-core glue


def _personen_request(content_type: str | None, body: Body) -> OpenApiRequest:
    return OpenApiRequest(
        host_url=_SPEC_HOST,
        path=PERSONEN_PATH,
        method="post",
        content_type=normalise_content_type(content_type),
        body=encode_body(body),
    )


# --------------------------------------------------------------------------- public API


def check_request(body: Body, content_type: str | None = JSON_CONTENT_TYPE) -> list[FieldError]:
    """Errors of a ``POST /personen`` request body (empty list: it conforms).

    ``body`` may be the raw bytes/str as sent or a JSON value (serialised first).
    """
    request = _personen_request(content_type, body)
    if request.body is None or request.body == b"":
        return [FieldError("body", (), "required", "is required")]
    result = load_openapi().unmarshal_request(request)
    out: list[FieldError] = []
    for e in result.errors:
        if isinstance(e, MissingRequiredRequestBody | MissingRequestBody):
            out.append(FieldError("body", (), "required", "is required"))
        elif isinstance(e, RequestBodyValidationError):
            out.extend(_cause_errors("body", e))
        elif isinstance(e, PathError):
            out.append(FieldError("operation", (), "path", "the API declares no such operation"))
        else:
            out.extend(_cause_errors("body", e))
    return _dedupe(out)


def validate_request(body: Body, content_type: str | None = JSON_CONTENT_TYPE) -> None:
    """Raise :class:`ContractViolation` unless the request body conforms."""
    errors = check_request(body, content_type)
    if errors:
        raise ContractViolation("request", errors)


def check_response(status: int, body: Body, content_type: str | None) -> list[FieldError]:
    """Errors of a response to ``POST /personen`` (empty list: it conforms).

    Every status is declared (``default`` covers the rest), and every declared response has a
    body, so an empty body is always an error.
    """
    request = _personen_request(JSON_CONTENT_TYPE, None)
    data = encode_body(body)
    if not data:
        return [FieldError("body", (), "required", f"status {status} requires a body")]
    response = OpenApiResponse(status, normalise_content_type(content_type), data)
    result = load_openapi().unmarshal_response(request, response)
    out: list[FieldError] = []
    for e in result.errors:
        if isinstance(e, ResponseNotFound):
            out.append(FieldError("status", (), "status", "status is not declared"))
        elif isinstance(e, MissingData):
            out.append(FieldError("body", (), "required", "is required for this status"))
        elif isinstance(e, DataValidationError):
            out.extend(_cause_errors("body", e))
        else:
            out.extend(_cause_errors("body", e))
    return _dedupe(out)


def validate_response(status: int, body: Body, content_type: str | None) -> None:
    """Raise :class:`ContractViolation` unless the response conforms."""
    errors = check_response(status, body, content_type)
    if errors:
        raise ContractViolation("response", errors)


@functools.cache
def _schema_validator(path: Path, name: str) -> Any:
    spec = _prepared(path)
    resource: Resource[Any] = Resource.from_contents(spec, default_specification=DRAFT202012)
    uri = "urn:spil:brp:openapi"
    registry: Registry[Any] = Registry().with_resource(uri, resource)
    if name not in spec["components"]["schemas"]:
        raise KeyError(f"the BRP spec declares no schema {name!r}")
    return OAS31Validator({"$ref": f"{uri}#/components/schemas/{name}"}, registry=registry)


def check_schema(name: str, instance: Any) -> list[FieldError]:
    """Errors of ``instance`` against the (prepared) component schema ``name``; used for
    documents that are not a whole request or response (a seeded ``Persoon``, an error body
    on a path the spec does not declare)."""
    with _lock:
        validator = _schema_validator(spec_path(), name)
    out: list[FieldError] = []
    for err in validator.iter_errors(instance):
        out.extend(_schema_errors("body", err))
    return _dedupe(out)


def validate_schema(name: str, instance: Any) -> None:
    """Raise :class:`ContractViolation` unless ``instance`` conforms to schema ``name``."""
    errors = check_schema(name, instance)
    if errors:
        raise ContractViolation("schema", errors)
