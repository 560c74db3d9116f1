"""The klantmanager's pages: the caseload and a person's dossier, with its actions.

Every view finds the person through a scoped query (VIEW to read, CHANGE to write) and
leaves exactly one processing record per request: `record_view` for what a page shows, or
the record the service writes for a change (followed by a redirect).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import person_reference, record_view
from spil.core.form_helpers import add_validation_errors
from spil.dossier import queries as dossier_queries
from spil.dossier import services as dossier_services
from spil.dossier import texts
from spil.dossier.forms import (
    AppointmentForm,
    CancelAppointmentForm,
    CaseloadFilterForm,
    ContactMomentForm,
    HandOverForm,
    PersonDetailsForm,
    ReassignForm,
)
from spil.dossier.models import Appointment, AppointmentStatus, Task, TaskStatus, TimelineKind
from spil.persons import queries as person_queries
from spil.persons import services
from spil.persons.models import HouseholdMember, Person
from spil.persons.presentation import childcare_need, country_name, language_name
from spil.persons.queries import person_or_404
from spil.trajectories import queries as trajectory_queries
from spil.trajectories.models import Leerroute

PAGE_SIZE = 25


# --------------------------------------------------------------------------- caseload


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    municipalities = list(dossier_queries.caseload_municipalities(request.user).order_by("name"))
    # The search form posts, so a BSN never enters an address (server logs, the browser's
    # history, Referer): a search by name or the filters alone is redirected to the
    # bookmarkable address; a BSN search is answered on the post itself.
    posted = request.method == "POST"
    form = CaseloadFilterForm(
        (request.POST if posted else request.GET) or None,
        user=request.user,
        municipalities=municipalities,
    )
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
        if posted and not form.searches_bsn():
            address = {k: str(v) for k, v in filters.items()}
            return redirect(f"{reverse('persons:caseload')}?{urlencode(address)}")
        if not posted and form.searches_bsn():
            form.add_error("q", _("Search for a BSN with the search field, not in the address."))
            return _invalid_caseload_search(request, form)
    elif form.is_bound:
        return _invalid_caseload_search(request, form)
    persons = dossier_queries.caseload(
        request.user,
        status=filters.get("status", ""),
        leerroute=filters.get("leerroute", ""),
        signal=filters.get("signal", ""),
        municipality_id=filters.get("municipality"),
        focus=filters.get("focus", ""),
        programme=filters.get("programme", ""),
        group=filters.get("group", ""),
        q=filters.get("q", ""),
        sort=filters.get("sort", "deadline"),
    )
    requested = request.GET.get("page", "")
    if requested.isdigit():
        persons.count_at_least_to((int(requested) + 1) * PAGE_SIZE)
    page = Paginator(persons, PAGE_SIZE).get_page(requested)
    people: list[Any] = list(page.object_list)
    rows = _caseload_rows(people)
    record_view(
        request,
        person_ids=[p.pk for p in people],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="Caseload",
    )
    return render(
        request,
        "persons/caseload.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": bool(filters.keys() - {"sort"}),
            "count_is_capped": persons.count_is_capped,
            "count_limit": persons.count_limit,
        },
    )


def _invalid_caseload_search(request: HttpRequest, form: CaseloadFilterForm) -> HttpResponse:
    """A search that cannot be run (e.g. a number that is no BSN): the reason, no people."""
    return render(
        request,
        "persons/caseload.html",
        {
            "form": form,
            "page": Paginator([], PAGE_SIZE).get_page(1),
            "rows": [],
            "filtered": True,
            "count_is_capped": False,
            "count_limit": 0,
        },
    )


def _caseload_rows(people: list[Any]) -> list[dict[str, Any]]:
    """Rows for a page of the caseload: three queries, whatever the page size."""
    ids = [p.pk for p in people]
    signals = dossier_queries.open_signals_by_person(ids)
    deadlines = trajectory_queries.open_deadlines_by_trajectory([p.t_id for p in people if p.t_id])
    without_active = [p.pk for p in people if not p.t_id]
    ended = trajectory_queries.latest_by_person(without_active) if without_active else {}
    rows = []
    for person in people:
        next_deadline = None
        if person.t_id:
            for deadline in deadlines.get(person.t_id, []):
                if (deadline.due, deadline.kind) == (
                    person.t_next_deadline,
                    person.t_next_deadline_kind,
                ):
                    next_deadline = deadline
                    break
        last = ended.get(person.pk)
        status = person.t_status or (last.status if last else "")
        rows.append(
            {
                "person": person,
                "status": texts.status_text(status) if status else "",
                "active": bool(person.t_id),
                "leerroute": _leerroute_label(person.t_leerroute),
                "niveau": person.t_niveau or "",
                "next_deadline": person.t_next_deadline,
                "next_deadline_kind": texts.deadline_kind_text(person.t_next_deadline_kind or ""),
                "next_deadline_estimate": bool(next_deadline and next_deadline.is_estimate),
                "signals": [
                    {"code": s.code, "text": texts.signal_text(s.code), "severity": s.severity}
                    for s in signals.get(person.pk, [])
                ],
            }
        )
    return rows


def _leerroute_label(code: str | None) -> str:

    if not code:
        return ""
    try:
        return str(Leerroute(code).label)
    except ValueError:
        return code


# --------------------------------------------------------------------------- dossier


@login_required
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.VIEW)
    return _render_dossier(request, person)


def _render_dossier(
    request: HttpRequest,
    person: Person,
    *,
    contact_form: ContactMomentForm | None = None,
    reassign_form: ReassignForm | None = None,
    handover_form: HandOverForm | None = None,
    appointment_form: AppointmentForm | None = None,
    cancel_form: CancelAppointmentForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    household = list(person.household.all())
    children = [m for m in household if m.relation == HouseholdMember.Relation.CHILD]
    trajectory = trajectory_queries.current_trajectory(person.pk)
    tasks = dossier_queries.open_tasks(person.pk)
    signals = dossier_queries.open_signals(person.pk)
    timeline = dossier_queries.timeline_page(person.pk)
    appointments = dossier_queries.upcoming_appointments(person.pk, today)
    can_change = person.municipality_id in caseload_municipality_ids(request.user, Action.CHANGE)
    if can_change:
        appointment_form = appointment_form or AppointmentForm(person=person)
        contact_form = contact_form or ContactMomentForm(person=person)
        reassign_form = reassign_form or ReassignForm(person=person)
        handover_form = handover_form or HandOverForm(person=person)
    categories = [DataCategory.IDENTITY, DataCategory.BSN, DataCategory.TRAJECTORY]
    if person.phone or person.email or person.languages or person.preferred_language:
        categories.append(DataCategory.CONTACT)
    if person.street or person.postcode or person.city:
        categories.append(DataCategory.ADDRESS)
    if household:
        categories.append(DataCategory.HOUSEHOLD)
    if timeline.contact_moments or appointments:
        categories.append(DataCategory.CONTACT_MOMENTS)
    record_view(
        request, person_ids=[person.pk], categories=categories, action_name="Person dossier"
    )
    context = {
        "person": person,
        "person_ref": person_reference(person.pk),
        "country": country_name(person.country_of_origin),
        "languages": [language_name(code) for code in person.languages],
        "preferred_language": language_name(person.preferred_language),
        "household": household,
        "childcare": childcare_need([c.date_of_birth for c in children], today),
        "trajectory": trajectory,
        "deadlines": [
            {"deadline": d, "kind": texts.deadline_kind_text(d.kind)}
            for d in (getattr(trajectory, "open_deadlines", []) if trajectory else [])
        ],
        "leerroute": _leerroute_label(trajectory.leerroute if trajectory else ""),
        "tasks": _task_rows(tasks),
        "signals": [
            {"signal": s, "text": texts.signal_text(s.code), "severity": s.get_severity_display()}
            for s in signals
        ],
        "timeline": _timeline_rows(timeline),
        "next_cursor": timeline.next_cursor,
        "can_change": can_change,
        "contact_form": contact_form,
        "reassign_form": reassign_form,
        "handover_form": handover_form,
        "appointments": _appointment_rows(appointments, can_change, cancel_form),
        "appointment_form": appointment_form,
        "documents": dossier_queries.documents(person.pk),
    }
    return render(request, "persons/detail.html", context)


def _appointment_rows(
    appointments: list[Appointment], can_change: bool, cancel_form: CancelAppointmentForm | None
) -> list[dict[str, Any]]:
    rows = []
    for appointment in appointments:
        form = None
        if can_change:
            if cancel_form is not None and cancel_form.appointment_id == appointment.pk:
                form = cancel_form
            else:
                form = CancelAppointmentForm(appointment_id=appointment.pk)
        rows.append(
            {
                "appointment": appointment,
                "starts_at": timezone.localtime(appointment.starts_at),
                "ends_at": timezone.localtime(appointment.starts_at)
                + timedelta(minutes=appointment.duration_minutes),
                "kind": texts.contact_kind_text(appointment.kind),
                "interpreter_language": language_name(appointment.interpreter_language)
                if appointment.interpreter_language
                else "",
                "cancel_form": form,
            }
        )
    return rows


def _task_rows(tasks: list[Task]) -> list[dict[str, Any]]:
    return [{"task": t, "title": texts.task_title(t.code, t.title)} for t in tasks]


def _timeline_rows(page: dossier_queries.TimelinePage) -> list[dict[str, Any]]:
    rows = []
    for entry in page.entries:
        moment = None
        if entry.kind == TimelineKind.CONTACT_MOMENT:
            raw = entry.params.get("contact_moment")
            moment = page.contact_moments.get(int(raw)) if str(raw or "").isdigit() else None
        rows.append(
            {
                "entry": entry,
                "text": texts.timeline_text(entry.kind, entry.code, entry.params),
                "is_duo": entry.kind == TimelineKind.DUO_EVENT,
                "moment": moment,
                "interpreter_language": language_name(moment.interpreter_language)
                if moment
                else "",
            }
        )
    return rows


@login_required
def timeline(request: HttpRequest, public_id: str) -> HttpResponse:
    """Older timeline entries: a fragment for HTMX ("show more"), else a page of its own."""
    person = person_or_404(request, public_id, Action.VIEW)
    page = dossier_queries.timeline_page(person.pk, before=request.GET.get("before") or None)
    categories = [DataCategory.TRAJECTORY]
    if page.contact_moments:
        categories.append(DataCategory.CONTACT_MOMENTS)
    fragment = bool(getattr(request, "htmx", False))
    if not fragment:
        categories.append(DataCategory.IDENTITY)
    record_view(
        request, person_ids=[person.pk], categories=categories, action_name="Person timeline"
    )
    context = {"person": person, "timeline": _timeline_rows(page), "next_cursor": page.next_cursor}
    template = "persons/_timeline_more.html" if fragment else "persons/timeline.html"
    return render(request, template, context)


# --------------------------------------------------------------------------- actions


def _dossier_url(person: Person, anchor: str = "") -> str:
    url = reverse("persons:detail", args=[person.public_id])
    return f"{url}#{anchor}" if anchor else url


def _dossier_form_action(
    request: HttpRequest,
    form: forms.Form,
    *,
    act: Callable[[dict[str, Any]], tuple[str, str]],
    show_again: Callable[[], HttpResponse],
    rename: dict[str, str] | None = None,
) -> HttpResponse:
    """A form posted from the dossier: `act` calls the service and says what to tell the
    user and where to go; a refusal lands on the form, which the dossier shows again."""
    if form.is_valid():
        try:
            message, target = act(form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc, rename=rename)
        else:
            messages.success(request, message)
            return redirect(target)
    return show_again()


@login_required
def contact_moment(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    if request.method != "POST":
        return redirect(_dossier_url(person, "contact-moment"))
    form = ContactMomentForm(request.POST, person=person)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        dossier_services.record_contact_moment(
            person,
            actor=request_user(request),
            kind=data["kind"],
            on=data["date"],
            notes=data["notes"],
            interpreter_present=data["interpreter_present"],
            interpreter_language=data["interpreter_language"],
            peer_expert_present=data["peer_expert_present"],
            other_participants=data["other_participants"],
        )
        return _("The contact moment was recorded."), _dossier_url(person, "timeline")

    return _dossier_form_action(
        request,
        form,
        act=act,
        show_again=lambda: _render_dossier(request, person, contact_form=form),
    )


@login_required
def appointment_plan(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    if request.method != "POST":
        return redirect(_dossier_url(person, "appointments"))
    form = AppointmentForm(request.POST, person=person)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        dossier_services.plan_appointment(
            person,
            actor=request_user(request),
            kind=data["kind"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            location=data["location"],
            interpreter_language=data["interpreter_language"],
        )
        return _("The appointment was planned."), _dossier_url(person, "appointments")

    return _dossier_form_action(
        request,
        form,
        act=act,
        show_again=lambda: _render_dossier(request, person, appointment_form=form),
        rename={"starts_at": "date"},
    )


@login_required
def appointment_cancel(request: HttpRequest, public_id: str, appointment_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    if request.method != "POST":
        return redirect(_dossier_url(person, "appointments"))
    appointment = get_object_or_404(Appointment, pk=appointment_id, person=person)
    if appointment.status != AppointmentStatus.PLANNED:
        messages.info(request, _("This appointment was already cancelled or held."))
        return redirect(_dossier_url(person, "appointments"))
    form = CancelAppointmentForm(request.POST, appointment_id=appointment.pk)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        dossier_services.cancel_appointment(
            appointment, actor=request_user(request), reason=data["reason"]
        )
        return _("The appointment was cancelled."), _dossier_url(person, "appointments")

    return _dossier_form_action(
        request,
        form,
        act=act,
        show_again=lambda: _render_dossier(request, person, cancel_form=form),
    )


@login_required
def document(request: HttpRequest, public_id: str, document_id: int) -> HttpResponse:
    """Download a document of the person's file (e.g. the MAP e-learning report)."""
    person = person_or_404(request, public_id, Action.VIEW)
    found = dossier_queries.document(person.pk, document_id)
    if found is None:
        raise Http404
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.TRAJECTORY],
        action_name="Person document",
        action=ProcessingAction.EXPORT,
    )
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response


@login_required
def task_done(request: HttpRequest, public_id: str, task_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    if request.method != "POST":
        return redirect(_dossier_url(person, "tasks"))
    task = get_object_or_404(Task, pk=task_id, person=person)
    was_open = task.status == TaskStatus.OPEN
    if was_open:
        dossier_services.complete_task(task, actor=request_user(request))
    if getattr(request, "htmx", False):
        if not was_open:
            record_view(
                request,
                person_ids=[person.pk],
                categories=[DataCategory.TRAJECTORY],
                action_name="Person tasks",
            )
        context = {
            "person": person,
            "tasks": _task_rows(dossier_queries.open_tasks(person.pk)),
            "can_change": True,
            "done_message": _("Task marked as done.") if was_open else "",
        }
        return render(request, "persons/_tasks.html", context)
    messages.success(request, _("The task was marked as done."))
    return redirect(_dossier_url(person, "tasks"))


@login_required
def reassign(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    if request.method != "POST":
        return redirect(_dossier_url(person, "regisseur"))
    form = ReassignForm(request.POST, person=person)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        dossier_services.reassign_regisseur(person, data["regisseur"], actor=request_user(request))
        message = _("%(name)s is now the client manager.") % {"name": data["regisseur"]}
        return message, _dossier_url(person)

    return _dossier_form_action(
        request,
        form,
        act=act,
        show_again=lambda: _render_dossier(request, person, reassign_form=form),
    )


@login_required
def hand_over(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    if request.method != "POST":
        return redirect(_dossier_url(person, "hand-over"))
    form = HandOverForm(request.POST, person=person)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        municipality = data["municipality"]
        dossier_services.hand_over(
            person,
            municipality,
            actor=request_user(request),
            moved_on=data["moved_on"],
            note=data["note"],
        )
        message = _("The person was handed over to %(municipality)s.") % {
            "municipality": municipality.name
        }
        # Where the new municipality is outside the user's caseload, the dossier is gone.
        still_visible = person_queries.persons_for_user(request.user).filter(pk=person.pk).exists()
        return message, _dossier_url(person) if still_visible else reverse("persons:caseload")

    return _dossier_form_action(
        request,
        form,
        act=act,
        show_again=lambda: _render_dossier(request, person, handover_form=form),
    )


@login_required
def edit_details(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    form = PersonDetailsForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        additions = []
        if data["new_member_relation"]:
            additions.append(
                services.RegistryHouseholdMember(
                    data["new_member_relation"],
                    data["new_member_name"].strip(),
                    data["new_member_date_of_birth"],
                )
            )
        try:
            changed = dossier_services.update_person_details(
                person,
                actor=request_user(request),
                details=form.details(),
                add_household=additions,
                remove_household_ids=[int(pk) for pk in data["remove_household"]],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("The personal details were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(_dossier_url(person))
    categories = [DataCategory.IDENTITY, DataCategory.CONTACT]
    if person.household.exists():
        categories.append(DataCategory.HOUSEHOLD)
    if request.method != "POST" or form.errors:
        record_view(
            request,
            person_ids=[person.pk],
            categories=categories,
            action_name="Personal details form",
        )
    return render(request, "persons/details_form.html", {"person": person, "form": form})
