from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from spil.accounts.access import can_read_processing_log
from spil.audit import queries
from spil.audit.forms import RecordSearchForm
from spil.audit.purposes import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    DataCategory,
    ProcessingAction,
    Purpose,
)
from spil.audit.services import record_processing


@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not can_read_processing_log(request.user):
        raise PermissionDenied
    form = RecordSearchForm(request.GET or None)
    records = queries.records_for_user(request.user)
    if form.is_valid():
        records = queries.filter_records(records, **form.cleaned_data)
    page = Paginator(records.order_by("-tijdstip"), 50).get_page(request.GET.get("page"))
    # Reading the log is itself a processing of the persons it shows.
    record_processing(
        actor=request.user,
        person_ids={p.person_id for r in page.object_list for p in r.persons.all() if p.person_id},
        categories=[],
        action=ProcessingAction.VIEW,
        purpose=Purpose.ACCOUNTABILITY,
        action_name="Processing log searched",
    )
    rows = [
        {
            "record": record,
            "action_label": ACTION_LABELS.get(ProcessingAction(record.handeling), record.handeling),
            "categories": [CATEGORY_LABELS.get(DataCategory(c), c) for c in record.data_categories],
            "refs": [p.person_ref for p in record.persons.all()],
        }
        for record in page.object_list
    ]
    return render(request, "audit/search.html", {"form": form, "page": page, "rows": rows})
