from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spil.web.navigation import upcoming_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = list(user.active_memberships())  # type: ignore[union-attr]
    roles = {m.role for m in memberships}
    return render(
        request,
        "web/home.html",
        {"memberships": memberships, "upcoming": upcoming_for(roles)},
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
