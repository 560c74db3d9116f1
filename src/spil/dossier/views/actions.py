"""What a klantmanager does from the dossier: each form on its own page of the section it
belongs to (contact moment with the timeline, appointments with the appointments, a new
client manager and a hand-over with the person), posted there and answered with a redirect,
or shown again with its errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_view
from spil.core.form_helpers import add_validation_errors
from spil.dossier import queries as dossier_queries
from spil.dossier import services as dossier_services
from spil.dossier.forms import (
    AppointmentForm,
    CancelAppointmentForm,
    ContactMomentForm,
    HandOverForm,
    PersonDetailsForm,
    ReassignForm,
)
from spil.dossier.models import Appointment, AppointmentStatus, Task, TaskStatus
from spil.dossier.views.rows import task_rows
from spil.dossier.views.sections import appointments_page, render_section
from spil.persons import queries as person_queries
from spil.persons import services
from spil.persons.models import Person
from spil.persons.queries import person_or_404


def _url(name: str, person: Person, anchor: str = "") -> str:
    url = reverse(name, args=[person.public_id])
    return f"{url}#{anchor}" if anchor else url


def _form_action(
    request: HttpRequest,
    form: forms.Form,
    *,
    act: Callable[[dict[str, Any]], tuple[str, str]],
    show_again: Callable[[], HttpResponse],
    rename: dict[str, str] | None = None,
) -> HttpResponse:
    """A posted form: `act` calls the service and says what to tell the user and where to
    go; a refusal lands on the form, which its page shows again."""
    if form.is_valid():
        try:
            message, target = act(form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc, rename=rename)
        else:
            messages.success(request, message)
            return redirect(target)
    return show_again()


def _section_form(
    request: HttpRequest,
    public_id: str,
    form_class: Callable[..., forms.Form],
    *,
    section: str,
    template: str,
    action_name: str,
    act: Callable[[Person, dict[str, Any]], tuple[str, str]],
) -> HttpResponse:
    """A change with a page of its own in a dossier section: the form (GET), or the posted
    form acted on with `act(person, data)` and shown again on a refusal."""
    person = person_or_404(request, public_id, Action.CHANGE)
    form = form_class(request.POST or None, person=person)

    def show_again() -> HttpResponse:
        return render_section(
            request,
            person,
            section,
            template,
            {"form": form},
            categories=[],
            action_name=action_name,
        )

    if request.method != "POST":
        return show_again()
    return _form_action(request, form, act=lambda data: act(person, data), show_again=show_again)


@login_required
def contact_moment(request: HttpRequest, public_id: str) -> HttpResponse:
    def act(person: Person, data: dict[str, Any]) -> tuple[str, str]:
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
        return _("The contact moment was recorded."), _url("persons:timeline", person)

    return _section_form(
        request,
        public_id,
        ContactMomentForm,
        section="timeline",
        template="persons/dossier/contact_moment.html",
        action_name="Contact moment form",
        act=act,
    )


@login_required
def appointment_plan(request: HttpRequest, public_id: str) -> HttpResponse:
    """The appointments section (GET, for everyone who may see the person); planning one
    (POST) needs the right to change the person."""
    if request.method != "POST":
        return appointments_page(request, person_or_404(request, public_id, Action.VIEW))
    person = person_or_404(request, public_id, Action.CHANGE)
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
        return _("The appointment was planned."), _url("persons:appointment_plan", person)

    return _form_action(
        request,
        form,
        act=act,
        show_again=lambda: appointments_page(request, person, appointment_form=form),
        rename={"starts_at": "date"},
    )


@login_required
def appointment_cancel(request: HttpRequest, public_id: str, appointment_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    appointments = _url("persons:appointment_plan", person)
    if request.method != "POST":
        return redirect(appointments)
    appointment = get_object_or_404(Appointment, pk=appointment_id, person=person)
    if appointment.status != AppointmentStatus.PLANNED:
        messages.info(request, _("This appointment was already cancelled or held."))
        return redirect(appointments)
    form = CancelAppointmentForm(request.POST, appointment_id=appointment.pk)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        dossier_services.cancel_appointment(
            appointment, actor=request_user(request), reason=data["reason"]
        )
        return _("The appointment was cancelled."), appointments

    return _form_action(
        request,
        form,
        act=act,
        show_again=lambda: appointments_page(request, person, cancel_form=form),
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
        return redirect(_url("persons:detail", person, "tasks"))
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
            "tasks": task_rows(dossier_queries.open_tasks(person.pk)),
            "can_change": True,
            "done_message": _("Task marked as done.") if was_open else "",
        }
        return render(request, "persons/_tasks.html", context)
    messages.success(request, _("The task was marked as done."))
    return redirect(_url("persons:detail", person, "tasks"))


@login_required
def reassign(request: HttpRequest, public_id: str) -> HttpResponse:
    def act(person: Person, data: dict[str, Any]) -> tuple[str, str]:
        dossier_services.reassign_regisseur(person, data["regisseur"], actor=request_user(request))
        message = _("%(name)s is now the client manager.") % {"name": data["regisseur"]}
        return message, _url("persons:detail", person)

    return _section_form(
        request,
        public_id,
        ReassignForm,
        section="person",
        template="persons/dossier/reassign.html",
        action_name="Reassign form",
        act=act,
    )


@login_required
def hand_over(request: HttpRequest, public_id: str) -> HttpResponse:
    def act(person: Person, data: dict[str, Any]) -> tuple[str, str]:
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
        target = _url("persons:detail", person) if still_visible else reverse("persons:caseload")
        return message, target

    return _section_form(
        request,
        public_id,
        HandOverForm,
        section="person",
        template="persons/dossier/hand_over.html",
        action_name="Hand-over form",
        act=act,
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
            return redirect(_url("persons:person", person))
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
