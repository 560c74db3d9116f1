"""The scopes a partner's system can be given, and django-oauth-toolkit's scopes backend:
a client may ask only for the scopes registered for it, and gets all of them by default."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oauth2_provider.scopes import BaseScopes


class Scope(StrEnum):
    PARTICIPANTS_READ = "participants:read"
    ATTENDANCE_WRITE = "attendance:write"
    HOURS_WRITE = "hours:write"
    RESULTS_WRITE = "results:write"
    WEEKPLAN_READ = "weekplan:read"


SCOPE_LABELS: dict[Scope, Promise] = {
    Scope.PARTICIPANTS_READ: _("Read the participants the organisation has a basis for"),
    Scope.ATTENDANCE_WRITE: _("Record attendance of sessions of the organisation's groups"),
    Scope.HOURS_WRITE: _("Record hours (language lessons, KNM, participation, MAP, PVT)"),
    Scope.RESULTS_WRITE: _("Record CEFR results per skill"),
    Scope.WEEKPLAN_READ: _("Read the week plan of the organisation's groups"),
}

# The English descriptions for the OpenAPI document (which is generated in English).
SCOPE_DESCRIPTIONS: dict[str, str] = {
    Scope.PARTICIPANTS_READ.value: "Read the participants the organisation has a basis for",
    Scope.ATTENDANCE_WRITE.value: "Record attendance of sessions of the organisation's groups",
    Scope.HOURS_WRITE.value: "Record hours (language lessons, KNM, participation, MAP, PVT)",
    Scope.RESULTS_WRITE.value: "Record CEFR results per skill",
    Scope.WEEKPLAN_READ.value: "Read the week plan of the organisation's groups",
}


def client_scopes(application: Any) -> list[str]:
    """The scopes registered for an OAuth application; none for one that is not an active
    partner client (revoked, or its organisation no longer active)."""
    client = getattr(application, "partner_client", None) if application is not None else None
    if client is None or not client.is_active:
        return []
    return [scope for scope in client.scopes if scope in SCOPE_DESCRIPTIONS]


class PartnerScopes(BaseScopes):  # type: ignore[misc]
    def get_all_scopes(self) -> dict[str, str]:
        return dict(SCOPE_DESCRIPTIONS)

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return client_scopes(application)

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return client_scopes(application)
