"""Who a partner API request is: an OAuth token of an active partner client, with the
scope the endpoint needs. No token: 401; a token without the scope: 403."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from oauth2_provider.contrib.rest_framework import OAuth2Authentication, TokenHasScope
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from spil.partner_api import queries
from spil.partner_api.models import PartnerClient


def partner_client(request: Request) -> PartnerClient | None:
    """The active partner client behind the request's token (looked up once)."""
    if hasattr(request, "_partner_client"):
        cached: PartnerClient | None = request._partner_client
        return cached
    application_id = getattr(request.auth, "application_id", None)
    client = None
    if application_id is not None:
        found = queries.client_for_application(int(application_id))
        client = found if found is not None and found.is_active else None
    request._partner_client = client  # type: ignore[attr-defined]
    return client


class IsPartnerClient(TokenHasScope):  # type: ignore[misc]
    """A valid token with the view's `required_scopes`, of an active partner client."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        return partner_client(request) is not None


class PartnerClientThrottle(SimpleRateThrottle):
    """Requests per client (not per IP): SPIL_PARTNER_API_RATE, counted in the cache."""

    scope = "partner"

    def get_rate(self) -> str | None:
        rate: str | None = settings.SPIL_PARTNER_API_RATE
        return rate

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth
        application_id = getattr(token, "application_id", None)
        if application_id is None:
            return None  # refused by authentication anyway
        return self.cache_format % {"scope": self.scope, "ident": application_id}


class TokenEndpointThrottle(SimpleRateThrottle):
    """Token requests per address (SPIL_PARTNER_TOKEN_RATE): guessing secrets, or making
    Spil hash wrong ones at will, runs into 429. The address is the client's as DRF sees
    it (REMOTE_ADDR, or X-Forwarded-For behind NUM_PROXIES proxies)."""

    scope = "partner-token"

    def get_rate(self) -> str | None:
        rate: str | None = settings.SPIL_PARTNER_TOKEN_RATE
        return rate

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


AUTHENTICATION = [OAuth2Authentication]
