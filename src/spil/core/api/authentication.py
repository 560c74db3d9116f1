"""Signed-in staff call the API with their session: DRF's SessionAuthentication, with the
CSRF refusal in the caller's language (DRF passes Django's English reason on)."""

from __future__ import annotations

from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication
from rest_framework.authentication import CSRFCheck
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request: Request) -> None:
        check = CSRFCheck(lambda request: None)  # type: ignore[arg-type]  # DRF's own dummy
        check.process_request(request)
        reason = check.process_view(request, None, (), {})  # type: ignore[arg-type]
        if reason:
            raise PermissionDenied(csrf_refusal(str(reason)))


def csrf_refusal(reason: str) -> str:
    """Django's CSRF reason (English, for logs) as a message for the caller."""
    if reason == REASON_NO_CSRF_COOKIE:
        return _("The CSRF check failed: the request carried no CSRF cookie.")
    if reason == REASON_CSRF_TOKEN_MISSING:
        return _("The CSRF check failed: send the CSRF token in the X-CSRFToken header.")
    if reason.startswith(("Origin checking failed", "Referer checking failed")):
        return _("The CSRF check failed: the request does not come from a trusted origin.")
    return _("The CSRF check failed: the CSRF token does not match the CSRF cookie.")


class SessionScheme(SpectacularSessionScheme):  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
    """The API document's `cookieAuth`, as for DRF's own class."""

    target_class = "spil.core.api.authentication.SessionAuthentication"
