from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults
from django.views.decorators.http import require_GET
from rest_framework.exceptions import NotFound

from spil.accounts.roles import Role
from spil.web.navigation import upcoming_for

#: Roles whose start page is the reports (a user who also holds another role keeps the
#: start page with all their work on it).
START_ON_REPORTS = frozenset({Role.BELEIDSMEDEWERKER})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = list(user.active_memberships())  # type: ignore[union-attr]
    roles = {m.role for m in memberships}
    if roles and roles <= START_ON_REPORTS:
        # The beleidsmedewerker's work is the reports: the start page opens on them.
        return redirect("reports:index")
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


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400, and 413 for a post larger than Spil accepts: said plainly, in the user's
    language, never Django's debug or default page."""
    if isinstance(exception, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return render(request, "413.html", {"limit_mb": limit_mb}, status=413)
    return render(request, "400.html", status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404. Under /api/ the API's error body (JSON `detail`, as openapi.yaml documents it)
    also for an address no route matches, e.g. a code with a character a route refuses."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception or Exception())


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the user's language, with the request id to quote to the beheerder. Rendered
    without the request's context processors: whatever failed (the database, the session)
    must not fail this page too. Production never shows a debug page (DEBUG is off there)."""
    from django.template import loader

    # Imported late: this page must render even when importing the rest failed.
    from spil.core.context import current_request_id

    page = loader.get_template("500.html").render({"request_id": current_request_id()})
    return HttpResponse(page, status=500)
