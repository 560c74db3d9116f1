from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from spil.accounts.access import can_read_processing_log
from spil.audit import queries
from spil.audit.api.verwerkingenlogging import SOORT_BSN, actions_about_person, as_verwerkingsactie
from spil.audit.forms import AccessRequestForm, RecordSearchForm
from spil.audit.purposes import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    DataCategory,
    ProcessingAction,
)
from spil.audit.services import record_log_read


@login_required
def search(request: HttpRequest, access_form: AccessRequestForm | None = None) -> HttpResponse:
    if not can_read_processing_log(request.user):
        raise PermissionDenied
    form = RecordSearchForm(request.GET or None)
    records = queries.records_for_user(request.user)
    if form.is_valid():
        records = queries.filter_records(records, **form.cleaned_data)
    page = Paginator(records.order_by("-tijdstip"), 50).get_page(request.GET.get("page"))
    record_log_read(request.user, page.object_list, action_name="Processing log searched")
    rows = [
        {
            "record": record,
            "action_label": ACTION_LABELS.get(ProcessingAction(record.handeling), record.handeling),
            "categories": [CATEGORY_LABELS.get(DataCategory(c), c) for c in record.data_categories],
            "refs": [p.person_ref for p in record.persons.all()],
        }
        for record in page.object_list
    ]
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "access_form": access_form or AccessRequestForm(),
        },
    )


@login_required
@require_POST
def access_request(request: HttpRequest) -> HttpResponse:
    """The answer to an inzageverzoek: every action about the person in the beheerder's
    scope, as VNG Verwerkingenlogging's verwerkingsacties (the same query as the API's),
    downloaded as JSON; the export is itself a processing record."""
    if not can_read_processing_log(request.user):
        raise PermissionDenied
    form = AccessRequestForm(request.POST)
    actions = None
    if form.is_valid():
        bsn = "".join(c for c in form.cleaned_data["bsn"] if c.isdigit())
        asked = QueryDict(mutable=True)
        asked.update({"objecttype": "persoon", "soortObjectId": SOORT_BSN, "objectId": bsn})
        try:
            actions = actions_about_person(queries.records_for_user(request.user), asked)
        except ValidationError:
            form.add_error("bsn", _("Enter a valid BSN (9 digits passing the 11-check)."))
    if actions is None:
        return search(request, access_form=form)
    records = list(actions.order_by("-tijdstip"))
    record_log_read(
        request.user,
        records,
        action=ProcessingAction.EXPORT,
        action_name="Processing log: access request exported",
    )
    url = request.build_absolute_uri(reverse("verwerkingenlogging:verwerkingsacties"))
    body = {
        "count": len(records),
        "results": [as_verwerkingsactie(r, f"{url}/{r.actie_id}") for r in records],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="inzageverzoek-{day}.json"'
    return response
