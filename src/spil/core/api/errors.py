"""Errors shared by the REST API."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError


def drf_validation_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 400, with the field names it gave."""
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})
