"""The klantmanager's caseload: filters that stay as the user left them, ready-made views
and views of their own.

The filters live in the URL (bookmarks and the back button keep working). The last ones
used are remembered per user: opening the caseload without filters brings them back.
Everything is generic over the filter form's fields, so a new filter is a new form field
and a new argument of `dossier_queries.caseload`, nothing more.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.dossier import queries as dossier_queries
from spil.dossier import services as dossier_services
from spil.dossier import texts
from spil.dossier.forms import CaseloadFilterForm
from spil.dossier.models import CaseloadView
from spil.dossier.views.rows import leerroute_label
from spil.trajectories import queries as trajectory_queries
from spil.trajectories.models import DeadlineKind, TrajectoryStatus

PAGE_SIZE = 25

#: Ready-made views: (label, filters).
PRESET_VIEWS: tuple[tuple[Any, dict[str, str]], ...] = (
    (gettext_lazy("My urgent"), {"mine": "on", "signal": dossier_queries.URGENT_SIGNAL}),
    (gettext_lazy("Intake not started"), {"status": TrajectoryStatus.NEW.value}),
    (
        gettext_lazy("PIP due in 2 weeks"),
        {"deadline_kind": DeadlineKind.LEERROUTE.value, "due_within": "14"},
    ),
)


def _filter_params(request_params: QueryDict, form: CaseloadFilterForm) -> dict[str, Any]:
    """The filter fields present in the query string, by name (lists for several values)."""
    params: dict[str, Any] = {}
    for name in form.fields:
        if name in form.NOT_REMEMBERED:
            continue
        values = [v for v in request_params.getlist(name) if v != ""]
        if values:
            params[name] = values if len(values) > 1 else values[0]
    return params


def _query(params: dict[str, Any]) -> str:
    return urlencode(params, doseq=True)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    views = dossier_queries.caseload_views(request.user)
    remembered = next((v for v in views if v.name == ""), None)
    # The search form posts, so a BSN never enters an address (server logs, the browser's
    # history, Referer): a search by name or the filters alone is redirected to the
    # bookmarkable address; a BSN search is answered on the post itself.
    posted = request.method == "POST"
    given = request.POST if posted else request.GET
    if not posted and not request.GET and remembered is not None and remembered.params:
        return redirect(f"{reverse('persons:caseload')}?{_query(remembered.params)}")
    municipalities = list(dossier_queries.caseload_municipalities(request.user).order_by("name"))
    form = CaseloadFilterForm(given or None, user=request.user, municipalities=municipalities)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = form.query_filters()
        if posted and not form.searches_bsn():
            address = _filter_params(given, form)
            if filters.get("q"):
                address["q"] = filters["q"]
            return redirect(f"{reverse('persons:caseload')}?{_query(address)}")
        if not posted and form.searches_bsn():
            form.add_error("q", _("Search for a BSN with the search field, not in the address."))
            return _render(request, given, form, views, None, filtered=True)
    elif form.is_bound:
        return _render(request, given, form, views, None, filtered=True)
    if given:
        params = _filter_params(given, form)
        dossier_services.remember_caseload_filters(request_user(request), params, remembered)
    persons = dossier_queries.caseload(request.user, **filters)
    requested = request.GET.get("page", "")
    if requested.isdigit():
        persons.count_at_least_to((int(requested) + 1) * PAGE_SIZE)
    page = Paginator(persons, PAGE_SIZE).get_page(requested)
    people: list[Any] = list(page.object_list)
    record_view(
        request,
        person_ids=[p.pk for p in people],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="Caseload",
    )
    result = (page, persons, _caseload_rows(people, with_municipality=form.show_municipality))
    filtered = bool(filters.keys() - form.NOT_FILTERS)
    return _render(request, given, form, views, result, filtered=filtered)


def _render(
    request: HttpRequest,
    given: QueryDict,
    form: CaseloadFilterForm,
    views: list[CaseloadView],
    result: tuple[Any, Any, list[dict[str, Any]]] | None,
    *,
    filtered: bool,
) -> HttpResponse:
    """The caseload page; without a result (a search that cannot be run, e.g. a number
    that is no BSN) the reason and no people."""
    current = _filter_params(given, form)
    page: Any = Paginator([], PAGE_SIZE).get_page(1)
    rows: list[dict[str, Any]] = []
    count_is_capped, count_limit = False, 0
    if result is not None:
        page, persons, rows = result
        count_is_capped, count_limit = persons.count_is_capped, persons.count_limit
    narrowing = {k: v for k, v in current.items() if k not in form.NOT_FILTERS}
    preset = [
        {"label": label, "query": _query(params), "current": params == narrowing}
        for label, params in PRESET_VIEWS
    ]
    own = [
        {"view": v, "query": _query(v.params), "current": v.params == current}
        for v in views
        if v.name
    ]
    return render(
        request,
        "persons/caseload.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": filtered,
            "count_is_capped": count_is_capped,
            "count_limit": count_limit,
            "clear_query": _query({"sort": current.get("sort", "deadline")}),
            "preset_views": preset,
            "own_views": own,
            "current_query": _query(current),
            "can_save": bool(current.keys() - form.NOT_FILTERS),
        },
    )


@login_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    """Save the filters in the query string under the name posted."""
    municipalities = list(dossier_queries.caseload_municipalities(request.user))
    form = CaseloadFilterForm(request.GET, user=request.user, municipalities=municipalities)
    params = _filter_params(request.GET, form) if form.is_valid() else {}
    try:
        view = dossier_services.save_caseload_view(
            request_user(request), request.POST.get("name", ""), params
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(f"{reverse('persons:caseload')}?{_query(params)}")
    messages.success(request, _("The view “%(name)s” was saved.") % {"name": view.name})
    return redirect(f"{reverse('persons:caseload')}?{_query(view.params)}")


@login_required
@require_POST
def delete_view(request: HttpRequest, view_id: int) -> HttpResponse:
    if dossier_services.delete_caseload_view(request_user(request), view_id):
        messages.success(request, _("The view was deleted."))
    return redirect(reverse("persons:caseload"))


def _caseload_rows(people: list[Any], *, with_municipality: bool) -> list[dict[str, Any]]:
    """Rows for a page of the caseload: three queries, whatever the page size. Each value
    arrives formatted: the page renders 25 rows on every visit, and Django's template
    filters cost several times what the same formatting costs here."""
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
        open_signals = signals.get(person.pk, [])
        due = person.t_next_deadline
        rows.append(
            {
                "url": reverse("persons:detail", args=[person.public_id]),
                "name": f"{person.family_name}, {person.given_names}",
                "municipality": str(person.municipality) if with_municipality else "",
                "date_of_birth": (
                    date_format(person.date_of_birth, "SHORT_DATE_FORMAT")
                    if person.date_of_birth
                    else ""
                ),
                "status": texts.status_text(status) if status else "",
                "active": bool(person.t_id),
                "leerroute": leerroute_label(person.t_leerroute),
                "niveau": person.t_niveau or "",
                "next_deadline": date_format(due, "SHORT_DATE_FORMAT") if due else "",
                "next_deadline_iso": due.isoformat() if due else "",
                "next_deadline_kind": texts.deadline_kind_text(person.t_next_deadline_kind or ""),
                "next_deadline_estimate": bool(next_deadline and next_deadline.is_estimate),
                "signals_heading": _signals_heading(len(open_signals)) if open_signals else "",
                "signals": [
                    {
                        "text": (text := texts.signal_text(s.code)),
                        "short_text": Truncator(text).chars(48),
                        "severity": s.severity,
                    }
                    for s in open_signals
                ],
                "regisseur": str(person.regisseur) if person.regisseur else "",
            }
        )
    return rows


def _signals_heading(count: int) -> str:
    """What a screen reader hears before a row's signal badges."""
    return ngettext("%(counter)s open signal:", "%(counter)s open signals:", count) % {
        "counter": count
    }
