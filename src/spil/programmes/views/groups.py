"""Groups: the list, a new group with its session calendar, and one group."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import Organisation
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.core.week import moment_label, weekday_label
from spil.programmes import queries
from spil.programmes.forms import GroupForm
from spil.programmes.models import Attendance
from spil.programmes.services import groups as groups_service


def _municipalities(request: HttpRequest) -> list[Organisation]:
    ids = caseload_municipality_ids(request.user, Action.CHANGE)
    if queries.is_trainer(request.user):
        return list(Organisation.objects.filter(type="gemeente", is_active=True).order_by("name"))
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    if not (queries.is_planner(request.user) or queries.is_trainer(request.user)):
        raise PermissionDenied
    groups = queries.groups_for_user(request.user).order_by("start_date", "name")
    return render(
        request,
        "programmes/group_list.html",
        {
            "groups": groups,
            "is_planner": queries.is_planner(request.user),
            "can_create": bool(_municipalities(request)),
        },
    )


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    municipalities = _municipalities(request)
    if not municipalities:
        raise PermissionDenied
    initial = {
        "min_size": 6,
        "max_size": 10,
        "language": "nld",
        "session_count": 10,
        "interval_weeks": 1,
        "start_date": timezone.localdate(),
        "municipality": municipalities[0].pk,
    }
    form = GroupForm(
        request.POST or None, initial=initial, municipalities=municipalities, prefix="g"
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "interpreter"}
        fields["interpreter_languages"] = form.cleaned_data.get("interpreter", [])
        trainers = [request_user(request)] if queries.is_trainer(request.user) else []
        try:
            group = groups_service.create_group(trainers=trainers, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            sessions = group.sessions.count()
            messages.success(
                request,
                ngettext(
                    "Group created with %(count)d session.",
                    "Group created with %(count)d sessions.",
                    sessions,
                )
                % {"count": sessions},
            )
            return redirect("programmes:group", code=group.code)
    return render(request, "programmes/group_new.html", {"form": form})


@login_required
def group_detail(request: HttpRequest, code: str) -> HttpResponse:
    group = get_object_or_404(queries.groups_for_user(request.user), code=code)
    members = list(queries.visible_members(group, request.user, Action.VIEW))
    sessions = list(group.sessions.all())
    recorded = {
        row["session_id"]: row["n"]
        for row in Attendance.objects.filter(session__group=group)
        .values("session_id")
        .annotate(n=Count("id"))
    }
    record_view(
        request,
        person_ids=[p.pk for p in members],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="Group",
    )
    return render(
        request,
        "programmes/group_detail.html",
        {
            "group": group,
            "members": members,
            "sessions": [(s, recorded.get(s.pk, 0)) for s in sessions],
            "weekday": weekday_label(group.weekday),
            "moment": moment_label(group.moment),
        },
    )
