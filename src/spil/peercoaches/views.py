"""Pages of peer coaching: the register and the hours statement (klantmanager and
functioneel beheerder), a person's coaches with suggestions and assignment (klantmanager),
and the coach's own pages: their people, logging an activity, their hours.

The register and the statement hold no newcomer data (hours per coach only). Every page
with a newcomer finds them through a scoped query and leaves exactly one processing record
with the purpose peer support: `record_view` for what it shows, or the service's record for
a change (followed by a redirect).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spil.accounts.access import Action, has_any_role
from spil.accounts.models import Organisation
from spil.accounts.queries import request_user
from spil.accounts.roles import Role
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.core.week import DayPart
from spil.peercoaches import exports, forms, queries, services
from spil.peercoaches.models import Assignment, PeerCoach
from spil.peercoaches.queries import PURPOSE
from spil.persons.models import Person
from spil.persons.queries import person_or_404


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _month_nav(month: date) -> dict[str, str]:
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    following = queries.month_end(month)
    return {
        "month_value": month.strftime("%Y-%m"),
        "previous": previous.strftime("%Y-%m"),
        "following": following.strftime("%Y-%m"),
    }


def _apply_errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --------------------------------------------------------------------------- the register


@login_required
def coaches(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_keep_register(user))
    rows = [
        {
            "coach": coach,
            "languages": queries.languages_text(coach.languages),
            "availability": ", ".join(str(DayPart(n).label) for n in coach.availability) or "—",
        }
        for coach in queries.coaches_for_register(user)
    ]
    return render(request, "peercoaches/coaches.html", {"rows": rows})


def _coach_form(request: HttpRequest, coach: PeerCoach, *, title: str) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_keep_register(user))
    form = forms.CoachForm(request.POST or None, instance=coach)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.languages = form.cleaned_data["languages"]
        saved.availability = [int(n) for n in form.cleaned_data["availability"]]
        try:
            services.save_coach(user, saved)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The coach is saved."))
            return redirect("peercoaches:coaches")
    return render(
        request,
        "peercoaches/coach_form.html",
        {"form": form, "title": title},
        status=400 if form.is_bound else 200,
    )


@login_required
def coach_new(request: HttpRequest) -> HttpResponse:
    return _coach_form(request, PeerCoach(), title=_("New peer coach"))


@login_required
def coach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    coach = get_object_or_404(queries.coaches_for_register(user), pk=pk)
    return _coach_form(request, coach, title=_("Change peer coach"))


# --------------------------------------------------------------------------- the statement


def _statement_of(request: HttpRequest) -> tuple[queries.Statement, PeerCoach | None]:
    user = request_user(request)
    _require(queries.can_keep_register(user))
    month = queries.month_start(request.GET.get("month"))
    coach = None
    coach_id = request.GET.get("coach", "")
    if coach_id:
        if not coach_id.isdigit():
            raise Http404
        coach = get_object_or_404(queries.coaches_for_register(user), pk=int(coach_id))
    return queries.statement_for_user(user, month, coach), coach


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    found, coach = _statement_of(request)
    user = request_user(request)
    return render(
        request,
        "peercoaches/statement.html",
        {
            "statement": found,
            "coach": coach,
            "coaches": queries.coaches_for_register(user),
            "month_label": exports.month_label(found),
            **_month_nav(found.month),
        },
    )


@login_required
def statement_export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in exports.CONTENT_TYPES:
        raise Http404
    found, coach = _statement_of(request)
    name = f"urenstaat-ervaringsdeskundigen-{found.month:%Y-%m}"
    if coach is not None:
        name += f"-{coach.pk}"
    response = HttpResponse(exports.export(found, kind), content_type=exports.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


# --------------------------------------------------------------------------- a person's coaches


def _caseload_person(request: HttpRequest, public_id: str, action: Action) -> Person:
    return person_or_404(request, public_id, action)


@login_required
def person(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    found = _caseload_person(request, public_id, action)
    preference = forms.PreferenceForm(request.GET or None)
    gender = ""
    if preference.is_valid():
        gender = preference.cleaned_data["gender"]
    ranked = queries.suggestions(found, gender_preference=gender)
    form = forms.AssignForm(
        request.POST or None,
        suggestions=ranked,
        initial={"gender_preference": gender},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(
                user,
                found,
                form.chosen_coach(),
                consent_how=form.cleaned_data["consent_how"],
                started_on=form.cleaned_data["started_on"],
                reason=form.cleaned_data["reason"],
                gender_preference=form.cleaned_data["gender_preference"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The coach is assigned and the consent recorded."))
            return redirect("peercoaches:person", public_id=found.public_id)
    record_view(
        request,
        person_ids=[found.pk],
        categories=list(queries.PERSON_PAGE_CATEGORIES),
        action_name="Peer coaches of a person",
        purpose=PURPOSE,
    )
    assignments = [
        {
            "assignment": a,
            "active": queries.is_active(a),
            "hours": queries.hours(sum(x.minutes for x in a.activities.all())),
        }
        for a in queries.assignments_of(found)
    ]
    return render(
        request,
        "peercoaches/person.html",
        {
            "person": found,
            "languages": queries.languages_text(
                [found.preferred_language, *found.languages]
                if found.preferred_language
                else found.languages
            ),
            "assignments": assignments,
            "consents": queries.consents_of(found),
            "suggestions": ranked,
            "preference": preference,
            "form": form,
            "can_change": queries.can_assign(user, found),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def end_assignment(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    assignment = get_object_or_404(
        Assignment.objects.select_related("person", "coach"), public_id=public_id
    )
    if not queries.can_assign(user, assignment.person):
        raise Http404  # as for any person outside the user's caseload
    services.end_assignment(user, assignment)
    messages.success(request, _("The assignment is ended."))
    return redirect("peercoaches:person", public_id=assignment.person.public_id)


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    found = _caseload_person(request, public_id, Action.CHANGE)
    organisation_id = request.POST.get("organisation", "")
    organisation = get_object_or_404(
        Organisation, pk=int(organisation_id) if organisation_id.isdigit() else 0
    )
    services.withdraw_consent(user, found, organisation)
    messages.success(request, _("The consent is withdrawn."))
    return redirect("peercoaches:person", public_id=found.public_id)


# --------------------------------------------------------------------------- the coach's own pages


def _require_coach(request: HttpRequest) -> PeerCoach | None:
    """The signed-in coach; None for a buddy who is not (or no longer) in the register,
    who sees an empty page that says so. Every other role is refused."""
    user = request_user(request)
    coach = queries.own_coach(user)
    if coach is None and not has_any_role(user, Role.BUDDY):
        raise PermissionDenied
    return coach


@login_required
def my_people(request: HttpRequest) -> HttpResponse:
    coach = _require_coach(request)
    assignments = queries.own_assignments(request.user)
    rows = [
        {
            "assignment": a,
            "languages": queries.languages_text(a.person.languages),
            "next_session": queries.next_session(a.person),
        }
        for a in assignments
    ]
    record_view(
        request,
        person_ids=[a.person_id for a in assignments],
        categories=list(queries.COACH_CATEGORIES),
        action_name="A peer coach's people",
        purpose=PURPOSE,
    )
    return render(request, "peercoaches/my_people.html", {"coach": coach, "rows": rows})


@login_required
def my_person(request: HttpRequest, public_id: str) -> HttpResponse:
    _require_coach(request)
    user = request_user(request)
    assignment = queries.own_assignment_or_404(user, public_id)
    form = forms.ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_activity(
                user,
                assignment,
                on=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                minutes=form.minutes(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The activity is logged."))
            return redirect("peercoaches:my_person", public_id=assignment.public_id)
    found = assignment.person
    record_view(
        request,
        person_ids=[found.pk],
        categories=list(queries.COACH_CATEGORIES),
        action_name="A peer coach's person",
        purpose=PURPOSE,
    )
    activities = list(queries.own_activities(assignment))
    return render(
        request,
        "peercoaches/my_person.html",
        {
            "assignment": assignment,
            "person": found,
            "languages": queries.languages_text(found.languages),
            "next_session": queries.next_session(found),
            "activities": activities,
            "total": queries.hours(sum(a.minutes for a in activities)),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def my_hours(request: HttpRequest) -> HttpResponse:
    coach = _require_coach(request)
    month = queries.month_start(request.GET.get("month"))
    activities, own = queries.own_month(request.user, month)
    # A person's name shows only while the coach still coaches them (consent in place).
    active: dict[int, bool] = {}
    for activity in activities:
        if activity.assignment_id not in active:
            active[activity.assignment_id] = queries.is_active(activity.assignment)
    rows = [{"activity": a, "named": active[a.assignment_id]} for a in activities]
    named = {a.assignment.person_id for a in activities if active[a.assignment_id]}
    record_view(
        request,
        person_ids=named,
        categories=[DataCategory.IDENTITY],
        action_name="A peer coach's hours",
        purpose=PURPOSE,
    )
    return render(
        request,
        "peercoaches/my_hours.html",
        {
            "coach": coach,
            "rows": rows,
            "statement": own.coaches[0] if own.coaches else None,
            "month_label": exports.month_label(own),
            **_month_nav(month),
        },
    )
