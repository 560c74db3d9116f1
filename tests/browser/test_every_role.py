"""Every demo role signs in through the real two-step sign-in, and every page it can reach
has zero WCAG 2.2 A/AA violations in Dutch and Arabic (right-to-left), each at desktop width
(1280 px) and phone width (390 px); at phone width no page scrolls sideways and no text is
squeezed to a letter per line. (English: the public and error pages below.)"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from spil.accounts.models import User
from spil_dev.demo.data import DEMO_PASSWORD, USERS, load_demo_data
from spil_dev.demo.scenarios import load_scenarios
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SKIP_PREFIXES = ("/uitloggen", "/oidc", "/static", "/api", "/i18n", "/healthz")
#: Files, not pages (the browser downloads them), e.g. a module's JSON export.
SKIP_SUFFIXES = (".json", ".pdf", ".ics", ".csv", ".xlsx")
LANGUAGES = {"nl": "ltr", "en": "ltr", "ar": "rtl"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: Dutch and Arabic (right-to-left), each at desktop and phone width.
VIEWS = [("nl", DESKTOP), ("nl", PHONE), ("ar", PHONE), ("ar", DESKTOP)]


def too_wide(page: Any) -> list[str]:
    """The elements sticking out of the screen, for the failure message."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => { const r = e.getBoundingClientRect();
                       return r.left < -1 || r.right > window.innerWidth + 1; })
        .slice(0, 8)
        .map(e => e.tagName.toLowerCase() + '.' + e.className + ': '
                  + (e.textContent || '').trim().slice(0, 30))"""
    )
    return found


def fits_phone_width(page: Any) -> bool:
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    )


#: Text squeezed into a column narrower than a few letters breaks one letter per line (a
#: table caption on a phone once did): every element with a word of text gets room for it.
SQUEEZED_TEXT = """() => {
  const found = [];
  for (const el of document.querySelectorAll(
      'main caption, main th, main td, main h1, main h2, main h3, main label, main legend,'
      + ' main dt, main dd, main a, main button, main p, main li, main summary')) {
    const text = (el.textContent || '').trim();
    if (text.length < 6 || !el.offsetParent) continue;
    const style = getComputedStyle(el);
    const em = parseFloat(style.fontSize) || 16;
    const lineHeight = parseFloat(style.lineHeight) || em * 1.4;
    const rect = el.getBoundingClientRect();
    // Narrower than three letters and taller than three lines: one letter per line.
    if (rect.width < em * 2 && rect.height > lineHeight * 3) {
      found.push(el.tagName.toLowerCase() + ': ' + text.slice(0, 40));
    }
  }
  return found;
}"""


def squeezed_text(page: Any) -> list[str]:
    found: list[str] = page.evaluate(SQUEEZED_TEXT)
    return found


def crawl(page: Any, base_url: str) -> list[str]:
    """Visit every page reachable by links from the start page, one per kind of page."""
    seen_views: set[str] = set()
    visited: list[str] = []
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        try:
            view = resolve(urlsplit(path).path).view_name
        except Resolver404:
            view = path
        if view in seen_views:
            continue
        seen_views.add(view)
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response.status}"
        check_axe(page)
        if page.viewport_size and page.viewport_size["width"] < 500:
            assert fits_phone_width(page), f"{path} scrolls sideways: {too_wide(page)}"
            assert not squeezed_text(page), f"{path} squeezes text: {squeezed_text(page)}"
        visited.append(view)
        # Downloads (a[download]: exports, PDFs) are files, not pages to crawl.
        links = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
        for href in links:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != base_url:
                continue
            if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
                continue
            if "#" in href:
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return visited


@pytest.mark.parametrize("username", [u.username for u in USERS])
def test_role_reaches_only_accessible_pages(username: str, context: Any, live_server: Any) -> None:
    load_demo_data(persons_per_municipality=3)
    load_scenarios()  # intakes, PIPs, groups, placements: their pages are crawled too
    user = User.objects.get(username=username)
    page = context.new_page()
    sign_in_ui(page, username, DEMO_PASSWORD, user.pk)
    for code, viewport in VIEWS:
        set_language(context, live_server.url, code)
        page.set_viewport_size(viewport)
        visited = crawl(page, live_server.url)
        assert "web:home" in visited
        html = page.locator("html")
        assert html.get_attribute("lang") == code
        assert html.get_attribute("dir") == LANGUAGES[code]
    if username.startswith("km."):
        assert "persons:detail" in visited, "a klantmanager reaches a person's page"
    if username == "beheer":
        assert {"audit:search", "accounts:organisations"} <= set(visited)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_public_and_error_pages(code: str, context: Any, live_server: Any) -> None:
    set_language(context, live_server.url, code)
    page = context.new_page()
    page.goto("/inloggen/")
    check_axe(page)
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator(".utrecht-alert--error").count() == 1
    check_axe(page)
    response = page.goto("/bestaat-niet/")
    assert response is not None and response.status == 404
    check_axe(page)
