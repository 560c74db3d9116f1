"""Attendance of one session: every member present by default; tap the exceptions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.programmes import queries
from spil.programmes.forms import AttendanceForm
from spil.programmes.models import Attendance, AttendanceStatus, Session
from spil.programmes.services import attendance as attendance_service

STATUS_ORDER = [
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
]


@login_required
def attendance(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """One screen for a session: every member present by default; tap the exceptions."""
    group = get_object_or_404(queries.groups_for_user(request.user), code=code)
    session = get_object_or_404(Session, group=group, number=number)
    members = list(queries.visible_members(group, request.user, Action.CHANGE))
    if not members:
        raise Http404
    existing = {a.person_id: a for a in Attendance.objects.filter(session=session)}
    reported = {
        person_id: (mark.status, mark.reason)
        for person_id, mark in existing.items()
        if mark.reported_by_participant
    }
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, members=members, reported=reported
    )
    if form.is_bound and form.is_valid():
        marks = form.marks()
        attendance_service.record_attendance(session, marks, actor=request_user(request))
        messages.success(
            request,
            ngettext(
                "Attendance saved for %(count)d participant.",
                "Attendance saved for %(count)d participants.",
                len(marks),
            )
            % {"count": len(marks)},
        )
        return redirect("programmes:group", code=group.code)
    rows = []
    for member in members:
        current = existing.get(member.pk)
        saved = current.status if current else AttendanceStatus.PRESENT
        status, reason = form.posted(member) or (saved, current.reason if current else "")
        rows.append(
            {
                "person": member,
                "status": status or saved,
                "reason": reason,
                "error": form.error_for(member),
                "reported": current is not None and current.reported_by_participant,
            }
        )
    record_view(
        request,
        person_ids=[m.pk for m in members],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="Attendance",
    )
    return render(
        request,
        "programmes/attendance.html",
        {
            "group": group,
            "session": session,
            "rows": rows,
            "statuses": [(s.value, s.label) for s in STATUS_ORDER],
            "errors": form.is_bound and not form.is_valid(),
        },
    )
