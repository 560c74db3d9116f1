"""A direct route for DUO's notifications past the browser middleware (sessions, locale,
CSRF, sign-in, two-factor, messages, htmx, lockouts), none of which applies to a machine
caller without a session. It halves the CPU an accepted notification costs.

What still applies: the host check (``ALLOWED_HOSTS``), a request id for the logs, and the
request signals that manage database connections. Everything else goes to Django as usual.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.urls import set_script_prefix

from spil.core.context import request_id_var

NOTIFICATIES_PATH = "/api/duo/v1/notificaties"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def with_notificatie_fast_path(application: WSGIApplication) -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != NOTIFICATIES_PATH:
            return application(environ, start_response)
        from spil.duo_inbound import api  # settings must be ready first

        set_script_prefix("/")
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        request = WSGIRequest(environ)
        incoming = request.headers.get("X-Request-ID", "")
        token = request_id_var.set(
            incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        )
        try:
            request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware would check
            response = api.notificaties(request)
        except DisallowedHost:
            response = api.error_response(400, "header.Host")
        finally:
            request_id_var.reset(token)
        response._handler_class = WSGIHandler  # type: ignore[attr-defined]
        status = f"{response.status_code} {response.reason_phrase}"
        headers = [
            *response.items(),
            *(("Set-Cookie", c.OutputString()) for c in response.cookies.values()),
        ]
        start_response(status, headers)
        return response  # its close() sends request_finished

    return app
