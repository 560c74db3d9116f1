"""DigiD sign-in behind a small interface, so the portal does not depend on how DigiD is
reached.

A backend starts the sign-in (a redirect to DigiD, or to the mock in development) and, when
the browser comes back, says which BSN DigiD vouched for. The portal then matches that BSN
to exactly one person (`services.person_for_bsn`).

Which backend runs is configuration: in development and the tests the DigiD mock
(`spil_dev.digid_mock`) registers itself from its `AppConfig.ready()`; in production DigiD
through the municipality's OIDC broker (`spil.portal.digid_oidc`) is registered by
`PortalConfig.ready()` when `SPIL_DIGID_OIDC_ENABLED`. Without a backend the portal offers
only the klantmanager's one-time link.
"""

from __future__ import annotations

from typing import Protocol

from django.http import HttpRequest, HttpResponse


class DigidBackend(Protocol):
    """Signs a newcomer in with DigiD."""

    name: str

    def start(self, request: HttpRequest, return_url: str) -> HttpResponse:
        """Send the browser to DigiD; DigiD sends it back to `return_url`."""
        ...

    def finish(self, request: HttpRequest) -> str | None:
        """The BSN DigiD vouched for on the way back, once; None when the sign-in failed
        or was cancelled."""
        ...


_BACKEND: list[DigidBackend] = []


def register_backend(backend: DigidBackend) -> None:
    """Make `backend` the DigiD sign-in (idempotent: the last one registered counts)."""
    _BACKEND[:] = [backend]


def backend() -> DigidBackend | None:
    return _BACKEND[0] if _BACKEND else None
