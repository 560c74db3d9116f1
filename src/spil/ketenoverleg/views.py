from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_view
from spil.ketenoverleg import documents, forms, queries, services
from spil.ketenoverleg.models import Case, Meeting
from spil.persons.queries import persons_for_user
from spil.programmes import queries as programme_queries

_CATEGORIES = [DataCategory(c) for c in queries.CATEGORIES]


def _record(
    request: HttpRequest,
    person_ids: list[int],
    name: str,
    action: ProcessingAction = ProcessingAction.VIEW,
) -> None:
    record_view(
        request,
        person_ids=person_ids,
        categories=_CATEGORIES,
        action_name=name,
        purpose=Purpose.CHAIN_CONSULTATION,
        action=action,
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    upcoming, past = queries.upcoming_and_past(user)
    actions = queries.open_actions_for(user)
    _record(request, sorted({a.case.person_id for a in actions}), "View own ketenoverleg actions")
    can_create = queries.can_create_series(user)
    return render(
        request,
        "ketenoverleg/index.html",
        {
            "upcoming": upcoming,
            "past": past,
            "actions": actions,
            "today": timezone.localdate(),
            "can_create": can_create,
            "series": list(queries.series_for_user(user)),
            # only one who plans series is offered a programme's cadence
            "programmes": list(programme_queries.chain_meeting_templates()) if can_create else [],
        },
    )


@login_required
def series_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_create_series(user))
    # A programme whose partners meet in a ketenoverleg (Roermond's UP: monthly) gives the
    # series its name and cadence.
    programme = (
        programme_queries.chain_meeting_templates()
        .filter(code=request.GET.get("programme", ""))
        .first()
    )
    initial = (
        {
            "name": _("Ketenoverleg %(programme)s") % {"programme": programme.name},
            "cadence": programme.chain_meeting,
        }
        if programme
        else None
    )
    form = forms.SeriesForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.create_series(
                user,
                name=data["name"],
                organisation=data["organisation"],
                cadence=data["cadence"],
                first_date=data["first_date"],
                start_time=data["start_time"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                participant_organisations=data["participant_organisations"],
                participant_users=data["participant_users"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The chain meeting is planned."))
            meeting = services.ensure_next_meeting(series)
            return redirect("ketenoverleg:prepare", public_id=meeting.public_id)
    return render(request, "ketenoverleg/series_form.html", {"form": form})


@login_required
def series_participants(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    series = queries.series_or_404(user, public_id)
    _require(queries.can_organise(user, series))
    form = forms.ParticipantsForm(request.POST or None, initial=forms.participants_initial(series))
    if request.method == "POST" and form.is_valid():
        services.update_participants(
            user,
            series,
            organisations=form.cleaned_data["participant_organisations"],
            users=form.cleaned_data["participant_users"],
        )
        messages.success(request, _("The participants are saved."))
        meeting = services.ensure_next_meeting(series)
        return redirect("ketenoverleg:prepare", public_id=meeting.public_id)
    return render(request, "ketenoverleg/participants_form.html", {"form": form, "series": series})


# --------------------------------------------------------------------------- prepare


def _proposal_form(proposals: list[queries.Proposal], data: Any = None) -> forms.ProposalForm:
    choices = [(p.person.pk, p.person.full_name) for p in proposals]
    return forms.ProposalForm(
        data, choices=choices, initial={"persons": [pk for pk, _label in choices]}
    )


@login_required
def prepare(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    meeting = queries.meeting_or_404(user, public_id)
    _require(queries.can_chair(user, meeting.series))
    proposals = [] if meeting.is_held else queries.proposals(meeting, user)
    form = _proposal_form(proposals, request.POST or None)
    if request.method == "POST" and not meeting.is_held and form.is_valid():
        added = services.add_proposed_cases(user, meeting, form.cleaned_data["persons"])
        messages.success(request, _("%(count)d case(s) put on the agenda.") % {"count": len(added)})
        return redirect("ketenoverleg:prepare", public_id=meeting.public_id)
    search = forms.SearchForm(request.GET or None)
    found = []
    if not meeting.is_held and search.is_valid():
        found = queries.people_to_add(meeting, user, search.cleaned_data["q"])
    cases = list(queries.visible_cases(meeting, user))
    shown = {p.person.pk for p in proposals} | {c.person_id for c in cases}
    shown |= {p.pk for p in found}
    _record(request, sorted(shown), "Prepare the ketenoverleg")
    rows = [
        {"proposal": p, "field": field} for p, field in zip(proposals, form["persons"], strict=True)
    ]
    return render(
        request,
        "ketenoverleg/prepare.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "rows": rows,
            "form": form,
            "search": search,
            "searched": bool(search.is_bound and search.is_valid() and search.cleaned_data["q"]),
            "found": found,
            "cases": [_case_row(c) for c in cases],
            "hidden_count": queries.hidden_case_count(meeting, user),
            "participants": list(queries.participants(meeting.series)),
            "organisations": list(meeting.series.participant_organisations.all()),
        },
    )


def _case_row(case: Case) -> dict[str, Any]:
    return {
        "case": case,
        "reasons": [queries.reason_text(code) for code in case.reasons],
    }


@login_required
@require_POST
def add_case(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    meeting = queries.meeting_or_404(user, public_id)
    _require(queries.can_chair(user, meeting.series))
    form = forms.AddCaseForm(request.POST)
    if not form.is_valid():
        raise Http404  # only the search results post here
    person = persons_for_user(user, Action.VIEW).filter(public_id=form.cleaned_data["person"])
    found = person.first()
    if found is None:
        raise Http404
    try:
        services.add_case_by_hand(user, meeting, found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is on the agenda.") % {"name": found.full_name})
    return redirect("ketenoverleg:prepare", public_id=meeting.public_id)


@login_required
@require_POST
def remove_case(request: HttpRequest, public_id: str, case_id: int) -> HttpResponse:
    user = request_user(request)
    meeting = queries.meeting_or_404(user, public_id)
    _require(queries.can_chair(user, meeting.series))
    case = queries.case_or_404(meeting, user, case_id)
    try:
        services.remove_case(user, case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        _record(request, [case.person_id], "Prepare the ketenoverleg")
    else:
        messages.success(request, _("The case is taken off the agenda."))
    return redirect("ketenoverleg:prepare", public_id=meeting.public_id)


# --------------------------------------------------------------------------- hold


def _render_meeting(
    request: HttpRequest, meeting: Meeting, bound: dict[int, Form] | None = None
) -> HttpResponse:
    user = request_user(request)
    bound = bound or {}
    cases = list(
        queries.visible_cases(meeting, user).prefetch_related(
            "notes__author", "actions__owner", "actions__task"
        )
    )
    person_ids = [c.person_id for c in cases]
    earlier = queries.open_actions_before(meeting, person_ids)
    owners = queries.owner_candidates(meeting, person_ids) if not meeting.is_held else {}
    rows = []
    for case in cases:
        prefix = f"case-{case.pk}"
        note_form = bound.get(case.pk) if isinstance(bound.get(case.pk), forms.NoteForm) else None
        action_form = (
            bound.get(case.pk) if isinstance(bound.get(case.pk), forms.ActionForm) else None
        )
        rows.append(
            {
                **_case_row(case),
                "earlier": earlier.get(case.person_id, []),
                "note_form": note_form or forms.NoteForm(prefix=f"{prefix}-note"),
                "action_form": action_form
                or forms.ActionForm(
                    prefix=f"{prefix}-action", owners=owners.get(case.person_id, [])
                ),
            }
        )
    _record(request, person_ids, "View the ketenoverleg")
    status = 400 if bound else 200
    return render(
        request,
        "ketenoverleg/meeting.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "rows": rows,
            "hidden_count": queries.hidden_case_count(meeting, user),
            "can_organise": queries.can_chair(user, meeting.series),
            "can_plan": queries.can_organise(user, meeting.series),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def meeting(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    return _render_meeting(request, queries.meeting_or_404(user, public_id))


def _meeting_url(meeting: Meeting, case: Case) -> str:
    return reverse("ketenoverleg:meeting", args=[meeting.public_id]) + f"#case-{case.pk}"


@login_required
@require_POST
def add_note(request: HttpRequest, public_id: str, case_id: int) -> HttpResponse:
    user = request_user(request)
    meeting = queries.meeting_or_404(user, public_id)
    case = queries.case_or_404(meeting, user, case_id)
    form = forms.NoteForm(request.POST, prefix=f"case-{case.pk}-note")
    if form.is_valid():
        try:
            services.add_note(user, case, form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The discussion note is saved."))
            return redirect(_meeting_url(meeting, case))
    return _render_meeting(request, meeting, {case.pk: form})


@login_required
@require_POST
def add_action(request: HttpRequest, public_id: str, case_id: int) -> HttpResponse:
    user = request_user(request)
    meeting = queries.meeting_or_404(user, public_id)
    case = queries.case_or_404(meeting, user, case_id)
    owners = queries.owner_candidates(meeting, [case.person_id])[case.person_id]
    form = forms.ActionForm(request.POST, prefix=f"case-{case.pk}-action", owners=owners)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action(
                user,
                case,
                description=data["description"],
                owner=form.owners[data["owner"]],
                due=data["due"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action is in the owner's task list."))
            return redirect(_meeting_url(meeting, case))
    return _render_meeting(request, meeting, {case.pk: form})


@login_required
@require_POST
def close(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    meeting = queries.meeting_or_404(user, public_id)
    _require(queries.can_chair(user, meeting.series))
    try:
        services.close_meeting(user, meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ketenoverleg:meeting", public_id=meeting.public_id)
    messages.success(
        request, _("The meeting is closed. The minutes are ready and the next one is planned.")
    )
    return redirect("ketenoverleg:meeting", public_id=meeting.public_id)


@login_required
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    user = request_user(request)
    action = queries.action_or_404(user, action_id)
    services.complete_action(user, action)
    messages.success(request, _("The action is done."))
    if request.POST.get("back") == "meeting":
        return redirect(_meeting_url(action.case.meeting, action.case))
    return redirect("ketenoverleg:index")


# --------------------------------------------------------------------------- PDF


def _pdf(request: HttpRequest, public_id: str, *, minutes: bool) -> HttpResponse:
    user = request_user(request)
    meeting = queries.meeting_or_404(user, public_id)
    if minutes and not meeting.is_held:
        raise Http404
    cases = list(
        queries.visible_cases(meeting, user).prefetch_related(
            "notes__author", "actions__owner", "actions__task"
        )
    )
    earlier = queries.open_actions_before(meeting, [c.person_id for c in cases])
    content = documents.meeting_pdf(
        meeting,
        [{**_case_row(c), "earlier": earlier.get(c.person_id, [])} for c in cases],
        hidden_count=queries.hidden_case_count(meeting, user),
        participants=list(queries.participants(meeting.series)),
        minutes=minutes,
    )
    _record(
        request,
        [c.person_id for c in cases],
        "Download the ketenoverleg minutes" if minutes else "Download the ketenoverleg agenda",
        ProcessingAction.EXPORT,
    )
    day = timezone.localdate(meeting.starts_at).isoformat()
    name = f"{'verslag' if minutes else 'agenda'}-ketenoverleg-{day}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def agenda_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    return _pdf(request, public_id, minutes=False)


@login_required
def minutes_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    return _pdf(request, public_id, minutes=True)
