from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from spil.accounts.two_factor import is_verified

_EXEMPT_PREFIXES = ("/static/", "/i18n/", "/healthz", "/oidc/", "/api/duo/")


class RequireTwoFactorMiddleware:
    """A signed-in user who has not passed the second factor only reaches the 2FA pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not is_verified(request)
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and request.path not in self._exempt_paths()
        ):
            if request.path.startswith("/api/"):
                return HttpResponse(status=403)
            target = reverse("accounts:verify")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt_paths() -> set[str]:
        return {
            reverse("accounts:verify"),
            reverse("accounts:setup"),
            reverse("accounts:logout"),
            reverse("accounts:login"),
        }
