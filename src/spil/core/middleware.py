from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from spil.core.context import request_id_var, request_memo_var

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id (or keeps a sane one from a proxy) for logs and audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        memo_token = request_memo_var.set({})
        try:
            response = self.get_response(request)
        finally:
            request_memo_var.reset(memo_token)
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class DutchByDefaultLocaleMiddleware:
    """Dutch unless the user chose a language: the browser's Accept-Language is ignored,
    so a municipality's staff see the same screens as their colleagues by default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
