from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from spil.web.navigation import nav_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles: set[str] = set()
    if user is not None and user.is_authenticated and user.is_verified():
        roles = user.roles()
    return {
        "nav_items": nav_for(roles),
        "staff_languages": [(c, n) for c, n in settings.LANGUAGES if c in settings.STAFF_LANGUAGES],
        "spil_version": settings.SPIL_VERSION,
    }
