"""The DUO status page (functioneel beheerder; klantmanagers see their own gemeente).

Development tools may add links to it (`spil.core.extensions`), e.g. the sandbox's "Send a
DUO event" page in `spil_dev.duo_sandbox`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spil.accounts.access import Action, caseload_municipality_ids
from spil.audit.purposes import DataCategory, Purpose
from spil.audit.services import record_view
from spil.core import extensions
from spil.duo import queries, services
from spil.duo.contract import describe
from spil.duo.models import ContactpersoonKoppeling, NotificationStatus
from spil.duo.privacy import mask_bsn
from spil.duo_inbound import services as inbound
from spil.programmes import queries as programmes_queries
from spil.programmes.models import HoursReport

ATTENTION_LIMIT = 100
#: The functioneel beheerder is alerted to transient failures of this recent past.
TRANSIENT_WINDOW = timedelta(hours=1)


def _person_rows(
    records: Iterable[HoursReport | ContactpersoonKoppeling], own: set[int]
) -> list[dict[str, Any]]:
    """A row per person's record of what was sent to DUO: the masked BSN, and the dossier's
    public id when it lies in the user's own caseload."""
    return [
        {
            "record": record,
            "masked_bsn": mask_bsn(record.person.bsn),
            "person_public_id": record.person.public_id
            if record.person.municipality_id in own
            else None,
        }
        for record in records
    ]


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
            "masked_bsn": n.masked_bsn,
            "person_public_id": n.person.public_id
            if n.person is not None and n.person.municipality_id in own
            else None,
        }
        for n in attention
    ]
    scope = queries.municipality_ids_for(request.user)
    hours = _person_rows(programmes_queries.hours_reports(scope), own)
    contactpersonen = _person_rows(queries.contactpersoon_koppelingen(scope), own)
    reachable, reason = services.duo_reachable()
    transient = queries.transient_failures(request.user, timezone.now() - TRANSIENT_WINDOW)
    record_view(
        request,
        person_ids=[n.person_id for n in attention if n.person_id is not None]
        + [row["record"].person_id for row in hours + contactpersonen],
        categories=[DataCategory.BSN, DataCategory.TRAJECTORY],
        action_name="View DUO exchange status",
        purpose=Purpose.DUO_EXCHANGE,
    )
    context = {
        "counts": queries.status_counts(notifications),
        "rows": rows,
        "calls": queries.recent_calls(request.user),
        "hours": hours,
        "contactpersonen": contactpersonen,
        "reachable": reachable,
        "transient": transient,
        "waiting": sum(1 for n in attention if n.status == NotificationStatus.RECEIVED),
        "reason": reason,
        "base_url": settings.SPIL_DUO_BASE_URL,
        "sandbox": settings.SPIL_DUO_SANDBOX,
        "tool_links": extensions.page_links("duo:status", request.user),
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
