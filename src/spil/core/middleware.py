from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from spil.core.api.null_characters import refusal_of_api_parameters
from spil.core.context import request_id_var, request_memo_var
from spil.core.text import strip_bidi_controls

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
API_PREFIX = "/api/v1/"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RequestIdMiddleware:
    """Gives every request an id for logs and the processing log. A sane incoming
    X-Request-ID is kept only where the operator trusts the proxy that sets it
    (SPIL_TRUST_REQUEST_ID): a client must not choose what the processing log records."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.trust_incoming = bool(getattr(settings, "SPIL_TRUST_REQUEST_ID", False))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "") if self.trust_incoming else ""
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


class CleanFormInputMiddleware:
    """Form posts lose bidirectional control characters before any view sees them, so a
    name or a note can never display as something else (the API's JSON: CleanJSONParser)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            cleaned = request.POST.copy()
            for key, values in cleaned.lists():
                cleaned.setlist(key, [strip_bidi_controls(v) for v in values])
            request.POST = cleaned  # type: ignore[assignment]
        return self.get_response(request)


class RefuseNullCharactersMiddleware:
    """PostgreSQL stores no NUL character (U+0000) in text, and a query that compares with
    one fails as a server error. Once the address is resolved and before the view runs:

    - the API's parameters: `core.api.null_characters` (a 400 naming a query parameter, a
      404 for an identifier in the path; a body field is refused by its serializer);
    - a web page: its forms refuse a NUL (Django's CharField), but not every page reads its
      query string through a form (a filter, a picker's search), so a NUL in a query
      parameter, a posted form field or a path parameter answers the friendly 400 page.

    Nobody types one; it is a probe or a broken client.
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
        if request.path_info.startswith(API_PREFIX):
            return refusal_of_api_parameters(request, view_func, view_args, view_kwargs)
        given = [value for _name, values in request.GET.lists() for value in values]
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            given += [value for _name, values in request.POST.lists() for value in values]
        given += [value for value in (*view_args, *view_kwargs.values()) if isinstance(value, str)]
        if any("\x00" in value for value in given):
            return render(request, "400.html", status=400)
        return None


class NoStoreMiddleware:
    """Pages and files of Spil are personal data more often than not: no browser or proxy
    keeps them (static files are served before this, by WhiteNoise, and stay cacheable)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        return response


class PermissionsPolicyMiddleware:
    """Camera, microphone, location, payment and the other powerful browser features are off
    on every page: Spil uses none of them, so an injected script cannot either."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.policy = str(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response
