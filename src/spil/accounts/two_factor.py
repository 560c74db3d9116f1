"""Second factor: TOTP (django-otp), or an identity provider trusted to have done MFA."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

OIDC_SESSION_FLAG = "spil_oidc_mfa"


def is_verified(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if getattr(user, "is_verified", lambda: False)():
        return True
    return bool(settings.OIDC_TRUSTS_MFA and request.session.get(OIDC_SESSION_FLAG))
