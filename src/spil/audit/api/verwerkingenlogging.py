"""The processing log through VNG's standard API: the read operations of the Verwerkingenlogging
Bewerking API 0.9.0 (/work/shared/specs/verwerkingenlogging/openapi-write.yaml), under
/api/verwerkingenlogging/v1/ (docs/architecture.md):

- GET verwerkingsacties?objecttype=persoon&soortObjectId=…&objectId=… (with beginDatum,
  eindDatum, vertrouwelijkheid, verwerkingsactiviteitId): the actions about one person;
- GET verwerkingsacties/{actieId}: one action.

For the functioneel beheerder only, scoped as the processing-log page is
(`audit.queries.records_for_user`), and every read is itself a processing record (purpose
verantwoording). The log holds persons by pseudonym only: `soortObjectId=BSN` is looked up
to the person's pseudonym (`queries.person_ref_for_bsn`), never stored; answers name a
person as `soortObjectId` "spil-pseudoniem" with the pseudonym as `objectId`, which can be
asked for directly too. Spil's purposes are the verwerkingsactiviteiten, each with a stable
UUID (`activity_id`). Errors are the standard's problem bodies (Fout, ValidatieFout)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from stdnum.nl import bsn as stdnum_bsn

from spil.accounts.access import can_read_processing_log
from spil.audit import queries
from spil.audit.models import ProcessingRecord
from spil.audit.purposes import PURPOSES
from spil.audit.services import record_log_read
from spil.core.api.params import date_param

API_VERSION = "0.9.0"
SOORT_BSN = "BSN"
SOORT_PSEUDONYM = "spil-pseudoniem"
CONFIDENTIALITIES = ("normaal", "vertrouwelijk", "opgeheven")
PAGE_SIZE = 100
# Spil's purposes as verwerkingsactiviteiten: a UUID per purpose code, stable everywhere.
_ACTIVITIES = uuid.UUID("6f0f1c52-2f5e-4c1e-9a59-0d5a2b7e6a10")


def activity_id(purpose_code: str) -> uuid.UUID:
    return uuid.uuid5(_ACTIVITIES, purpose_code)


def processed_object_id(record: ProcessingRecord, person_ref: str) -> uuid.UUID:
    return uuid.uuid5(record.actie_id, person_ref)


def as_verwerkingsactie(record: ProcessingRecord, url: str) -> dict[str, Any]:
    """One record in the standard's VerwerkingsactieUitgebreid form."""
    action: dict[str, Any] = {
        "url": url,
        "actieId": str(record.actie_id),
        "actieNaam": record.actie_naam,
        "handelingNaam": record.handeling,
        "verwerkingNaam": record.verwerking_naam,
        "verwerkingsactiviteitId": str(activity_id(record.purpose_code)),
        "vertrouwelijkheid": record.vertrouwelijkheid,
        "bewaartermijn": record.bewaartermijn,
        "systeem": record.systeem,
        "tijdstip": record.tijdstip.isoformat(),
        "tijdstipRegistratie": record.tijdstip_registratie.isoformat(),
        "verwerkteObjecten": [
            {
                "url": f"{url}#{processed_object_id(record, p.person_ref)}",
                "verwerktObjectId": str(processed_object_id(record, p.person_ref)),
                "objecttype": "persoon",
                "soortObjectId": SOORT_PSEUDONYM,
                "objectId": p.person_ref,
                "verwerkteSoortenGegevens": [{"soortGegeven": c} for c in record.data_categories],
            }
            for p in record.persons.all()
        ],
    }
    if re.fullmatch(r"[0-9]{20}", record.uitvoerder):
        action["uitvoerder"] = record.uitvoerder
    if record.gebruiker:
        action["gebruiker"] = record.gebruiker[:40]
    return action


def actions_about_person(
    records: QuerySet[ProcessingRecord], params: Mapping[str, Any]
) -> QuerySet[ProcessingRecord]:
    """The standard's filters over the reader's records; a 400 names each bad one."""
    problems: dict[str, str] = {}
    if params.get("objecttype") != "persoon":
        problems["objecttype"] = _("Give objecttype=persoon.")
    kind, object_id = params.get("soortObjectId", ""), str(params.get("objectId", "")).strip()
    person_ref: str | None = None
    if kind == SOORT_BSN:
        if not stdnum_bsn.is_valid(object_id):
            problems["objectId"] = _("Give a valid BSN (9 digits passing the 11-check).")
        else:
            person_ref = queries.person_ref_for_bsn(object_id)
    elif kind == SOORT_PSEUDONYM:
        if not re.fullmatch(r"[0-9a-f]{1,40}", object_id):
            problems["objectId"] = _("Give the person's pseudonym from the processing log.")
        person_ref = object_id
    else:
        problems["soortObjectId"] = _("Give soortObjectId BSN or %(pseudonym)s.") % {
            "pseudonym": SOORT_PSEUDONYM
        }
    begin, end = _date(params, "beginDatum", problems), _date(params, "eindDatum", problems)
    wanted = _confidentialities(params, problems)
    purpose_code = _purpose_code(params, problems)
    if problems:
        raise exceptions.ValidationError(problems)
    if person_ref is None:  # no such person: an empty answer, whoever asks
        return records.none()
    records = records.filter(persons__person_ref=person_ref)
    tz = timezone.get_current_timezone()
    if begin:
        records = records.filter(tijdstip__gte=datetime.combine(begin, time.min, tz))
    if end:
        records = records.filter(tijdstip__lt=datetime.combine(end, time.min, tz))
    if wanted:
        records = records.filter(vertrouwelijkheid__in=wanted)
    if purpose_code is not None:
        records = records.filter(purpose_code=purpose_code)
    return records.distinct()


def _date(params: Mapping[str, Any], name: str, problems: dict[str, str]) -> date | None:
    """The standard answers every invalid parameter at once: collect, don't raise."""
    try:
        return date_param(params, name)
    except exceptions.ValidationError as invalid:
        detail: Any = invalid.detail  # date_param names the parameter: {name: [message]}
        problems[name] = str(detail[name][0])
        return None


def _confidentialities(params: Any, problems: dict[str, str]) -> list[str]:
    values = [v for raw in params.getlist("vertrouwelijkheid") for v in raw.split(",") if v]
    if any(v not in CONFIDENTIALITIES for v in values):
        problems["vertrouwelijkheid"] = _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(CONFIDENTIALITIES)
        }
    return values


def _purpose_code(params: Mapping[str, Any], problems: dict[str, str]) -> str | None:
    raw = params.get("verwerkingsactiviteitId")
    if not raw:
        return None
    for code in PURPOSES:
        if str(activity_id(code)) == str(raw).lower():
            return code
    problems["verwerkingsactiviteitId"] = _("No verwerkingsactiviteit with this id.")
    return None


class _StandardView(APIView):
    """Answers in the standard's form: an API-version header on every answer, problem
    bodies for every refusal. Not part of Spil's openapi.yaml: the standard's own YAML is
    its document (and its contract test)."""

    renderer_classes = [JSONRenderer]
    schema = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not can_read_processing_log(request.user):
            raise exceptions.PermissionDenied(
                _("Only the functioneel beheerder reads the processing log.")
            )

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        return _problem(self.request, response.status_code, response.data)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-version"] = API_VERSION
        return response

    def action_url(self, record: ProcessingRecord) -> str:
        return self.request.build_absolute_uri(
            reverse("verwerkingenlogging:verwerkingsactie", args=[record.actie_id])
        )


class VerwerkingsactiesView(_StandardView):
    def get(self, request: Request) -> Response:
        actions = actions_about_person(queries.records_for_user(request.user), request.GET)
        paginator = Paginator(actions.order_by("-tijdstip", "actie_id"), PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            raise exceptions.ValidationError(
                {"page": _("Enter a page number of 1 or more.")}
            ) from None
        records = list(page.object_list)
        record_log_read(
            request.user, records, action_name="Verwerkingenlogging API: verwerkingsacties (GET)"
        )
        base = request.build_absolute_uri(request.path)
        query = request.GET.copy()

        def link(number: int) -> str:
            query["page"] = str(number)
            return f"{base}?{query.urlencode()}"

        return Response(
            {
                "count": paginator.count,
                "next": link(page.next_page_number()) if page.has_next() else None,
                "previous": link(page.previous_page_number()) if page.has_previous() else None,
                "results": [as_verwerkingsactie(r, self.action_url(r)) for r in records],
            }
        )


class VerwerkingsactieView(_StandardView):
    def get(self, request: Request, actie_id: str) -> Response:
        try:
            wanted = uuid.UUID(actie_id)
        except ValueError:
            raise exceptions.NotFound(_("No processing action with this id.")) from None
        record = queries.records_for_user(request.user).filter(actie_id=wanted).first()
        if record is None:
            raise exceptions.NotFound(_("No processing action with this id."))
        record_log_read(
            request.user, [record], action_name="Verwerkingenlogging API: verwerkingsactie (GET)"
        )
        return Response(as_verwerkingsactie(record, self.action_url(record)))


_TITLES = {
    400: "Ongeldige aanvraag",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    429: "Te veel verzoeken",
}


def _problem(request: Any, status_code: int, data: Any) -> Response:
    detail = data.get("detail") if isinstance(data, dict) else None
    body: dict[str, Any] = {
        "type": f"https://spil.local/fouten/{status_code}",
        "code": _code(status_code),
        "title": _TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": str(detail or _TITLES.get(status_code, "Fout")),
        "instance": request.build_absolute_uri() if request is not None else "urn:spil",
    }
    if status_code == status.HTTP_400_BAD_REQUEST:
        problems = data if isinstance(data, dict) else {"nonFieldErrors": data}
        body["detail"] = str(_("The request's parameters were refused."))
        body["invalidParams"] = [
            {"name": name, "code": "invalid", "reason": _reason(reason)}
            for name, reason in problems.items()
        ]
    return Response(body, status=status_code, content_type="application/problem+json")


def _code(status_code: int) -> str:
    return {400: "invalid", 401: "not_authenticated", 403: "permission_denied"}.get(
        status_code, "not_found" if status_code == 404 else "error"
    )


def _reason(reason: Any) -> str:
    if isinstance(reason, list | tuple):
        return " ".join(str(r) for r in reason) or "invalid"
    return str(reason) or "invalid"
