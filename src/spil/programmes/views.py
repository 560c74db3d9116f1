"""Pages of the programmes app: templates, a person's programme, groups, the assignment,
attendance, school holidays and the language-school upload.

Every page that shows people finds them through ``queries`` (scoped to the user) and leaves
one processing record per request; a change is recorded by the service, then redirects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.forms import inlineformset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import Organisation, User
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.persons import queries as person_queries
from spil.persons.models import Person
from spil.programmes import pip_plan, queries
from spil.programmes.forms import (
    MOMENT_LABELS,
    WEEKDAY_LABELS,
    ComponentForm,
    EnrolForm,
    GroupForm,
    ImportForm,
    PhaseForm,
    ResultForm,
    SchoolHolidayForm,
    TemplateForm,
    WaitingForm,
    daypart_choices,
)
from spil.programmes.models import (
    Attendance,
    AttendanceStatus,
    DuoResult,
    Enrolment,
    GroupKind,
    LanguageResult,
    Phase,
    PhaseComponent,
    ProgrammeTemplate,
    SchoolHoliday,
    Session,
)
from spil.programmes.services import assignment as assignment_service
from spil.programmes.services import attendance as attendance_service
from spil.programmes.services import duo_results, enrolment, imports
from spil.programmes.services import groups as groups_service


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --------------------------------------------------------------------------- templates


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    if not queries.can_see_templates(request.user):
        raise PermissionDenied
    templates = queries.templates_for_user(request.user)
    return render(
        request,
        "programmes/template_list.html",
        {"templates": templates, "can_edit": queries.can_manage_templates(request.user)},
    )


@login_required
def template_detail(request: HttpRequest, code: str) -> HttpResponse:
    template = get_object_or_404(queries.templates_for_user(request.user), code=code)
    return render(
        request,
        "programmes/template_detail.html",
        {"template": template, "can_edit": queries.can_manage_templates(request.user)},
    )


PhaseFormSet = inlineformset_factory(
    ProgrammeTemplate, Phase, form=PhaseForm, extra=1, can_delete=True
)
ComponentFormSet = inlineformset_factory(
    Phase, PhaseComponent, form=ComponentForm, extra=1, can_delete=True
)


@login_required
def template_edit(request: HttpRequest, code: str) -> HttpResponse:
    """A functioneel beheerder edits a template: its phases and their weekly components."""
    if not queries.can_manage_templates(request.user):
        raise PermissionDenied
    template = get_object_or_404(ProgrammeTemplate, code=code)
    data = request.POST if request.method == "POST" else None
    form = TemplateForm(data, instance=template, prefix="t")
    phases = PhaseFormSet(data, instance=template, prefix="phases")
    components = [
        (phase, ComponentFormSet(data, instance=phase, prefix=f"c{phase.pk}"))
        for phase in template.phases.order_by("order")
    ]
    if request.method == "POST":
        valid = form.is_valid() and phases.is_valid()
        valid = all([valid, *(fs.is_valid() for _p, fs in components)])
        if valid:
            with transaction.atomic():
                form.save()
                for _phase, formset in components:
                    formset.save()
                saved = phases.save(commit=False)
                for obj in phases.deleted_objects:
                    obj.delete()
                top = max([p.order for p in template.phases.all()] or [0])
                for phase in saved:
                    if phase.pk is None:
                        top += 1
                        phase.order = top
                    phase.save()
            messages.success(request, _("The programme has been saved."))
            return redirect("programmes:template", code=template.code)
    return render(
        request,
        "programmes/template_edit.html",
        {"template": template, "form": form, "phases": phases, "components": components},
    )


# --------------------------------------------------------------------------- a person


def _person(request: HttpRequest, public_id: Any, action: Action) -> Person:
    return get_object_or_404(
        queries.persons_for_user(request.user, action).select_related("municipality"),
        public_id=public_id,
    )


@login_required
def person(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A person's programmes: week plan, credited hours, language results, DUO results."""
    subject = _person(request, public_id, Action.VIEW)
    can_change = Person.objects.for_user(request.user, Action.CHANGE).filter(pk=subject.pk).exists()
    enrolments = list(
        Enrolment.objects.filter(person=subject)
        .select_related("template")
        .prefetch_related("items")
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
        },
    )


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
    subject = person_queries.person_for_user_or_404(request.user, public_id, Action.CHANGE)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        for text in [invalid] if invalid else errors:
            messages.error(request, text)
    else:
        try:
            messages.success(request, act(subject, form.cleaned_data, _user(request)))
        except duo_results.ResultRefused as exc:
            for text in exc.messages:
                messages.error(request, text)
        except enrolment.NoEstablishedPip:
            messages.error(request, _("The person has no established PIP yet."))
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
        duo_results.send_result(
            subject, data["kind"], data["on"], verwijtbaar=verwijtbaar, actor=actor
        )
        return _("The result has been sent to DUO.")

    return _person_action(request, public_id, ResultForm, act)


@login_required
def enrol_from_pip(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Enrol from the established PIP: the suggested programmes (best fit first, with the
    reasons), a preview of the personal week plan, then enrol (POST)."""
    subject = person_queries.person_for_user_or_404(request.user, public_id, Action.CHANGE)
    if request.method == "POST":

        def act(person: Person, data: dict[str, Any], actor: User) -> str:
            enrolment.enrol_from_pip(person, data["template"], data["start_date"], actor=actor)
            return _("Enrolled from the PIP; the week plan has been made.")

        return _person_action(
            request, public_id, EnrolForm, act, invalid=_("Choose a programme and a start date.")
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
    chosen, start = None, default_start
    if pip and form.is_bound and form.is_valid():
        chosen, start = form.cleaned_data["template"], form.cleaned_data["start_date"]
    elif pip and not form.is_bound and suggestions:
        chosen = suggestions[0].template
    if pip and chosen is not None:
        monday = start - timedelta(days=start.weekday())
        preview = pip_plan.merge(pip_plan.template_drafts(chosen, monday), pip, monday)
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
            "pip_phase": pip_plan.PIP_PHASE,
        },
    )


# --------------------------------------------------------------------------- groups


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
        trainers = [_user(request)] if queries.is_trainer(request.user) else []
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
            "weekday": WEEKDAY_LABELS.get(group.weekday, group.weekday),
            "moment": MOMENT_LABELS.get(group.moment, group.moment),
        },
    )


# --------------------------------------------------------------------------- attendance

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
    errors: dict[int, str] = {}
    if request.method == "POST":
        everyone = request.POST.get("everyone") == "present"
        marks: dict[int, tuple[str, str]] = {}
        for member in members:
            status = "present" if everyone else request.POST.get(f"s-{member.pk}", "")
            reason = "" if everyone else request.POST.get(f"r-{member.pk}", "").strip()
            if status not in AttendanceStatus.values:
                errors[member.pk] = _("Choose present, late, excused or absent.")
            elif status == AttendanceStatus.EXCUSED and not reason:
                errors[member.pk] = _("Give the reason for the excused absence.")
            marks[member.pk] = (status, reason)
        if not errors:
            attendance_service.record_attendance(session, marks, actor=_user(request))
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
        posted = request.POST.get(f"s-{member.pk}") if request.method == "POST" else None
        rows.append(
            {
                "person": member,
                "status": posted or (current.status if current else AttendanceStatus.PRESENT),
                "reason": request.POST.get(f"r-{member.pk}", "")
                if request.method == "POST"
                else (current.reason if current else ""),
                "error": errors.get(member.pk, ""),
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
            "errors": errors,
        },
    )


# --------------------------------------------------------------------------- assignment


def _kind(request: HttpRequest) -> str:
    kind = request.POST.get("kind") or request.GET.get("kind") or GroupKind.MAP
    return kind if kind in GroupKind.values else GroupKind.MAP


def _adjustments(request: HttpRequest) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    fixed: list[tuple[int, int]] = []
    forbidden: list[tuple[int, int]] = []
    for key in request.POST:
        value = request.POST.get(key, "")
        if not key.startswith("adjust-") or ":" not in value:
            continue
        try:
            person_id = int(key.removeprefix("adjust-"))
            verb, group_id = value.split(":", 1)
            pair = (person_id, int(group_id))
        except ValueError:
            continue
        if verb == "pin":
            fixed.append(pair)
        elif verb == "forbid":
            forbidden.append(pair)
    return fixed, forbidden


@login_required
def assignment(request: HttpRequest) -> HttpResponse:
    """The planner's proposal: who goes to which group, why others could not be placed."""
    # The optimiser (OR-Tools) is imported on first use, not with the URL configuration.
    from spil.programmes.assignment import AssignmentInputError
    from spil.programmes.texts import reason_text

    if not queries.is_planner(request.user):
        raise PermissionDenied
    kind = _kind(request)
    entries = list(queries.waiting_for_user(request.user, kind))
    groups = list(
        queries.groups_for_user(request.user)
        .filter(kind=kind, start_date__gte=timezone.localdate() - timedelta(days=28))
        .order_by("start_date")
    )
    group_names: dict[object, str] = {g.pk: g.name for g in groups}
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "accept":
        allowed = {e.person_id for e in entries}
        group_ids = {g.pk for g in groups}
        placements = []
        for key in request.POST:
            if key.startswith("place-"):
                try:
                    pid = int(key.removeprefix("place-"))
                    gid = int(request.POST.get(key, ""))
                except ValueError:
                    continue
                if pid in allowed and gid in group_ids:
                    pinned = request.POST.get(f"pinned-{pid}") == "1"
                    placements.append((pid, gid, pinned))
        if placements:
            accepted = assignment_service.accept_placements(placements, actor=_user(request))
            messages.success(
                request,
                ngettext(
                    "%(count)d participant placed.", "%(count)d participants placed.", len(accepted)
                )
                % {"count": len(accepted)},
            )
        return redirect(reverse("programmes:assignment") + f"?kind={kind}")

    proposal = None
    rows: list[dict[str, Any]] = []
    error = ""
    fixed, forbidden = _adjustments(request) if request.method == "POST" else ([], [])
    if request.method == "POST" and action == "propose" and entries:
        try:
            proposal = assignment_service.propose(entries, groups, fixed=fixed, forbidden=forbidden)
        except AssignmentInputError as exc:
            error = _("The adjustments contradict each other (%(code)s).") % {"code": exc.code}
    placed = proposal.result.by_participant() if proposal else {}
    unplaced = proposal.result.unplaced_by_participant() if proposal else {}
    pinned_ids = {p for p, _g in fixed}
    adjust_values = {k.removeprefix("adjust-"): request.POST.get(k, "") for k in request.POST}
    for entry in entries:
        group_id = next(iter(placed.get(entry.person_id, {}).values()), None)
        rows.append(
            {
                "entry": entry,
                "available": ", ".join(
                    label for value, label in daypart_choices() if value in entry.available
                ),
                "group": group_names.get(group_id) if group_id is not None else None,
                "group_id": group_id,
                "pinned": entry.person_id in pinned_ids,
                "reasons": [
                    reason_text(reason, group_names)
                    for need in unplaced.get(entry.person_id, ())
                    for reason in need.reasons
                ],
                "adjust": adjust_values.get(str(entry.person_id), ""),
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
            "group_options": [
                option
                for g in groups
                for option in (
                    (f"pin:{g.pk}", _("Place in %(name)s") % {"name": g.name}),
                    (f"forbid:{g.pk}", _("Not in %(name)s") % {"name": g.name}),
                )
            ],
        },
    )


# --------------------------------------------------------------------------- school holidays


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


# --------------------------------------------------------------------------- upload


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """A language school uploads attendance or CEFR results: all lines or none."""
    providers = queries.upload_providers(request.user)
    if not providers:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "programmes/upload.html", {"form": None, "report": None})
    form = ImportForm(request.POST or None, request.FILES or None, providers=providers)
    report = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        report = imports.import_file(
            form.cleaned_data["provider"],
            upload_file.name,
            upload_file.read(),
            actor=_user(request),
        )
        if report.ok:
            messages.success(
                request,
                _(
                    "%(lines)d lines read: %(created)d new, %(updated)d changed, "
                    "%(unchanged)d already known."
                )
                % {
                    "lines": report.lines,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("programmes:upload")
    return render(request, "programmes/upload.html", {"form": form, "report": report})
