from __future__ import annotations

import time

from django_otp.oath import TOTP

from spil_dev.demo.data import DEMO_TOTP_KEY


def current_demo_code(at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for the demo key (now, or at `at`)."""
    generator = TOTP(DEMO_TOTP_KEY, step=30, t0=0, digits=6)
    generator.time = at if at is not None else time.time()
    return f"{generator.token():06d}"
