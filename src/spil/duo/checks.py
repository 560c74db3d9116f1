"""Deployment checks of the DUO exchange (``spil check --deploy``).

Production must never trust a ``bron`` header alone (the gateway header carries the OIN of
the sender's verified PKIoverheid certificate), never take the sandbox's OIN for DUO's, and
never talk to a sandbox or a local address as if it were DUO. ``spil.settings.production``
refuses to start on the same conditions (:func:`deployment_problems`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

#: The sandbox's OIN (``spil_dev.duo_sandbox.SANDBOX_DUO_OIN``, printed in the README): the
#: development default of ``SPIL_DUO_OIN``. Never DUO's OIN.
SANDBOX_DUO_OIN = "00000099000000000001"

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", ""})  # noqa: S104


def _base_url_problem(base_url: str) -> str:
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https"):
        return "SPIL_DUO_BASE_URL must be an http(s) address (the Digikoppeling gateway)"
    if host in _LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost"):
        return "SPIL_DUO_BASE_URL points at a local address, not at DUO"
    if "sandbox" in host:
        return "SPIL_DUO_BASE_URL points at a sandbox, not at DUO"
    return ""


def deployment_problems(*, gateway_header: str, duo_oin: str, base_url: str) -> list[str]:
    """What makes these DUO settings unfit for production (empty: fit)."""
    problems = []
    if not gateway_header.strip():
        problems.append(
            "SPIL_DUO_GATEWAY_OIN_HEADER must name the gateway's certificate-OIN header: "
            "without it anyone who reaches the Notificatie API can post DUO events"
        )
    if duo_oin == SANDBOX_DUO_OIN:
        problems.append("SPIL_DUO_OIN is the DUO sandbox's OIN, not DUO's")
    base_url_problem = _base_url_problem(base_url)
    if base_url_problem:
        problems.append(base_url_problem)
    return problems


@checks.register(checks.Tags.security, deploy=True)
def check_duo_deployment(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(problem, id=f"spil.duo.E00{number}")
        for number, problem in enumerate(
            deployment_problems(
                gateway_header=settings.SPIL_DUO_GATEWAY_OIN_HEADER,
                duo_oin=settings.SPIL_DUO_OIN,
                base_url=settings.SPIL_DUO_BASE_URL,
            ),
            start=1,
        )
    ]
