from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from spil.accounts.two_factor import is_verified


class IsVerifiedMember(BasePermission):
    """Signed in, second factor passed, and at least one active role."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and is_verified(request._request)
            and user.active_memberships().exists()
        )
