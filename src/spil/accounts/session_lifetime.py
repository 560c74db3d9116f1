"""Every session ends at a fixed age, however busy: the idle timeout (SESSION_COOKIE_AGE)
alone would let a session that is used every few minutes live for ever.

The idle timeout itself is renewed by saving the session, at most once a minute
(SPIL_SESSION_RENEW_SECONDS) rather than on every request: each save is a database commit,
and a busy klantmanager opens several pages a minute. A session then ends between
SESSION_COOKIE_AGE minus that minute and SESSION_COOKIE_AGE after its last request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from spil.accounts.services import SESSION_STARTED_KEY, start_session_clock

SESSION_RENEWED_KEY = "spil_session_renewed"


def on_user_logged_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        start_session_clock(request)


class SessionLifetimeMiddleware:
    """Ends a session older than SPIL_SESSION_ABSOLUTE_SECONDS; the next page then asks
    to sign in again, as after the idle timeout."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = request.session.get(SESSION_STARTED_KEY)
        now = timezone.now().timestamp()
        if isinstance(started, int | float):
            if now - started > settings.SPIL_SESSION_ABSOLUTE_SECONDS:
                logout(request)  # flushes the session, the newcomer's portal session too
        elif request.user.is_authenticated:
            # A session from before this rule: its clock starts now.
            start_session_clock(request)
        response = self.get_response(request)
        self._renew_idle_timeout(request, now)
        return response

    @staticmethod
    def _renew_idle_timeout(request: HttpRequest, now: float) -> None:
        """Mark a signed-in session for saving (which moves its expiry) when it was last
        saved more than SPIL_SESSION_RENEW_SECONDS ago; SessionMiddleware saves it."""
        session = request.session
        if SESSION_STARTED_KEY not in session:
            return  # signed out, or never signed in: nothing to keep alive
        renewed = session.get(SESSION_RENEWED_KEY)
        if (
            session.modified
            or not isinstance(renewed, int | float)
            or now - renewed >= settings.SPIL_SESSION_RENEW_SECONDS
        ):
            session[SESSION_RENEWED_KEY] = now
