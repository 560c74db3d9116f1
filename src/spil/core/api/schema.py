"""The API's OpenAPI document: every operation lists each refusal it can answer, with its
body (the Error object, or the ValidationError object for a 400), so a client can rely on
the document alone. The refusals are shared responses under components/responses."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import append_meta
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny

from spil.core.api.serializers import ERROR_SCHEMA, VALIDATION_ERROR_SCHEMA

_WRITES = {"POST", "PUT", "PATCH"}
LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$"


def _error(description: str, schema: str = "Error") -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


ERROR_RESPONSES: dict[str, tuple[str, dict[str, Any]]] = {
    "400": (
        "BadRequest",
        _error(
            "The request's parameters or body were refused; the body names each field.",
            "ValidationError",
        ),
    ),
    "401": ("Unauthorized", _error("No valid credentials were sent.")),
    "403": (
        "Forbidden",
        _error(
            "Not signed in, or the caller may not do this (role, scope, or the purpose "
            "that this data needs)."
        ),
    ),
    "404": (
        "NotFound",
        _error("No such object that the caller may see (or a page beyond the list)."),
    ),
    "429": ("TooManyRequests", _error("Too many requests; try again later.")),
}


class SpilAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, adding the error answers an operation can give:

    - 400 when it reads query parameters (filters, `page`) or a body;
    - 401 when an authentication scheme answers it (a bearer token), 403 when signed-in
      callers may be refused (every operation but the public ones);
    - 404 when it names an object in its path, pages a list, or refers to objects in
      its body;
    - 429 when the view is throttled.
    An operation's own `responses` for a code win."""

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses: dict[str, Any] = operation.setdefault("responses", {})
        for code, body in self._error_answers(operation).items():
            responses.setdefault(code, body)
        for code, response in responses.items():
            # A refusal described in the view without a body gets the shared body.
            if code in ERROR_RESPONSES and "$ref" not in response and "content" not in response:
                response["content"] = ERROR_RESPONSES[code][1]["content"]
        return operation

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        if isinstance(field, serializers.TimeField):
            # A local time of day, "09:00:00": JSON Schema's "time" format would demand an
            # offset the answer does not carry.
            return append_meta(
                {"type": "string", "pattern": LOCAL_TIME_PATTERN, "example": "09:00:00"},
                self._get_serializer_field_meta(field, direction),  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
            )
        return super()._map_serializer_field(field, direction, bypass_extensions)  # type: ignore[no-untyped-call]  # drf-spectacular is untyped

    def _error_answers(self, operation: dict[str, Any]) -> dict[str, Any]:
        parameters = operation.get("parameters", [])
        in_query = any(p.get("in") == "query" for p in parameters)
        in_path = any(p.get("in") == "path" for p in parameters)
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        codes = []
        if in_query or self.method in _WRITES:
            codes.append("400")
        if not public:
            if any(_answers_401(a) for a in self.view.get_authenticators()):
                codes.append("401")
            codes.append("403")
        if in_path or self._is_list_view() or self.method in _WRITES:
            codes.append("404")
        if self.view.get_throttles():
            codes.append("429")
        return {
            code: {"$ref": f"#/components/responses/{ERROR_RESPONSES[code][0]}"} for code in codes
        }


def _answers_401(authenticator: BaseAuthentication) -> bool:
    # DRF answers 401 only for a scheme with a WWW-Authenticate challenge, else 403.
    return type(authenticator).authenticate_header is not BaseAuthentication.authenticate_header


def add_error_components(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: the shared refusals and their bodies."""
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["ValidationError"] = VALIDATION_ERROR_SCHEMA
    responses = components.setdefault("responses", {})
    for name, response in ERROR_RESPONSES.values():
        responses[name] = response
    return result
