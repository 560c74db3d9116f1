"""The DUO status page (functioneel beheerder; klantmanagers see their own gemeente) and
the demo tool that fires DUO events at Spil through the sandbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spil.accounts.access import Action, caseload_municipality_ids
from spil.audit.purposes import DataCategory, Purpose
from spil.audit.services import record_view
from spil.duo import queries, sandbox_tools, services
from spil.duo.contract import describe
from spil.duo.forms import SendEventForm
from spil.duo_inbound import services as inbound

ATTENTION_LIMIT = 100


@login_required
def status(request: HttpRequest) -> HttpResponse:
    if not queries.can_see_status(request.user):
        raise PermissionDenied
    notifications = queries.notifications_for_user(request.user)
    attention = list(queries.needing_attention(notifications)[:ATTENTION_LIMIT])
    own = caseload_municipality_ids(request.user, Action.VIEW)
    rows = [
        {
            "n": n,
            "description": describe(n.gebeurtenis_id),
            "person_public_id": n.person.public_id
            if n.person is not None and n.person.municipality_id in own
            else None,
        }
        for n in attention
    ]
    reachable, reason = services.duo_reachable()
    record_view(
        request,
        person_ids=[n.person_id for n in attention if n.person_id is not None],
        categories=[DataCategory.BSN, DataCategory.TRAJECTORY],
        action_name="View DUO exchange status",
        purpose=Purpose.DUO_EXCHANGE,
    )
    context = {
        "counts": queries.status_counts(notifications),
        "rows": rows,
        "calls": queries.recent_calls(request.user),
        "reachable": reachable,
        "reason": reason,
        "base_url": settings.SPIL_DUO_BASE_URL,
        "sandbox": settings.SPIL_DUO_SANDBOX,
        "can_use_sandbox": settings.SPIL_DUO_SANDBOX and queries.can_use_sandbox(request.user),
    }
    return render(request, "duo/status.html", context)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not queries.can_see_status(request.user):
        raise PermissionDenied
    notification = get_object_or_404(queries.notifications_for_user(request.user), pk=pk)
    if inbound.retry_now(notification, actor=request.user):  # type: ignore[arg-type]
        messages.success(request, _("The notification is being processed again."))
    else:
        messages.info(request, _("This notification does not need a retry."))
    return HttpResponseRedirect(reverse("duo:status"))


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
        return HttpResponseRedirect(reverse("duo:send_event"))
    return render(request, "duo/send_event.html", {"form": form})


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
