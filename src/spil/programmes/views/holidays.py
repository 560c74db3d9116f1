"""School holidays: the list, adding, changing and removing one, and the coming sessions
each change moves."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from spil.programmes import queries
from spil.programmes.forms import SchoolHolidayForm
from spil.programmes.models import SchoolHoliday, Session
from spil.programmes.services import groups as groups_service


def _moves_context(moves: list[groups_service.SessionMove]) -> dict[str, Any]:
    return {
        "moves": moves[:50],
        "move_count": len(moves),
        "more_moves": max(0, len(moves) - 50),
        "group_count": len({m.session.group_id for m in moves}),
    }


def _holiday_form(
    request: HttpRequest, holiday: SchoolHoliday | None
) -> tuple[SchoolHolidayForm, HttpResponse | None, dict[str, Any]]:
    """The add/change form: "check" shows which coming sessions move, "save" saves and moves
    them. Returns the form, the redirect after saving, and the effect to show."""
    form = SchoolHolidayForm(request.POST or None, instance=holiday, prefix="h")
    effect: dict[str, Any] = {}
    if request.method == "POST":
        if not queries.can_manage_holidays(request.user):
            raise PermissionDenied
        if form.is_valid():
            if request.POST.get("action") == "save":
                moved = groups_service.save_school_holiday(form.save(commit=False))
                messages.success(
                    request,
                    ngettext(
                        "The school holiday has been saved; %(count)d coming session moved.",
                        "The school holiday has been saved; %(count)d coming sessions moved.",
                        moved,
                    )
                    % {"count": moved},
                )
                return form, redirect("programmes:school_holidays"), effect
            periods = groups_service.holiday_periods(without=holiday.pk if holiday else None)
            periods.append((form.cleaned_data["first_day"], form.cleaned_data["last_day"]))
            effect = {"checked": True, **_moves_context(groups_service.holiday_effect(periods))}
    return form, None, effect


@login_required
def school_holidays(request: HttpRequest) -> HttpResponse:
    """The school holidays in which no group sessions take place, and a new one."""
    if not queries.can_see_holidays(request.user):
        raise PermissionDenied
    form, done, effect = _holiday_form(request, None)
    if done is not None:
        return done
    today = timezone.localdate()
    rows = []
    for holiday in SchoolHoliday.objects.order_by("first_day"):
        paused = 0
        if holiday.last_day >= today:
            # groups whose calendar runs through the holiday: no session in it, a pause
            before = Session.objects.filter(starts_at__date__lt=holiday.first_day)
            paused = (
                Session.objects.filter(
                    starts_at__date__gt=holiday.last_day,
                    group__in=before.values("group"),
                )
                .values("group")
                .distinct()
                .count()
            )
        rows.append({"holiday": holiday, "past": holiday.last_day < today, "paused": paused})
    return render(
        request,
        "programmes/school_holidays.html",
        {
            "holidays": rows,
            "form": form,
            "can_manage": queries.can_manage_holidays(request.user),
            **effect,
        },
    )


@login_required
def school_holiday_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not queries.can_manage_holidays(request.user):
        raise PermissionDenied
    holiday = get_object_or_404(SchoolHoliday, pk=pk)
    form, done, effect = _holiday_form(request, holiday)
    if done is not None:
        return done
    return render(
        request,
        "programmes/school_holiday_edit.html",
        {"holiday": holiday, "form": form, **effect},
    )


@login_required
def school_holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the removal, with the coming sessions that move back into the period."""
    if not queries.can_manage_holidays(request.user):
        raise PermissionDenied
    holiday = get_object_or_404(SchoolHoliday, pk=pk)
    if request.method == "POST":
        moved = groups_service.delete_school_holiday(holiday)
        messages.success(
            request,
            ngettext(
                "The school holiday has been removed; %(count)d coming session moved.",
                "The school holiday has been removed; %(count)d coming sessions moved.",
                moved,
            )
            % {"count": moved},
        )
        return redirect("programmes:school_holidays")
    moves = groups_service.holiday_effect(groups_service.holiday_periods(without=holiday.pk))
    return render(
        request,
        "programmes/school_holiday_delete.html",
        {"holiday": holiday, **_moves_context(moves)},
    )
