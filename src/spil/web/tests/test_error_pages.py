"""Errors are said plainly, in the user's language: never a debug or default page."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from spil import urls as spil_urls
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_a_too_large_note_gets_a_plain_413_page(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    response = client.post(
        reverse("persons:contact_moment", args=[world.person_a.public_id]),
        {"cm-kind": "other", "cm-date": "2026-11-20", "cm-notes": "x" * (2 * 1024 * 1024)},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Te veel om in één keer te versturen" in page
    assert "1 MB" in page
    assert world.person_a.contact_moments.count() == 0


def test_the_note_field_stops_the_browser_before_the_limit(world: World) -> None:
    """The text is kept because it never gets too large: the browser stops typing at the
    field's maximum, far below the post limit."""
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    form_page = reverse("persons:contact_moment", args=[world.person_a.public_id])
    page = client.get(form_page).content.decode()
    assert 'name="cm-notes"' in page
    assert 'maxlength="10000"' in page


def test_the_413_page_goes_back_to_the_form_without_inline_script(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024):
        response = client.post(
            reverse("persons:contact_moment", args=[world.person_a.public_id]),
            {"cm-kind": "other", "cm-notes": "x" * 4096},
        )
    page = response.content.decode()
    assert response.status_code == 413
    assert "javascript:" not in page
    assert "data-history-back" in page and "spil/history-back" in page


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in Spil")


urlpatterns = [path("boom/", _boom), *spil_urls.urlpatterns]
handler500 = spil_urls.handler500


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("language", "heading", "direction"),
    [("nl", "Er ging iets mis", "ltr"), ("en", "Something went wrong", "ltr"), ("ar", "", "rtl")],
)
def test_a_server_error_is_a_friendly_page_in_the_users_language(
    world: World, language: str, heading: str, direction: str
) -> None:
    client = sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
    client.cookies["django_language"] = language
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert f'lang="{language}"' in page and f'dir="{direction}"' in page
    assert heading in page
    assert "Traceback" not in page and "a fault in Spil" not in page
    assert response["X-Request-ID"] in page
    assert "Content-Security-Policy" in response
