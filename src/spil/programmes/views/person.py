"""A person's programmes: week plan, credited hours, language and DUO results, and the
changes made there (enrol, enrol from the PIP, the waiting list, a result to DUO).

The page finds the person through ``queries`` (scoped to the user) and leaves one
processing record; a change is recorded by the service, then redirects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.persons.models import Person
from spil.persons.queries import person_or_404
from spil.programmes import pip_plan, queries
from spil.programmes.forms import EnrolForm, EnrolFromPipForm, ResultForm, WaitingForm
from spil.programmes.models import (
    DuoResult,
    Enrolment,
    LanguageResult,
    PlanMilestone,
    ProgrammeTemplate,
)
from spil.programmes.services import assignment as assignment_service
from spil.programmes.services import attendance as attendance_service
from spil.programmes.services import duo_results, enrolment


def _person(request: HttpRequest, public_id: Any, action: Action) -> Person:
    """A person whose programme data the user may see: the caseload or a trainer's groups."""
    return person_or_404(request, public_id, action, scope=queries.persons_for_user)


@login_required
def person(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A person's programmes: week plan, credited hours, language results, DUO results."""
    subject = _person(request, public_id, Action.VIEW)
    can_change = Person.objects.for_user(request.user, Action.CHANGE).filter(pk=subject.pk).exists()
    enrolments = list(
        Enrolment.objects.filter(person=subject)
        .select_related("template", "stream")
        .prefetch_related("items", "milestones", "template__roles")
    )
    checkable = queries.checkable_milestones(
        request.user, subject, (m for item in enrolments for m in item.milestones.all())
    )
    overview = queries.hours_overview(subject, request.user)
    summary = overview.summary if overview else attendance_service.hours_summary(subject)
    record_view(
        request,
        person_ids=[subject.pk],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY, DataCategory.LANGUAGE],
        action_name="Programmes of a person",
    )
    return render(
        request,
        "programmes/person.html",
        {
            "person": subject,
            "enrolments": enrolments,
            "summary": summary,
            "show_zroute": bool(overview and overview.show_zroute),
            "memberships": subject.group_memberships.select_related("group"),
            "results": LanguageResult.objects.filter(person=subject)[:20],
            "duo_results": DuoResult.objects.filter(person=subject),
            "can_change": can_change,
            "enrol_form": EnrolForm(initial={"start_date": timezone.localdate()}),
            "result_form": ResultForm(),
            "waiting_form": WaitingForm(initial={"earliest_start": timezone.localdate()}),
            "waiting": subject.waiting_entries.filter(status="waiting"),
            "has_pip": can_change and pip_plan.read_pip(subject) is not None,
            "today": timezone.localdate(),
            "checkable": checkable,
        },
    )


@login_required
@require_POST
def milestone_done(request: HttpRequest, public_id: Any, pk: int) -> HttpResponse:
    """The trainer or klantmanager checks off a milestone of the person's week plan."""
    subject = _person(request, public_id, Action.VIEW)
    milestone = PlanMilestone.objects.filter(enrolment__person=subject, pk=pk).first()
    if milestone is None:
        raise Http404
    try:
        enrolment.check_off_milestone(milestone, timezone.localdate(), actor=request_user(request))
    except enrolment.MilestoneNotAllowed as exc:
        raise PermissionDenied from exc
    messages.success(request, _("“%(name)s” is done.") % {"name": milestone.name})
    return redirect("programmes:person", public_id=subject.public_id)


PersonAct = Callable[[Person, dict[str, Any], User], str]


def _person_action(
    request: HttpRequest,
    public_id: Any,
    form_class: type[forms.Form],
    act: PersonAct,
    *,
    invalid: str = "",
) -> HttpResponse:
    """The shape of every change on a person's programme page: the person in the user's
    caseload (to change), the form checked, the service called (it records the change),
    the outcome as a message, back to the page. ``invalid`` replaces the form's own errors."""
    subject = person_or_404(request, public_id, Action.CHANGE)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        for text in [invalid] if invalid else errors:
            messages.error(request, text)
    else:
        try:
            messages.success(request, act(subject, form.cleaned_data, request_user(request)))
        except duo_results.ResultRefused as exc:
            for text in exc.messages:
                messages.error(request, text)
        except enrolment.NoEstablishedPip:
            messages.error(request, _("The person has no established PIP yet."))
        except enrolment.EntryConditionsNotMet as exc:
            for text in exc.warnings:
                messages.error(request, text)
    return redirect("programmes:person", public_id=subject.public_id)


@login_required
@require_POST
def enrol(request: HttpRequest, public_id: Any) -> HttpResponse:
    def act(subject: Person, data: dict[str, Any], actor: User) -> str:
        enrolment.enrol(subject, data["template"], data["start_date"], actor=actor)
        return _("Enrolled; the week plan has been made.")

    return _person_action(
        request, public_id, EnrolForm, act, invalid=_("Choose a programme and a start date.")
    )


@login_required
@require_POST
def wait(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Put the person on the waiting list for a kind of group, with their free day-parts."""

    def act(subject: Person, data: dict[str, Any], actor: User) -> str:
        assignment_service.register_waiting(
            subject,
            data["kind"],
            available=data["available"],
            locations=data["locations"],
            earliest_start=data["earliest_start"],
            actor=actor,
        )
        return _("The person is on the waiting list.")

    return _person_action(
        request,
        public_id,
        WaitingForm,
        act,
        invalid=_("Choose the kind of group, free day-parts and locations."),
    )


@login_required
@require_POST
def result(request: HttpRequest, public_id: Any) -> HttpResponse:
    def act(subject: Person, data: dict[str, Any], actor: User) -> str:
        verwijtbaar = data["verwijtbaar"] or None
        sent = duo_results.send_result(
            subject, data["kind"], data["on"], verwijtbaar=verwijtbaar, actor=actor
        )
        if sent is None:
            return _("The date has been withdrawn at DUO.")
        return _("The result has been sent to DUO.")

    return _person_action(request, public_id, ResultForm, act)


@login_required
def enrol_from_pip(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Enrol from the established PIP: the suggested programmes (best fit first, with the
    reasons), a preview of the personal week plan, then enrol (POST)."""
    subject = person_or_404(request, public_id, Action.CHANGE)
    if request.method == "POST":

        def act(person: Person, data: dict[str, Any], actor: User) -> str:
            enrolment.enrol_from_pip(
                person,
                data["template"],
                data["start_date"],
                actor=actor,
                accept_unmet=data["accept_unmet"],
            )
            return _("Enrolled from the PIP; the week plan has been made.")

        return _person_action(
            request,
            public_id,
            EnrolFromPipForm,
            act,
            invalid=_("Choose a programme and a start date."),
        )
    pip = pip_plan.read_pip(subject)
    suggestions = (
        pip_plan.suggest(ProgrammeTemplate.objects.filter(is_active=True), pip) if pip else []
    )
    default_start = pip.first_start if pip and pip.first_start else timezone.localdate()
    form = EnrolForm(
        request.GET if "template" in request.GET else None,
        initial={
            "template": suggestions[0].template.pk if suggestions else None,
            "start_date": default_start,
        },
    )
    preview: list[pip_plan.Draft] = []
    milestones: list[tuple[Any, Any]] = []
    warnings: list[str] = []
    chosen, start = None, default_start
    if pip and form.is_bound and form.is_valid():
        chosen, start = form.cleaned_data["template"], form.cleaned_data["start_date"]
    elif pip and not form.is_bound and suggestions:
        chosen = suggestions[0].template
    if pip and chosen is not None:
        monday = start - timedelta(days=start.weekday())
        preview = pip_plan.merge(pip_plan.template_drafts(chosen, monday), pip, monday)
        milestones = enrolment.milestone_dates(chosen, monday)
        warnings = pip_plan.entry_warnings(chosen, subject)
    selected = form["template"].value() if pip else None
    record_view(
        request,
        person_ids=[subject.pk],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="Enrol from the PIP",
    )
    return render(
        request,
        "programmes/enrol_from_pip.html",
        {
            "person": subject,
            "pip": pip,
            "suggestions": suggestions,
            "selected": str(selected or ""),
            "form": form,
            "preview": preview,
            "chosen": chosen,
            "start": start,
            "milestones": milestones,
            "warnings": warnings,
            "pip_phase": pip_plan.PIP_PHASE,
        },
    )
