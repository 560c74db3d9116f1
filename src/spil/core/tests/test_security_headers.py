"""Every page carries a strict Content-Security-Policy (no inline script or style, no
framing, forms only to Spil) and switches off the browser features Spil never uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[3]


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_pages_send_a_strict_content_security_policy(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    for url in (
        reverse("accounts:login"),
        reverse("persons:detail", args=[world.person_a.public_id]),
        reverse("portal:sign_in"),
    ):
        response = client.get(url)
        assert "Content-Security-Policy-Report-Only" not in response
        policy = _directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"][0] == "'self'"
        assert policy["base-uri"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_every_response_switches_off_camera_microphone_location_and_payment(
    client: Client,
) -> None:
    for url in (reverse("accounts:login"), "/healthz", "/does-not-exist/"):
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment"):
            assert f"{feature}=()" in policy


def test_templates_have_no_inline_script_style_or_event_handlers() -> None:
    """CSP would block them, so a page that has one is broken for the user: script and
    style come from static files. (PDF templates are rendered by WeasyPrint, not a browser.)"""
    offenders = []
    for template in (SRC / "spil").glob("**/templates/**/*.html"):
        if "/pdf/" in template.as_posix() or template.name == "pdf.html":
            continue
        offenders += _inline_code(template)
    for template in (SRC / "spil_dev").glob("**/templates/**/*.html"):
        offenders += _inline_code(template)
    assert offenders == []


def _inline_code(template: Path) -> list[str]:
    import re

    text = template.read_text()
    patterns = {
        "inline script": r"<script(?![^>]*\bsrc=)[^>]*>",
        "style element": r"<style\b",
        "style attribute": r"\sstyle=",
        "event handler": r"\son[a-z]+=",
        "hx-on": r"\shx-on",
        "javascript: URL": r"javascript:",
    }
    return [
        f"{template.relative_to(SRC)}: {name}"
        for name, pattern in patterns.items()
        if re.search(pattern, text)
    ]


def test_the_digid_broker_may_receive_the_portal_sign_in_form() -> None:
    from spil.settings.base import _origin

    assert _origin("https://broker.example.nl/auth/realms/x/authorize") == (
        "https://broker.example.nl"
    )


def test_the_api_schema_is_only_for_signed_in_staff(world: World, client: Client) -> None:
    url = reverse("api-schema")
    assert client.get(url).status_code in (401, 403)
    password_only = Client()
    password_only.force_login(world.user("klantmanager_a"))
    assert password_only.get(url).status_code in (401, 403)
    staff = sign_in(Client(), world.user("klantmanager_a"))
    response = staff.get(url)
    assert response.status_code == 200
    assert b"openapi" in response.content
