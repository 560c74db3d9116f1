"""The portal's DigiD backend in development: the mock page instead of DigiD."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_KEY = "digid_mock_bsn"


class MockDigidBackend:
    name = "DigiD mock"

    def start(self, request: HttpRequest, return_url: str) -> HttpResponse:
        return HttpResponseRedirect(
            f"{reverse('digid_mock:login')}?{urlencode({'next': return_url})}"
        )

    def finish(self, request: HttpRequest) -> str | None:
        bsn = request.session.pop(SESSION_KEY, None)
        return bsn if isinstance(bsn, str) else None
