"""The live API against the committed openapi.yaml: schemathesis generates requests for
every operation from the document and sends them to Spil's WSGI application, signed in (a
klantmanager with persons in the caseload; the partner API with an OAuth token of a
registered client), and fails on any server error, any status code the operation does not
document, or any body that does not match its documented schema.

Bounded and deterministic: a few examples per operation, derandomized, no example
database, on the suite's fixed clock.

Schemathesis calls the application in the test's thread, on the test's connection inside
pytest-django's transaction, where the request signals' ``close_old_connections`` closes it
(autocommit is off there; SQLite ignores closing its in-memory test database, PostgreSQL's
connection was gone at the first query). ``APPLICATION`` therefore calls Django as its test
client does, with that receiver disconnected for the request and the response's close()."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from spil.partner_api.tests.conftest import Partner, api_for, partner  # noqa: F401 - fixture
from spil.persons.tests.factories import make_trajectory
from spil.testing import sign_in

OPENAPI = Path(__file__).resolve().parents[2] / "openapi.yaml"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CSRF_TOKEN = "schemathesis0schemathesis0schema"  # 32 characters: a valid unmasked secret


@contextmanager
def _connection_kept_open() -> Iterator[None]:
    """As django.test.client.ClientHandler: the request signals leave the test's
    connection (and its transaction) alone."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class _InTestTransaction:
    """Spil's WSGIHandler, with the whole exchange (the request, reading the body and the
    response's close(), which sends request_finished) inside the test's connection."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        with _connection_kept_open():
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
        return [body]


APPLICATION = _InTestTransaction()

schema = schemathesis.openapi.from_path(OPENAPI)
schema.config.generation.update(
    modes=["positive"], max_examples=6, deterministic=True, database="none"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def callers(partner: Partner) -> dict[str, dict[str, Any]]:  # noqa: F811 - the fixture above
    """How a signed-in klantmanager (session and CSRF cookies) and the partner's system (a
    bearer token) call."""
    cache.clear()  # the token endpoint's and the clients' rate limits
    world = partner.world
    assert world.person_a is not None
    make_trajectory(world.person_a)
    staff = sign_in(Client(), world.user("klantmanager_a"))
    return {
        "staff": {
            "base_url": "http://localhost",
            "headers": {"X-CSRFToken": CSRF_TOKEN},
            "cookies": {
                settings.SESSION_COOKIE_NAME: staff.cookies[settings.SESSION_COOKIE_NAME].value,
                settings.CSRF_COOKIE_NAME: CSRF_TOKEN,
            },
        },
        "partner": {
            "base_url": "https://localhost",
            "headers": {"Authorization": api_for(partner).headers["Authorization"]},
        },
    }


@schema.parametrize()
@hypothesis_settings(
    max_examples=6,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(
    case: Any, callers: dict[str, dict[str, Any]]
) -> None:
    caller = callers["partner" if case.path.startswith("/api/v1/partner/") else "staff"]
    case.call_and_validate(**caller, checks=CHECKS, app=APPLICATION)
