"""The API's parameters with a NUL character, refused before the view reads them (called by
`spil.core.middleware.RefuseNullCharactersMiddleware` for addresses under the API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest, JsonResponse
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

_NO_NULL_CHARACTERS = ProhibitNullCharactersValidator()


def refusal_of_api_parameters(
    request: HttpRequest,
    view_func: Callable[..., Any],
    view_args: tuple[Any, ...],
    view_kwargs: dict[str, Any],
) -> JsonResponse | None:
    """A body field with a NUL is refused by its serializer (DRF's CharField); the
    parameters are refused here:

    - a query parameter: a 400 that names it, with the message a body field gets;
    - a path parameter: a 404, as for any identifier that names no object.
    """
    view_class = getattr(view_func, "cls", None)
    if not (isinstance(view_class, type) and issubclass(view_class, APIView)):
        return None  # the OAuth token endpoint answers in OAuth's own format
    for name, values in request.GET.lists():
        for value in values:
            try:
                _NO_NULL_CHARACTERS(value)
            except DjangoValidationError as error:
                return JsonResponse({name: error.messages}, status=400)
    for value in (*view_args, *view_kwargs.values()):
        if isinstance(value, str) and "\x00" in value:
            return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return None
