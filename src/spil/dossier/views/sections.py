"""A person's dossier as a summary and sections, each a page of its own.

The summary (`persons:detail`) shows what matters now: status, route and level, the next
deadline with its countdown, open signals (urgent first), open tasks, the next appointment
and who is involved. The sections (person, trajectory and plan, programmes and hours, work,
timeline, documents, appointments) each read only what they show and name only those
categories in their one processing record. A plain page per section keeps the back button
and bookmarks working without any script.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.accounts.access import Action, caseload_municipality_ids
from spil.audit.purposes import DataCategory
from spil.audit.services import person_reference, record_view
from spil.dossier import queries as dossier_queries
from spil.dossier import texts
from spil.dossier.forms import AppointmentForm, CancelAppointmentForm
from spil.dossier.models import SignalSeverity
from spil.dossier.views.rows import appointment_rows, leerroute_label, task_rows, timeline_rows
from spil.persons.models import HouseholdMember, Person
from spil.persons.presentation import childcare_need, country_name, language_name
from spil.persons.queries import person_or_404
from spil.trajectories import queries as trajectory_queries
from spil.trajectories.models import Trajectory


@dataclass(frozen=True)
class Section:
    key: str
    url_name: str
    label: Any


#: The dossier's sections in the order of its section navigation.
SECTIONS = (
    Section("summary", "persons:detail", _("Summary")),
    Section("person", "persons:person", _("Person and household")),
    Section("trajectory", "persons:trajectory", _("Trajectory and plan")),
    Section("programmes", "persons:programmes", _("Programmes and hours")),
    Section("work", "persons:work", _("Work")),
    Section("appointments", "persons:appointment_plan", _("Appointments")),
    Section("timeline", "persons:timeline", _("Timeline")),
    Section("documents", "persons:documents", _("Documents")),
)


def can_change(request: HttpRequest, person: Person) -> bool:
    return person.municipality_id in caseload_municipality_ids(request.user, Action.CHANGE)


def render_section(
    request: HttpRequest,
    person: Person,
    section: str,
    template: str,
    context: dict[str, Any],
    *,
    categories: list[DataCategory],
    action_name: str,
    trajectory: Trajectory | Literal["read"] | None = "read",
) -> HttpResponse:
    """A dossier page: the shared header (name, status line, section navigation) and the
    section's own content, with one processing record naming what the page shows."""
    if trajectory == "read":
        trajectory = trajectory_queries.current_trajectory(person.pk)
    # The header's status line is trajectory data, the name identity data: on every page.
    named = [DataCategory.IDENTITY, DataCategory.TRAJECTORY]
    named += [c for c in categories if c not in named]
    record_view(request, person_ids=[person.pk], categories=named, action_name=action_name)
    header = {
        "person": person,
        "trajectory": trajectory,
        "leerroute": leerroute_label(trajectory.leerroute if trajectory else ""),
        "sections": SECTIONS,
        "section": section,
        "section_label": next(s.label for s in SECTIONS if s.key == section),
        "can_change": can_change(request, person),
    }
    return render(request, template, {**header, **context})


@login_required
def summary(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.VIEW)
    today = timezone.localdate()
    trajectory = trajectory_queries.current_trajectory(person.pk)
    deadlines = list(getattr(trajectory, "open_deadlines", []) if trajectory else [])
    next_deadline = deadlines[0] if deadlines else None
    days_left = (next_deadline.due - today).days if next_deadline else None
    signals = sorted(
        dossier_queries.open_signals(person.pk),
        key=lambda s: (s.severity != SignalSeverity.URGENT, -s.raised_at.timestamp()),
    )
    tasks = dossier_queries.open_tasks(person.pk)
    upcoming = dossier_queries.upcoming_appointments(person.pk, today)
    next_appointment = appointment_rows(upcoming[:1], False, None)
    involved = [(_("Client manager"), person.regisseur)] if person.regisseur_id else []
    for task in tasks:
        if task.assignee and all(user != task.assignee for _label, user in involved):
            involved.append((_("Assigned a task"), task.assignee))
    categories = [DataCategory.IDENTITY, DataCategory.TRAJECTORY]
    if next_appointment:
        categories.append(DataCategory.CONTACT_MOMENTS)
    context = {
        "next_deadline": next_deadline,
        "next_deadline_kind": texts.deadline_kind_text(next_deadline.kind) if next_deadline else "",
        "days_left": days_left,
        "days_overdue": -days_left if days_left is not None and days_left < 0 else 0,
        "signals": [
            {"signal": s, "text": texts.signal_text(s.code), "severity": s.get_severity_display()}
            for s in signals
        ],
        "tasks": task_rows(tasks),
        "next_appointment": next_appointment[0] if next_appointment else None,
        "more_appointments": len(upcoming) - len(next_appointment),
        "involved": involved,
    }
    return render_section(
        request,
        person,
        "summary",
        "persons/dossier/summary.html",
        context,
        categories=categories,
        action_name="Person dossier",
        trajectory=trajectory,
    )


@login_required
def person_section(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.VIEW)
    today = timezone.localdate()
    household = list(person.household.all())
    children = [m for m in household if m.relation == HouseholdMember.Relation.CHILD]
    categories = [DataCategory.IDENTITY, DataCategory.BSN]
    if person.phone or person.email or person.languages or person.preferred_language:
        categories.append(DataCategory.CONTACT)
    if person.street or person.postcode or person.city:
        categories.append(DataCategory.ADDRESS)
    if household:
        categories.append(DataCategory.HOUSEHOLD)
    context = {
        "person_ref": person_reference(person.pk),
        "country": country_name(person.country_of_origin),
        "languages": [language_name(code) for code in person.languages],
        "preferred_language": language_name(person.preferred_language),
        "household": household,
        "childcare": childcare_need([c.date_of_birth for c in children], today),
    }
    return render_section(
        request,
        person,
        "person",
        "persons/dossier/person.html",
        context,
        categories=categories,
        action_name="Person dossier: person",
    )


@login_required
def trajectory_section(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.VIEW)
    trajectory = trajectory_queries.current_trajectory(person.pk)
    context = {
        "deadlines": [
            {"deadline": d, "kind": texts.deadline_kind_text(d.kind)}
            for d in (getattr(trajectory, "open_deadlines", []) if trajectory else [])
        ],
    }
    return render_section(
        request,
        person,
        "trajectory",
        "persons/dossier/trajectory.html",
        context,
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="Person dossier: trajectory",
        trajectory=trajectory,
    )


def _plain_section(
    key: str,
    category: DataCategory,
    read: Callable[[Person], dict[str, Any]] = lambda person: {},
) -> Callable[[HttpRequest, str], HttpResponse]:
    """The view of a section that shows one category besides the header, read by `read`
    (its template at persons/dossier/<key>.html)."""

    @login_required
    def section_view(request: HttpRequest, public_id: str) -> HttpResponse:
        person = person_or_404(request, public_id, Action.VIEW)
        return render_section(
            request,
            person,
            key,
            f"persons/dossier/{key}.html",
            read(person),
            categories=[DataCategory.IDENTITY, category],
            action_name=f"Person dossier: {key}",
        )

    section_view.__name__ = section_view.__qualname__ = f"{key}_section"
    return section_view


programmes_section = _plain_section("programmes", DataCategory.TRAJECTORY)
work_section = _plain_section("work", DataCategory.WORK)
documents_section = _plain_section(
    "documents",
    DataCategory.TRAJECTORY,
    lambda person: {"documents": dossier_queries.documents(person.pk)},
)


@login_required
def timeline(request: HttpRequest, public_id: str) -> HttpResponse:
    """The timeline section; older entries as a fragment for HTMX ("show more")."""
    person = person_or_404(request, public_id, Action.VIEW)
    page = dossier_queries.timeline_page(person.pk, before=request.GET.get("before") or None)
    categories = [DataCategory.TRAJECTORY]
    if page.contact_moments:
        categories.append(DataCategory.CONTACT_MOMENTS)
    context = {
        "timeline": timeline_rows(page),
        "next_cursor": page.next_cursor,
        "older": bool(request.GET.get("before")),
    }
    if getattr(request, "htmx", False):
        record_view(
            request, person_ids=[person.pk], categories=categories, action_name="Person timeline"
        )
        return render(request, "persons/_timeline_more.html", {"person": person, **context})
    return render_section(
        request,
        person,
        "timeline",
        "persons/dossier/timeline.html",
        context,
        categories=[DataCategory.IDENTITY, *categories],
        action_name="Person timeline",
    )


def appointments_page(
    request: HttpRequest,
    person: Person,
    *,
    appointment_form: AppointmentForm | None = None,
    cancel_form: CancelAppointmentForm | None = None,
) -> HttpResponse:
    """The appointments section: upcoming appointments (each with its cancel form) and the
    form to plan one; a refused form shows here again with its errors."""
    changeable = can_change(request, person)
    appointments = dossier_queries.upcoming_appointments(person.pk, timezone.localdate())
    categories = [DataCategory.IDENTITY]
    if appointments:
        categories.append(DataCategory.CONTACT_MOMENTS)
    context = {
        "appointments": appointment_rows(appointments, changeable, cancel_form),
        "appointment_form": (appointment_form or AppointmentForm(person=person))
        if changeable
        else None,
    }
    return render_section(
        request,
        person,
        "appointments",
        "persons/dossier/appointments.html",
        context,
        categories=categories,
        action_name="Person appointments",
    )
