"""Browser tests: Playwright (Python) driving Debian's chromium, axe-core on every page."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
_AXE_LOADER = "() => {\n" + (AXE_SOURCE.read_text() if AXE_SOURCE.exists() else "") + "\n}"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NAVIGATION_RACE = (
    "Execution context was destroyed",
    "Cannot read properties of null",
    "navigation",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (in CI a missing browser is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        _missing("Debian's chromium is not installed")
    if not AXE_SOURCE.exists():
        _missing("axe-core is not installed (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    ctx = browser.new_context(base_url=live_server.url, locale="nl-NL")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


def set_language(ctx: Any, base_url: str, code: str) -> None:
    ctx.add_cookies([{"name": "django_language", "value": code, "url": base_url}])


def _run_axe(page: Any) -> dict[str, Any]:
    page.wait_for_load_state("load")
    # Evaluated over the DevTools protocol, not as an inline <script>: the page's
    # Content-Security-Policy stays in force while axe checks it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE_LOADER)
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return result


def check_axe(page: Any) -> None:
    """Zero WCAG 2.2 A/AA violations (target sizes included) once the page has loaded.

    A navigation that starts while axe is injected (a form posted just before) destroys
    the document axe runs in; the check then runs again on the page that arrives.
    """
    from playwright.sync_api import Error as PlaywrightError

    try:
        result = _run_axe(page)
    except PlaywrightError as error:
        if not any(sign in str(error) for sign in NAVIGATION_RACE):
            raise
        page.wait_for_timeout(250)
        result = _run_axe(page)
    violations = result["violations"]
    if violations:
        lines = [f"axe violations on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']}: {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:200]}")
        pytest.fail("\n".join(lines))


def fresh_code(user_id: int) -> str:
    """A TOTP code the device has not accepted yet (codes are single-use per 30 s step)."""
    device = TOTPDevice.objects.get(user_id=user_id, confirmed=True)
    while True:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        if totp.t() > device.last_t:
            return f"{totp.token():06d}"
        # The tolerance window accepts the next step's code as well.
        totp.time = totp.time + device.step
        if totp.t() > device.last_t and totp.t() <= device.last_t + 1:
            return f"{totp.token():06d}"
        time.sleep(1)


def sign_in_ui(
    page: Any, username: str, password: str, user_id: int, *, check: bool = True
) -> None:
    page.goto("/inloggen/")
    if check:
        check_axe(page)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url("**/inloggen/verificatie/**")
    if check:
        check_axe(page)
    page.fill("#id_token", fresh_code(user_id))
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/inloggen/" not in url)
