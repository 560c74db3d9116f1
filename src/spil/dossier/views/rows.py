"""Rows for the dossier's and caseload's templates: model objects with their display texts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from spil.dossier import queries as dossier_queries
from spil.dossier import texts
from spil.dossier.forms import CancelAppointmentForm
from spil.dossier.models import Appointment, Task, TimelineKind
from spil.persons.presentation import language_name
from spil.trajectories.models import Leerroute


def leerroute_label(code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(Leerroute(code).label)
    except ValueError:
        return code


def appointment_rows(
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


def task_rows(tasks: list[Task]) -> list[dict[str, Any]]:
    return [{"task": t, "title": texts.task_title(t.code, t.title)} for t in tasks]


def timeline_rows(page: dossier_queries.TimelinePage) -> list[dict[str, Any]]:
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
