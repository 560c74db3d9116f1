"""OIDC sign-in for production (e.g. the municipality's Azure AD / Keycloak).

Users and their memberships are managed in Spil; the identity provider only proves who
someone is. A user is matched on e-mail address and never created from a token.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from spil.accounts.models import User
from spil.accounts.two_factor import OIDC_SESSION_FLAG


class SpilOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = claims.get("email")
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        user: User | None = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            request.session[OIDC_SESSION_FLAG] = True
        return user
