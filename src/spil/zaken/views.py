"""The Notificaties webhook (the zaaksysteem tells Spil a zaak changed) and the beheer page
of ZGW calls that wait or were refused."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from spil.zaken import queries, services
from spil.zaken.contract import ZgwApi, api_version, check_request


def _problem(status: int, code: str, title: str, detail: str) -> JsonResponse:
    body: dict[str, Any] = {
        "code": code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }
    if status == 400:
        body["invalidParams"] = [{"name": "nonFieldErrors", "code": code, "reason": detail}]
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    response["API-version"] = api_version(ZgwApi.NOTIFICATIES)
    return response


@csrf_exempt
@require_POST
def notificaties(request: HttpRequest) -> HttpResponse:
    """The sink of Spil's subscription: one CloudEvent per POST (the ``Event`` schema)."""
    if not settings.SPIL_ZGW_ENABLED:
        raise Http404
    if not services.authorised(request.headers.get("Authorization", "")):
        return _problem(401, "not_authenticated", "Unauthorized", "Invalid or missing token")
    try:
        event = json.loads(request.body)
    except ValueError:
        return _problem(400, "parse_error", "Bad request", "The body is not valid JSON")
    headers = {
        "Authorization": request.headers.get("Authorization", ""),
        "Content-Type": request.headers.get("Content-Type", ""),
    }
    errors = check_request(ZgwApi.NOTIFICATIES, "POST", "/events", headers, None, request.body)
    if errors or not isinstance(event, dict):
        return _problem(400, "invalid", "Bad request", "; ".join(errors) or "Not an event")
    services.receive_notification(event)
    response = HttpResponse(status=204)
    response["API-version"] = api_version(ZgwApi.NOTIFICATIES)
    return response


@login_required
def calls(request: HttpRequest) -> HttpResponse:
    if not settings.SPIL_ZGW_ENABLED:
        raise Http404
    if not queries.can_see_calls(request.user):
        raise PermissionDenied
    # Kinds of calls, zaak numbers and errors (field names, never values): no person's data.
    rows = list(queries.open_calls()[:200])
    context = {
        "rows": rows,
        "counts": queries.counts(),
        "zaken_url": settings.SPIL_ZGW_ZAKEN_URL,
    }
    return render(request, "zaken/calls.html", context)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not settings.SPIL_ZGW_ENABLED:
        raise Http404
    if not queries.can_see_calls(request.user):
        raise PermissionDenied
    call = get_object_or_404(queries.open_calls(), pk=pk)
    if services.retry_now(call):
        messages.success(request, _("The call to the zaaksysteem is being made again."))
    return HttpResponseRedirect(reverse("zaken:calls"))
