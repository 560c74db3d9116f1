"""OIDC sign-in for production (e.g. the municipality's Entra ID / Keycloak).

Users and their memberships are managed in Spil; the identity provider only proves who
someone is, and a token never creates a user. The first sign-in matches an account on a
*verified* e-mail address and binds it to the provider's issuer and subject; from then on
only that issuer and subject sign the account in (an e-mail address can change hands, a
subject cannot). The provider's multi-factor authentication replaces Spil's TOTP step only
when the municipality trusts it (OIDC_TRUSTS_MFA) and the ID token proves it (`amr` or
`acr`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from spil.accounts.models import User
from spil.accounts.two_factor import OIDC_SESSION_FLAG

#: Authentication methods (RFC 8176) that are a second factor.
MFA_METHODS = frozenset({"mfa", "otp", "hwk", "swk", "sms", "tel", "fpt", "face", "iris", "sc"})


def mfa_proven(payload: dict[str, Any]) -> bool:
    """Whether the ID token says the provider used more than a password."""
    methods = payload.get("amr") or []
    if isinstance(methods, str):
        methods = [methods]
    if MFA_METHODS & {str(m).lower() for m in methods}:
        return True
    return bool(payload.get("acr")) and str(payload["acr"]) in settings.OIDC_MFA_ACR_VALUES


def email_verified(claims: dict[str, Any]) -> bool:
    value = claims.get("email_verified")
    return value is True or str(value).lower() == "true"


class SpilOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    id_token_payload: dict[str, Any]

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: Any) -> User | None:
        self.id_token_payload = dict(payload or {})
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        return user

    def _issuer_and_subject(self, claims: dict[str, Any]) -> tuple[str, str]:
        payload = getattr(self, "id_token_payload", {})
        issuer = str(payload.get("iss") or "")
        subject = str(payload.get("sub") or claims.get("sub") or "")
        if claims.get("sub") and payload.get("sub") and claims["sub"] != payload["sub"]:
            return "", ""  # userinfo about somebody else than the ID token
        expected = settings.OIDC_OP_ISSUER
        if expected and issuer != expected:
            return "", ""
        return issuer or expected, subject

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        issuer, subject = self._issuer_and_subject(claims)
        if not issuer or not subject:
            return User.objects.none()
        bound = User.objects.filter(oidc_issuer=issuer, oidc_subject=subject, is_active=True)
        if bound.exists():
            return bound
        email = claims.get("email")
        if not email or not email_verified(claims):
            return User.objects.none()
        # The first sign-in binds an account that no subject has claimed yet.
        return User.objects.filter(email__iexact=email, is_active=True, oidc_subject="")

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if not user.oidc_subject:
            user.oidc_issuer, user.oidc_subject = self._issuer_and_subject(claims)
            user.save(update_fields=["oidc_issuer", "oidc_subject"])
        return user

    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        user: User | None = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            payload = getattr(self, "id_token_payload", {})
            request.session[OIDC_SESSION_FLAG] = mfa_proven(payload)
        return user
