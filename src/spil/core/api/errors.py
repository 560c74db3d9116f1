"""Errors shared by the REST API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def drf_validation_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 400, with the field names it gave."""
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (settings REST_FRAMEWORK["EXCEPTION_HANDLER"]), with Django's 404 as
    DRF's own "Not found." in the caller's language: Django's message ("No Task matches
    the given query.", or a view's note for developers) is English and names the model."""
    if isinstance(exc, Http404):
        exc = NotFound()
    return drf_exception_handler(exc, context)
