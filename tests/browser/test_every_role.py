"""Every demo role signs in through the real two-step sign-in, and every page it can reach
has zero WCAG 2.2 A/AA violations in Dutch, English and Arabic (right-to-left)."""

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


def fits_phone_width(page: Any) -> bool:
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    )


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
            assert fits_phone_width(page), f"{path} scrolls sideways at phone width"
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
    for code, direction in LANGUAGES.items():
        set_language(context, live_server.url, code)
        # Arabic is checked at phone width: right-to-left and narrow at once.
        page.set_viewport_size({"width": 390, "height": 844} if code == "ar" else DESKTOP)
        visited = crawl(page, live_server.url)
        assert "web:home" in visited
        html = page.locator("html")
        assert html.get_attribute("lang") == code
        assert html.get_attribute("dir") == direction
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
