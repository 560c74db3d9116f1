"""Probes for the orchestrator (docs/deployment.md): `/health/live` and `/health/ready`.

Answered by the first middleware, before the host check, the HTTPS redirect, sessions and
sign-in: a kubelet or Docker asks over plain HTTP with the pod's address as host. They
reveal nothing but "ok" or which dependency is down.

* live: the process answers (no dependency: a database outage must not restart every pod);
* ready: the database and the cache (Redis in production) answer; until then the load
  balancer sends no traffic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger("spil.health")

LIVE_PATH = "/health/live"
READY_PATH = "/health/ready"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("spil:health", "ok", timeout=10)
    if cache.get("spil:health") != "ok":
        raise RuntimeError("the cache does not keep a value")


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "cache": _cache}


def readiness() -> tuple[int, dict[str, str]]:
    failed: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("readiness: %s is not available", name, exc_info=True)
            failed[name] = "unavailable"
    return (503, {"status": "unavailable", **failed}) if failed else (200, {"status": "ok"})


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == LIVE_PATH:
            return JsonResponse({"status": "ok"})
        if request.path == READY_PATH:
            status, body = readiness()
            return JsonResponse(body, status=status)
        return self.get_response(request)
