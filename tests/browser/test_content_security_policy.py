"""The strict Content-Security-Policy holds in a real browser: signing in, the caseload, a
dossier with its HTMX parts (older timeline entries, a task done in place) and the
newcomer's portal through the DigiD mock load without a single blocked script, style or
form. This context does not bypass the policy (the axe checks elsewhere may)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from spil.portal.tests.support import portal_world
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import sign_in_ui
from tests.browser.test_caseload_dossier import _data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def _strict_context(browser: Any, live_server: Any) -> tuple[Any, list[str]]:
    ctx = browser.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=False)
    ctx.set_default_timeout(15_000)
    ctx.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    ctx.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return ctx, console


def _assert_no_violations(page: Any, console: list[str]) -> None:
    violations = page.evaluate("window.__cspViolations || []")
    assert violations == [], f"CSP violations on {page.url}: {violations}"
    assert console == [], f"CSP messages on {page.url}: {console}"


def test_staff_pages_and_htmx_work_under_the_policy(browser: Any, live_server: Any) -> None:
    world, person = _data()
    km = world.user("klantmanager_a")
    ctx, console = _strict_context(browser, live_server)
    try:
        page = ctx.new_page()
        sign_in_ui(page, km.username, TEST_PASSWORD, km.pk, check=False)
        _assert_no_violations(page, console)
        page.goto("/personen/")
        _assert_no_violations(page, console)
        page.goto(f"/personen/{person.public_id}/")
        policy = page.evaluate(
            "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
        )
        assert "script-src 'self'" in policy
        _assert_no_violations(page, console)

        page.click("#tasks button[type=submit]")
        page.wait_for_selector("#tasks .utrecht-alert--ok")
        # htmx swapped in place: the page did not reload, so every violation is still listed.
        assert page.url.endswith(f"/personen/{person.public_id}/")
        _assert_no_violations(page, console)

        page.goto(f"/personen/{person.public_id}/tijdlijn/")
        before = page.locator("#timeline-list > li").count()
        page.click("#timeline-more a")
        page.locator("#timeline-list > li").nth(before).wait_for()
        assert page.url.endswith(f"/personen/{person.public_id}/tijdlijn/")
        _assert_no_violations(page, console)
    finally:
        ctx.close()


def test_the_portal_works_under_the_policy(browser: Any, live_server: Any) -> None:
    world = build_world()
    portal_world(world)
    person = world.person_a
    assert person is not None
    ctx, console = _strict_context(browser, live_server)
    try:
        page = ctx.new_page()
        page.goto(reverse("portal:sign_in"))
        _assert_no_violations(page, console)
        page.click("button[type=submit]")
        page.wait_for_url("**/digid-mock/**")
        _assert_no_violations(page, console)
        page.fill("#bsn", person.bsn)
        page.click("button[type=submit]")
        page.wait_for_url("**/mijn/")
        _assert_no_violations(page, console)
        page.click("#read-aloud")
        page.wait_for_selector("#read-aloud-note:not([hidden])")
        _assert_no_violations(page, console)
    finally:
        ctx.close()
