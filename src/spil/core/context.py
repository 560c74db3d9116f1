"""Per-request context: the request id (for logging and the processing log) and a memo of
look-ups that hold for the whole request."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

request_id_var: ContextVar[str] = ContextVar("spil_request_id", default="-")
# Facts that cannot change while one request runs (the user's caseload scope, their
# organisation), looked up once per request. None outside a request: no caching there.
request_memo_var: ContextVar[dict[Any, Any] | None] = ContextVar("spil_request_memo", default=None)


def current_request_id() -> str:
    return request_id_var.get()


def request_memo() -> dict[Any, Any] | None:
    return request_memo_var.get()
