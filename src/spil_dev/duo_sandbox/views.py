"""The demo tool that fires DUO events at Spil through the sandbox ("Send a DUO event",
for the functioneel beheerder, while ``SPIL_DUO_SANDBOX`` is on)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from spil.duo import queries
from spil_dev.duo_sandbox import sandbox_tools
from spil_dev.duo_sandbox.forms import SendEventForm


@login_required
def send_event(request: HttpRequest) -> HttpResponse:
    if not settings.SPIL_DUO_SANDBOX:
        raise Http404
    if not queries.can_use_sandbox(request.user):
        raise PermissionDenied
    form = SendEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fired = fire(
            form.cleaned_data["bsn"], form.cleaned_data["event"], form.cleaned_data["gemeente"]
        )
        if fired.status_code == 201:
            messages.success(
                request,
                _("DUO event %(event)s was sent; Spil accepted it.")
                % {"event": form.cleaned_data["event"]},
            )
        else:
            messages.error(
                request,
                _("DUO event %(event)s was refused with status %(status)s.")
                % {"event": form.cleaned_data["event"], "status": fired.status_code},
            )
        return HttpResponseRedirect(reverse("duo_sandbox:send_event"))
    return render(request, "duo_sandbox/send_event.html", {"form": form})


def fire(bsn: str, event: str, gemeente_oin: str) -> sandbox_tools.Fired:
    """Prepare DUO's side in the sandbox, then post the notification to Spil in-process."""
    sandbox_tools.prepare_duo_side(
        bsn=bsn,
        gebeurtenis_id=event,
        gemeente_oin=gemeente_oin,
        base_url=settings.SPIL_DUO_BASE_URL,
    )
    return sandbox_tools.fire_event(
        bsn=bsn,
        gebeurtenis_id=event,
        gemeente_oin=gemeente_oin,
        duo_oin=settings.SPIL_DUO_OIN,
    )
