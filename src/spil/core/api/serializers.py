"""Serializer pieces shared by every API: the error bodies, and choice fields that answer
`null` (never `""`) where a value is absent."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from rest_framework import serializers

_M = TypeVar("_M", bound=Model)


# The body of every refusal that is not about the request's fields (401, 403, 404, 405,
# 429): DRF's `detail`, one message in the caller's language.
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the caller's language"}
    },
    "required": ["detail"],
}


# A 400 names the fields: field name → its messages, `non_field_errors` for the whole
# request, `detail` for a body that is not JSON; a nested field answers a nested object.
VALIDATION_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Field name → the messages about that field, in the caller's language. "
    "`non_field_errors` holds messages about the request as a whole; `detail` a body "
    "that could not be read.",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "string"},
            {"type": "object", "additionalProperties": {}},
        ]
    },
    "example": {"status": ["Choose one of: open, done."]},
}


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice the model stores as "" when absent, exchanged as `null`: the documented
    enum holds only real values. ("" is still read as absent, for older clients.)"""

    def to_representation(self, value: Any) -> Any:
        if value in ("", None):
            return None
        return super().to_representation(value)

    def to_internal_value(self, data: Any) -> Any:
        if data == "":
            return ""
        return super().to_internal_value(data)

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        is_empty, value = super().validate_empty_values(data)
        if is_empty and value is None:
            return (True, "")
        return (is_empty, value)


# The API's ModelSerializer: a model choice that may be blank is `null` when blank. (A
# comment, not a docstring: drf-spectacular would describe every serializer with it.)
class ModelSerializer(serializers.ModelSerializer[_M]):
    def build_standard_field(
        self, field_name: str, model_field: Any
    ) -> tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if "choices" in kwargs and model_field.blank and not model_field.null:
            kwargs.pop("allow_blank", None)
            kwargs["allow_null"] = True
            return BlankAsNullChoiceField, kwargs
        return field_class, kwargs
