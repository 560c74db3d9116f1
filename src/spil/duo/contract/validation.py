"""Validating requests and responses against DUO's OpenAPI documents with openapi-core.

Errors are reported as :class:`FieldError` items naming the field (``header.bron``,
``path.bsn``, ``body.pip.leerroute`` ...) and the violated jsonschema keyword. Messages never
repeat the offending *value*: values may be BSNs, and exception text ends up in logs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.request.exceptions import (
    MissingRequestBody,
    MissingRequiredParameter,
    MissingRequiredRequestBody,
    ParameterValidationError,
    RequestBodyValidationError,
)
from openapi_core.validation.response.exceptions import (
    DataValidationError,
    HeaderValidationError,
    MissingData,
    MissingHeaderError,
)
from werkzeug.datastructures import Headers, ImmutableMultiDict

from spil.core.openapi_messages import (
    Body,
    OpenApiRequest,
    OpenApiResponse,
    encode_body,
)
from spil.duo.contract.specs import (
    DuoApi,
    Operation,
    find_operation,
    load_openapi,
    response_has_content,
    strip_base_path,
)

__all__ = [
    "Body",
    "ContractViolation",
    "FieldError",
    "check_request",
    "check_response",
    "encode_body",
    "validate_request",
    "validate_response",
]

Location = Literal["operation", "path", "query", "header", "cookie", "body", "status"]

#: A body as callers may hand it over: raw bytes/str (JSON text), ``None`` for "no body", or
#: any JSON-serialisable value.

_HOST = "https://duo.sandbox.invalid"


@dataclass(frozen=True)
class FieldError:
    """One contract violation; ``field`` is dotted (``bsn``, ``contactpersoongegevens.naam``)."""

    location: Location
    field: str
    message: str

    def __str__(self) -> str:
        sep = "" if self.field.startswith("[") else "."
        name = f"{self.location}{sep}{self.field}" if self.field else self.location
        return f"{name}: {self.message}"


@dataclass
class ContractViolation(Exception):  # noqa: N818 - domain name, not "...Error"
    """A request or response does not conform to DUO's published OpenAPI document."""

    api: str
    direction: Literal["request", "response"]
    operation: str  # operationId or "METHOD template"; never the concrete path (has a BSN)
    errors: list[FieldError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = "; ".join(str(e) for e in self.errors)
        return f"{self.direction} of {self.api} {self.operation} violates the DUO contract: {lines}"

    @property
    def messages(self) -> list[str]:
        """Human-readable list, one entry per field."""
        return [str(e) for e in self.errors]


# --------------------------------------------------------------------------- helpers


def _headers(headers: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> Headers:
    h = Headers()
    if headers is None:
        return h
    items = headers.items() if isinstance(headers, Mapping) else headers
    for k, v in items:
        h.add(k, v)
    return h


def _query(query: Mapping[str, str | Sequence[str]] | None) -> ImmutableMultiDict[str, str]:
    pairs: list[tuple[str, str]] = []
    for k, v in (query or {}).items():
        if isinstance(v, str):
            pairs.append((k, v))
        else:
            pairs.extend((k, item) for item in v)
    return ImmutableMultiDict(pairs)


def _content_type(headers: Headers, body: bytes | None) -> str:
    ct = headers.get("Content-Type")
    if ct:
        return ct.lower()
    return "application/json" if body else ""


def _short_pattern(pattern: object) -> str:
    text = str(pattern)
    return text if len(text) <= 80 else "the required pattern"


_REQUIRED = re.compile(r"'(?P<name>[^']+)' is a required property")
_ADDITIONAL = re.compile(r"\((?P<names>.+?) (?:was|were) unexpected\)")


def _join(prefix: str, parts: Iterable[object]) -> str:
    out = prefix
    for p in parts:
        if isinstance(p, int):
            out = f"{out}[{p}]"
            continue
        out = f"{out}.{p}" if out else str(p)
    return out


def _schema_error_messages(location: Location, prefix: str, err: Any) -> list[FieldError]:
    """Turn one jsonschema ``ValidationError`` into field errors without echoing values."""
    keyword = str(getattr(err, "validator", "") or "")
    value = getattr(err, "validator_value", None)
    path = list(getattr(err, "absolute_path", []) or [])
    name = _join(prefix, path)
    message = str(getattr(err, "message", err))
    if keyword == "required":
        m = _REQUIRED.search(message)
        missing = m.group("name") if m else "?"
        return [FieldError(location, _join(name, [missing]), "is required")]
    if keyword == "additionalProperties":
        m = _ADDITIONAL.search(message)
        extra = m.group("names") if m else "?"
        return [FieldError(location, name, f"unexpected properties: {extra}")]
    if keyword in ("oneOf", "anyOf", "allOf") and getattr(err, "context", None):
        out: list[FieldError] = []
        for sub in err.context:
            out.extend(_schema_error_messages(location, prefix, sub))
        return out
    text = _keyword_text(keyword, value)
    if keyword == "type" and message.startswith("None for not nullable"):
        text = "must not be null"
    return [FieldError(location, name, text)]


def _keyword_text(keyword: str, value: Any) -> str:
    if keyword == "enum":
        return "must be one of " + ", ".join(str(v) for v in (value or []))
    if keyword == "pattern":
        return f"does not match {_short_pattern(value)}"
    templates = {
        "type": "must be of type {v}",
        "minLength": "must be at least {v} characters long",
        "maxLength": "must be at most {v} characters long",
        "minimum": "must be >= {v}",
        "maximum": "must be <= {v}",
        "exclusiveMinimum": "must be > {v}",
        "exclusiveMaximum": "must be < {v}",
        "minItems": "must have at least {v} items",
        "maxItems": "must have at most {v} items",
        "format": "is not a valid {v}",
        "nullable": "must not be null",
    }
    template = templates.get(keyword)
    if template is None:
        return f"violates the '{keyword or 'schema'}' constraint"
    return template.format(v=value)


def _cause_errors(location: Location, prefix: str, exc: BaseException) -> list[FieldError]:
    """Walk ``__cause__`` chain to the innermost jsonschema errors."""
    cause: BaseException | None = exc
    while cause is not None:
        schema_errors = getattr(cause, "schema_errors", None)
        if schema_errors:
            out: list[FieldError] = []
            for se in schema_errors:
                out.extend(_schema_error_messages(location, prefix, se))
            return out
        if cause.__cause__ is None:
            break
        cause = cause.__cause__
    kind = type(cause).__name__ if cause is not None else type(exc).__name__
    if kind == "MediaTypeDeserializeError" or kind == "JSONDecodeError":
        return [FieldError(location, prefix, "is not valid JSON")]
    if kind == "MediaTypeNotFound":
        return [FieldError(location, prefix, "has a content type the API does not accept")]
    if kind in ("CastError", "DeserializeError", "ValueError"):
        return [FieldError(location, prefix, "has a value of the wrong type")]
    return [FieldError(location, prefix, f"is invalid ({kind})")]


def _request_errors(errors: Iterable[BaseException]) -> list[FieldError]:
    out: list[FieldError] = []
    for e in errors:
        if isinstance(e, MissingRequiredParameter):
            out.append(FieldError(_loc(e.location), e.name, "is required"))
        elif isinstance(e, ParameterValidationError):
            out.extend(_cause_errors(_loc(e.location), e.name, e))
        elif isinstance(e, MissingRequiredRequestBody | MissingRequestBody):
            out.append(FieldError("body", "", "is required"))
        elif isinstance(e, RequestBodyValidationError):
            out.extend(_cause_errors("body", "", e))
        elif isinstance(e, PathError):
            out.append(FieldError("operation", "", "the API declares no such path/method"))
        else:
            out.append(FieldError("operation", "", f"invalid request ({type(e).__name__})"))
    return out


def _loc(location: str) -> Location:
    if location in ("path", "query", "header", "cookie"):
        return location  # type: ignore[return-value]
    return "operation"


def _response_errors(errors: Iterable[BaseException]) -> list[FieldError]:
    out: list[FieldError] = []
    for e in errors:
        if isinstance(e, ResponseNotFound):
            out.append(FieldError("status", "", "status code is not declared for this operation"))
        elif isinstance(e, MissingHeaderError):
            out.append(FieldError("header", e.name, "is required"))
        elif isinstance(e, HeaderValidationError):
            out.extend(_cause_errors("header", e.name, e))
        elif isinstance(e, MissingData):
            out.append(FieldError("body", "", "is required for this status"))
        elif isinstance(e, DataValidationError):
            out.extend(_cause_errors("body", "", e))
        elif isinstance(e, PathError):
            out.append(FieldError("operation", "", "the API declares no such path/method"))
        else:
            out.extend(_cause_errors("body", "", e))
    return out


def _operation_label(op: Operation | None, method: str, path: str) -> str:
    return op.operation_id if op else f"{method.upper()} (undeclared path)"


# --------------------------------------------------------------------------- public API


def check_request(
    api: DuoApi | str,
    method: str,
    path: str,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None,
    query: Mapping[str, str | Sequence[str]] | None = None,
    body: Body = None,
) -> tuple[Operation | None, list[FieldError]]:
    """Validate a request; return the matched operation and the list of errors (empty: valid).

    ``path`` may include the ``/v1`` base path. ``body`` may be bytes (sent as is) or a JSON
    value (serialised first).
    """
    duo_api = DuoApi(api)
    rel = strip_base_path(path)
    found = find_operation(duo_api, method, rel)
    op = found[0] if found else None
    if op is None:
        return None, [FieldError("operation", "", f"{duo_api.value} declares no such path/method")]
    raw = encode_body(body)
    hdrs = _headers(headers)
    request = OpenApiRequest(
        host_url=_HOST,
        path=rel,
        method=method.lower(),
        parameters=RequestParameters(query=_query(query), header=hdrs),
        content_type=_content_type(hdrs, raw),
        body=raw,
    )
    result = load_openapi(duo_api).unmarshal_request(request)
    errors = _request_errors(result.errors)
    if not op.has_request_body and raw:
        errors.append(FieldError("body", "", "this operation takes no request body"))
    return op, errors


def validate_request(
    api: DuoApi | str,
    method: str,
    path: str,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None,
    query: Mapping[str, str | Sequence[str]] | None = None,
    body: Body = None,
) -> Operation:
    """Raise :class:`ContractViolation` unless the request conforms; return its operation."""
    op, errors = check_request(api, method, path, headers, query, body)
    if errors or op is None:
        raise ContractViolation(
            DuoApi(api).value, "request", _operation_label(op, method, path), errors
        )
    return op


def check_response(
    api: DuoApi | str,
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None,
    body: Body = None,
) -> tuple[Operation | None, list[FieldError]]:
    """Validate a response to ``method path``; return the operation and the errors.

    Stricter than openapi-core in one respect: a body on a status that declares no content
    is an error (DUO's 400/404 answers are empty).
    """
    duo_api = DuoApi(api)
    rel = strip_base_path(path)
    found = find_operation(duo_api, method, rel)
    op = found[0] if found else None
    if op is None:
        return None, [FieldError("operation", "", f"{duo_api.value} declares no such path/method")]
    raw = encode_body(body)
    hdrs = _headers(headers)
    request = OpenApiRequest(
        host_url=_HOST,
        path=rel,
        method=method.lower(),
        parameters=RequestParameters(),
        content_type="",
        body=None,
    )
    response = OpenApiResponse(
        status_code=status, content_type=_content_type(hdrs, raw), headers=hdrs, data=raw
    )
    result = load_openapi(duo_api).unmarshal_response(request, response)
    errors = _response_errors(result.errors)
    if raw and response_has_content(op, status) is False:
        errors.append(FieldError("body", "", f"status {status} declares no response body"))
    return op, errors


def validate_response(
    api: DuoApi | str,
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None,
    body: Body = None,
) -> Operation:
    """Raise :class:`ContractViolation` unless the response conforms; return its operation."""
    op, errors = check_response(api, method, path, status, headers, body)
    if errors or op is None:
        raise ContractViolation(
            DuoApi(api).value, "response", _operation_label(op, method, path), errors
        )
    return op
