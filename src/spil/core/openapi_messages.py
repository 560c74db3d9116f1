"""Requests and answers as openapi-core validates them, shared by the contracts Spil speaks
exactly (DUO, the BRP, ZGW): the wire form of a body and the two shapes openapi-core's
Request and Response protocols ask for."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers

Body = bytes | str | None | Mapping[str, Any] | Sequence[Any] | int | float | bool


def encode_body(body: Body) -> bytes | None:
    """A body as the clients and sandboxes put it on the wire: JSON without spaces, UTF-8."""
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class OpenApiRequest:
    host_url: str
    path: str
    method: str
    content_type: str
    body: bytes | None
    parameters: RequestParameters = field(default_factory=RequestParameters)


@dataclass
class OpenApiResponse:
    status_code: int
    content_type: str
    data: bytes | None
    headers: Headers = field(default_factory=Headers)
