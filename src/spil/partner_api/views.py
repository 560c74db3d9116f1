"""The functioneel beheerder's pages for partner systems: the registered clients, a new
client (its secret shown once), revoking one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from spil.accounts.access import has_any_role
from spil.accounts.queries import request_user
from spil.accounts.roles import Role
from spil.partner_api import queries, services
from spil.partner_api.forms import RegisterClientForm
from spil.partner_api.scopes import SCOPE_LABELS


def _require_beheerder(request: HttpRequest) -> None:
    if not has_any_role(request.user, Role.FUNCTIONEEL_BEHEERDER):
        raise PermissionDenied


@login_required
def clients(request: HttpRequest) -> HttpResponse:
    _require_beheerder(request)
    labels = {scope.value: label for scope, label in SCOPE_LABELS.items()}
    rows = [
        {
            "client": client,
            "scopes": [labels.get(s, s) for s in client.scopes],
        }
        for client in queries.clients().order_by("organisation__name", "application__name")
    ]
    return render(request, "partner_api/clients.html", {"rows": rows})


@never_cache
@login_required
def register(request: HttpRequest) -> HttpResponse:
    _require_beheerder(request)
    form = RegisterClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration = services.register_client(
            form.cleaned_data["organisation"],
            form.cleaned_data["name"],
            form.cleaned_data["scopes"],
            actor=request_user(request),
        )
        # The secret is shown in this one answer and never again (Spil keeps its hash).
        response = render(
            request,
            "partner_api/registered.html",
            {"client": registration.client, "client_secret": registration.client_secret},
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "partner_api/register.html", {"form": form})


@require_POST
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_beheerder(request)
    client = get_object_or_404(queries.clients(), pk=pk)
    services.revoke_client(client, actor=request_user(request))
    messages.success(request, _("The client is revoked: its tokens no longer work."))
    return redirect("partner_api:clients")
