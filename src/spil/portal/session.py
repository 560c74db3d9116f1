"""The newcomer's session: who is signed in to the portal, and the guard on every page.

A newcomer is no staff user: their session holds the person's id under its own key and no
Django user, so every staff page (login required) sends them to the staff sign-in. Signing
in as a newcomer ends any staff session in that browser first, and a browser with a
signed-in staff user gets 403 on every portal page: staff never see the portal as a
newcomer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from spil.accounts.services import start_session_clock
from spil.core.newcomer_texts import DEFAULT_LANGUAGE, NEWCOMER_LANGUAGES, newcomer_language
from spil.persons.models import Person

PERSON_KEY = "portal_person_id"
LANGUAGE_KEY = "portal_language"

P = ParamSpec("P")


def sign_in_person(request: HttpRequest, person: Person) -> None:
    """Start a fresh newcomer session for `person` (any staff session ends)."""
    logout(request)
    request.session.cycle_key()
    request.session[PERSON_KEY] = person.pk
    request.session[LANGUAGE_KEY] = newcomer_language(person.preferred_language)
    start_session_clock(request)


def sign_out_person(request: HttpRequest) -> None:
    request.session.flush()


def current_person(request: HttpRequest) -> Person | None:
    """The signed-in newcomer; None without one, or when a staff user is signed in."""
    if request.user.is_authenticated:
        return None
    person_id = request.session.get(PERSON_KEY)
    if not isinstance(person_id, int):
        return None
    return Person.objects.filter(pk=person_id).select_related("municipality", "regisseur").first()


def own_language(person: Person) -> str:
    return newcomer_language(person.preferred_language)


def portal_language(request: HttpRequest, person: Person | None = None) -> str:
    """The language the portal speaks now: the newcomer's own, or Dutch after the switch;
    before sign-in, the one chosen on the sign-in page."""
    chosen = request.session.get(LANGUAGE_KEY)
    if isinstance(chosen, str) and chosen in NEWCOMER_LANGUAGES:
        return chosen
    return own_language(person) if person is not None else DEFAULT_LANGUAGE


def set_portal_language(request: HttpRequest, language: str) -> None:
    if language in NEWCOMER_LANGUAGES:
        request.session[LANGUAGE_KEY] = language


def newcomer_required(
    view: Callable[Concatenate[HttpRequest, Person, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """A portal page: the signed-in newcomer is passed to the view; a staff user gets 403,
    a browser without a newcomer goes to the portal's sign-in."""

    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            raise PermissionDenied
        person = current_person(request)
        if person is None:
            return redirect("portal:sign_in")
        return view(request, person, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper
