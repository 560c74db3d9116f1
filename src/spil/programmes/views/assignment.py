"""The group assignment: the planner's waiting list, the optimiser's proposal with the
reasons, adjustments and accepting the proposal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.programmes import queries
from spil.programmes.forms import AssignmentForm, AssignmentKindForm, daypart_choices
from spil.programmes.models import GroupKind
from spil.programmes.services import assignment as assignment_service


@login_required
def assignment(request: HttpRequest) -> HttpResponse:
    """The planner's proposal: who goes to which group, why others could not be placed."""
    # The optimiser (OR-Tools) is imported on first use, not with the URL configuration.
    from spil.programmes.assignment import AssignmentInputError
    from spil.programmes.texts import reason_text

    if not queries.is_planner(request.user):
        raise PermissionDenied
    kind = AssignmentKindForm.of(request).chosen()
    entries = list(queries.waiting_for_user(request.user, kind))
    groups = list(
        queries.groups_for_user(request.user)
        .filter(kind=kind, start_date__gte=timezone.localdate() - timedelta(days=28))
        .order_by("start_date")
    )
    group_names: dict[object, str] = {g.pk: g.name for g in groups}
    form = AssignmentForm(
        request.POST if request.method == "POST" else None, entries=entries, groups=groups
    )
    proposal = None
    error = ""
    fixed: list[tuple[int, int]] = []
    if form.is_bound and form.is_valid():
        if form.cleaned_data["action"] == "accept":
            placements = form.placements()
            if placements:
                accepted = assignment_service.accept_placements(
                    placements, actor=request_user(request)
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d participant placed.",
                        "%(count)d participants placed.",
                        len(accepted),
                    )
                    % {"count": len(accepted)},
                )
            return redirect(reverse("programmes:assignment") + f"?kind={kind}")
        fixed, forbidden = form.adjustments()
        if form.cleaned_data["action"] == "propose" and entries:
            try:
                proposal = assignment_service.propose(
                    entries, groups, fixed=fixed, forbidden=forbidden
                )
            except AssignmentInputError as exc:
                error = _("The adjustments contradict each other (%(code)s).") % {"code": exc.code}
    placed = proposal.result.by_participant() if proposal else {}
    unplaced = proposal.result.unplaced_by_participant() if proposal else {}
    pinned_ids = {p for p, _g in fixed}
    rows: list[dict[str, Any]] = []
    for entry in entries:
        group_id = next(iter(placed.get(entry.person_id, {}).values()), None)
        adjust = form[f"adjust-{entry.person_id}"]
        rows.append(
            {
                "entry": entry,
                "available": ", ".join(
                    str(label) for value, label in daypart_choices() if value in entry.available
                ),
                "group": group_names.get(group_id) if group_id is not None else None,
                "group_id": group_id,
                "pinned": entry.person_id in pinned_ids,
                "reasons": [
                    reason_text(reason, group_names)
                    for need in unplaced.get(entry.person_id, ())
                    for reason in need.reasons
                ],
                "adjust": adjust.value() or "",
                "errors": [*adjust.errors, *form[f"place-{entry.person_id}"].errors],
            }
        )
    loads = {load.group_id: load for load in proposal.result.groups} if proposal else {}
    record_view(
        request,
        person_ids=[e.person_id for e in entries],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="Group assignment",
    )
    return render(
        request,
        "programmes/assignment.html",
        {
            "kind": kind,
            "kinds": GroupKind.choices,
            "rows": rows,
            "groups": [(g, loads.get(g.pk)) for g in groups],
            "proposal": proposal,
            "error": error,
            "form_errors": form.error_list() if form.is_bound else [],
            "group_options": form.group_options(groups),
        },
    )
