"""Changes to accounts and their sessions."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

SESSION_STARTED_KEY = "spil_session_started"


def start_session_clock(request: HttpRequest) -> None:
    """The absolute session lifetime counts from here (spil.accounts.session_lifetime):
    every sign-in calls it (staff through the user_logged_in signal; the portal itself)."""
    request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()
