"""The API's parameters refused before any view reads them: NUL characters (web pages:
`spil.core.middleware.RefuseNullCharactersOnPagesMiddleware`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from spil.core.middleware import API_PREFIX

_NO_NULL_CHARACTERS = ProhibitNullCharactersValidator()


class RefuseNullCharactersMiddleware:
    """PostgreSQL stores no NUL character (U+0000) in text, and a query that compares
    with one fails as a server error. A body field with one is refused by its serializer
    (DRF's CharField); here the parameters of the API's views are:

    - a query parameter: a 400 that names it, with the message a body field gets;
    - a path parameter: a 404, as for any identifier that names no object.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not request.path_info.startswith(API_PREFIX):
            return None
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
