"""The reports pages: a selection form (GET), the tables each with its chart, exports,
and for staff with a caseload a drill-down to the persons they may see anyway."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_view
from spil.reports import exports, queries, services
from spil.reports.charts import bar_chart
from spil.reports.forms import SelectionForm, bound_form
from spil.reports.selection import describe
from spil.reports.tables import Report, explanation

EXPORTS = ("xlsx", "csv", "pdf")


def _reader(request: HttpRequest) -> None:
    if not queries.can_read_reports(request.user):
        raise PermissionDenied


def _kind(kind: str) -> services.Entry:
    entry = services.CATALOGUE.get(kind)
    if entry is None:
        raise Http404
    return entry


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The reports a reader can run; the beleidsmedewerker's start page."""
    _reader(request)
    subscriptions = [
        (s, services.CATALOGUE.get(s.kind), s.params)
        for s in queries.subscriptions_of(request.user)
    ]
    return render(
        request,
        "reports/index.html",
        {
            "reports": list(services.CATALOGUE.values()),
            "areas": queries.areas_for_user(request.user),
            "subscriptions": subscriptions,
        },
    )


def _page_context(
    request: HttpRequest, form: SelectionForm, report: Report | None
) -> dict[str, object]:
    tables = []
    if report is not None:
        tables = [
            (table, report.grid(table), bar_chart(report, table, f"chart-{table.key}"))
            for table in report.tables
        ]
    return {
        "form": form,
        "report": report,
        "tables": tables,
        "selection": describe(report.selection) if report else [],
        "params": report.selection.as_params() if report else {},
        "explanation": explanation(),
        "exports": EXPORTS,
        "may_drill_down": queries.may_drill_down(request.user),
    }


@login_required
@require_GET
def report(request: HttpRequest, kind: str) -> HttpResponse:
    _reader(request)
    entry = _kind(kind)
    form = bound_form(request.GET, request.user, services.DEFAULTS.get(kind))
    built = services.run(request.user, kind, form.selection()) if form.is_valid() else None
    context = _page_context(request, form, built)
    context["entry"] = entry
    return render(request, "reports/report.html", context)


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    _reader(request)
    _kind(kind)
    file_type = request.GET.get("format", "")
    form = bound_form(request.GET, request.user, services.DEFAULTS.get(kind))
    if file_type not in EXPORTS or not form.is_valid():
        messages.error(request, _("The export was not made: check the selection."))
        return report(request, kind)
    built = services.run(request.user, kind, form.selection(), action=ProcessingAction.EXPORT)
    content = exports.export(built, file_type)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[file_type])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.file_name(built)}.{file_type}"'
    )
    return response


@login_required
@require_GET
def drill_down(request: HttpRequest, kind: str) -> HttpResponse:
    """The persons behind one count, as far as the reader may see them anyway."""
    _reader(request)
    entry = _kind(kind)
    if not queries.may_drill_down(request.user):
        raise PermissionDenied
    form = bound_form(request.GET, request.user, services.DEFAULTS.get(kind))
    key = request.GET.get("cell", "")
    if not form.is_valid() or not key:
        raise Http404
    built, persons = services.persons_behind(request.user, kind, form.selection(), key)
    if key not in built.values:
        raise Http404
    shown = list(persons)
    record_view(
        request,
        person_ids=[p.pk for p in shown],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name=f"Report {kind}: persons behind a figure",
        purpose=Purpose.REGIE,
    )
    label = next(
        (
            f"{table.title}: {row.label} · {column.label}"
            for table in built.tables
            for row in table.rows
            for column in table.columns
            if getattr(table.cell(row.key, column.key), "key", None) == key
        ),
        key,
    )
    return render(
        request,
        "reports/drill_down.html",
        {
            "entry": entry,
            "persons": shown,
            "label": label,
            "params": built.selection.as_params(),
            "selection": describe(built.selection),
        },
    )


@login_required
@require_POST
def subscribe(request: HttpRequest, kind: str) -> HttpResponse:
    """E-mail this report, over this selection, every month."""
    _reader(request)
    _kind(kind)
    form = SelectionForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("The monthly e-mail was not set up: check the selection."))
        return redirect("reports:index")
    user = request_user(request)
    if not user.email:
        messages.error(
            request, _("Your account has no e-mail address; ask your application manager.")
        )
        return redirect("reports:index")
    services.subscribe(user, kind, form.selection())
    messages.success(request, _("You will get this report by e-mail on the first of every month."))
    return redirect("reports:index")


@login_required
@require_POST
def unsubscribe(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    user = request_user(request)
    subscription = get_object_or_404(queries.subscriptions_of(user), pk=pk)
    services.unsubscribe(user, subscription)
    messages.success(request, _("The monthly e-mail has stopped."))
    return redirect("reports:index")
