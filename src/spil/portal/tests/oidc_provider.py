"""A real OIDC provider for the tests of DigiD over OIDC: django-oauth-toolkit as the
municipality's DigiD broker (authorization code with PKCE, RS256 ID tokens carrying the
`bsn` claim), mounted beside Spil under `/test-oidc/` by this test-only URLconf.

The broker's "DigiD" step is `login/<bsn>/`: it signs a broker account in whose username is
the BSN (DigiD itself stays out of reach offline); the authorize endpoint then vouches for
it in the ID token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from oauth2_provider.oauth2_validators import OAuth2Validator

from spil.accounts.two_factor import OIDC_SESSION_FLAG


class DigidBrokerValidator(OAuth2Validator):  # type: ignore[misc]
    """Puts the signed-in account's BSN in the ID token, for the `bsn` scope."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "bsn": "bsn"}

    def get_additional_claims(self, request: Any) -> dict[str, str]:
        return {"bsn": request.user.username}


def digid_step(request: HttpRequest, bsn: str) -> HttpResponse:
    """DigiD at the broker: the resident with `bsn` signs in."""
    user, _ = get_user_model().objects.get_or_create(username=bsn)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # Spil's staff 2FA middleware runs on this test server too: the broker did its own.
    request.session[OIDC_SESSION_FLAG] = True
    return HttpResponse("signed in at DigiD")


urlpatterns = [
    path("test-oidc/login/<str:bsn>/", digid_step),
    path("test-oidc/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("", include("spil.urls")),
]
