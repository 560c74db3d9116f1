"""The partner API (`/api/v1/partner/`): a partner's own system, signed in with its OAuth
client credentials, reads its participants and week plan and posts attendance, hours and
CEFR results — only for persons its organisation has an active basis for (anyone else:
404, always), each call with a processing record naming the client as actor."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oauth2_provider import views as oauth2_views
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from spil.audit.purposes import CATEGORY_LABELS, DataCategory
from spil.partner_api import queries, services
from spil.partner_api.api.permissions import (
    AUTHENTICATION,
    IsPartnerClient,
    PartnerClientThrottle,
    TokenEndpointThrottle,
    partner_client,
)
from spil.partner_api.api.serializers import (
    AttendanceInSerializer,
    AttendanceOutSerializer,
    HoursInSerializer,
    HoursOutSerializer,
    ParticipantDetailSerializer,
    ParticipantSerializer,
    ResultInSerializer,
    ResultOutSerializer,
    WeekPlanSerializer,
    participant_data,
)
from spil.partner_api.models import PartnerClient
from spil.partner_api.scopes import Scope
from spil.persons.models import Person

_ERRORS = {
    401: OpenApiResponse(description="No valid access token."),
    403: OpenApiResponse(description="The token lacks the scope this endpoint needs."),
    429: OpenApiResponse(description="Over the client's rate limit; see Retry-After."),
}
_NOT_FOUND = {404: OpenApiResponse(description="No participant with this id.")}


def _https_refused(request: HttpRequest) -> bool:
    return bool(settings.SPIL_PARTNER_API_HTTPS_ONLY) and not request.is_secure()


class TokenView(oauth2_views.TokenView):  # type: ignore[misc]
    """django-oauth-toolkit's token endpoint, over HTTPS only (oauthlib no longer checks).
    A refusal keeps OAuth's error code and says why in the caller's language."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(_token_language()):
            if _https_refused(request):
                return _token_refusal("invalid_request", _("HTTPS is required."), status=400)
            throttle = TokenEndpointThrottle()
            if not throttle.allow_request(request, self):  # type: ignore[arg-type]
                refused = _token_refusal("slow_down", _("Too many token requests."), status=429)
                refused["Retry-After"] = str(int(throttle.wait() or 1))
                return refused
            response: HttpResponse = super().post(request, *args, **kwargs)
            return _described(response)


#: Why a token request was refused, by OAuth's error code (RFC 6749, 5.2): oauthlib says it
#: in English, when at all.
TOKEN_REFUSALS = {
    "invalid_request": gettext_lazy(
        "The token request is incomplete: send grant_type=client_credentials, with the "
        "client's id and secret (HTTP Basic)."
    ),
    "invalid_client": gettext_lazy("The client is unknown or revoked, or its secret is wrong."),
    "invalid_grant": gettext_lazy("The grant is not valid: ask with client_credentials."),
    "unauthorized_client": gettext_lazy(
        "The client may only ask for a token with client_credentials."
    ),
    "unsupported_grant_type": gettext_lazy("Only grant_type=client_credentials is supported."),
    "invalid_scope": gettext_lazy(
        "A scope asked for is unknown, or not registered for the client."
    ),
}


def _token_language() -> str:
    # OAuth's error_description is ASCII text (RFC 6749, 5.2): Dutch or English.
    language = translation.get_language()
    return language if language in {"nl", "en"} else "nl"


def _token_refusal(code: str, description: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": code, "error_description": description}, status=status)


def _described(response: HttpResponse) -> HttpResponse:
    """A refusal of django-oauth-toolkit with its description in the caller's language."""
    if response.status_code < 400:
        return response
    try:
        body = json.loads(response.content)
    except ValueError:
        return response
    code = body.get("error") if isinstance(body, dict) else None
    if not isinstance(code, str):
        return response
    body["error_description"] = str(
        TOKEN_REFUSALS.get(code, gettext_lazy("The token request was refused."))
    )
    response.content = json.dumps(body).encode()
    return response


class PartnerView(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsPartnerClient]
    throttle_classes = [PartnerClientThrottle]
    required_scopes: list[str] = []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if _https_refused(request):
            raise ValidationError({"detail": _("The partner API answers over HTTPS only.")})
        super().initial(request, *args, **kwargs)

    def client(self) -> PartnerClient:
        client = partner_client(self.request)
        assert client is not None  # IsPartnerClient let the request through
        return client


def _participant_or_404(client: PartnerClient, public_id: uuid.UUID | str) -> Person:
    person = queries.participant(client, uuid.UUID(str(public_id)))
    if person is None:
        # Outside the basis or not there: the same answer, so neither is revealed.
        raise NotFound(_("No participant with this id."))
    return person


def _participant_to_record(
    client: PartnerClient, public_id: uuid.UUID, category: DataCategory
) -> Person:
    """The participant a write is about; 404 outside the basis, 403 when the basis does
    not cover the category the write records."""
    person = _participant_or_404(client, public_id)
    if category not in queries.basis_of(client, person).categories:
        raise PermissionDenied(
            _("Your organisation's basis for this participant does not cover %(category)s.")
            % {"category": CATEGORY_LABELS[category]}
        )
    return person


class ParticipantListView(PartnerView, generics.GenericAPIView[Person]):
    required_scopes = [Scope.PARTICIPANTS_READ.value]
    serializer_class = ParticipantSerializer

    @extend_schema(
        summary="The participants the organisation has an active basis for (identity)",
        description="Paged (50 a page), in the order Spil registered them; a person whose "
        "basis ends or is withdrawn is gone from the next request on.",
        responses={200: ParticipantSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        client = self.client()
        participants: Any = queries.ParticipantList(client)  # a paginator's sequence
        page = self.paginate_queryset(participants)
        persons: list[Person] = [p for p in page or [] if isinstance(p, Person)]
        services.record_read(
            client,
            queries.purposes_by_person(client, [p.pk for p in persons]),
            categories=[DataCategory.IDENTITY],
            action_name="Partner API: participants (GET)",
        )
        data = ParticipantSerializer(persons, many=True).data  # type: ignore[arg-type]
        return self.get_paginated_response(data)


class ParticipantDetailView(PartnerView):
    required_scopes = [Scope.PARTICIPANTS_READ.value]

    @extend_schema(
        summary="One participant: identity and the categories of the organisation's basis",
        responses={200: ParticipantDetailSerializer, **_NOT_FOUND, **_ERRORS},
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        client = self.client()
        person = _participant_or_404(client, public_id)
        basis = queries.basis_of(client, person)
        if not basis.categories:  # withdrawn or ended between the two reads
            raise NotFound(_("No participant with this id."))
        details = queries.participant_details(client, person, basis)
        services.record_read(
            client,
            {person.pk: basis.purpose},
            categories=details.shown_categories,
            action_name=f"Partner API: participant (GET); basis {basis.label}",
        )
        return Response(participant_data(details))


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def _parse_week(raw: str | None) -> date:
    if not raw:
        return queries.this_monday()
    match = _WEEK.match(raw.strip())
    try:
        if match is None:
            raise ValueError
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValidationError(
            {"week": [_("Give an ISO week as YYYY-Www, e.g. 2026-W48.")]}
        ) from None


class WeekPlanView(PartnerView):
    required_scopes = [Scope.WEEKPLAN_READ.value]

    @extend_schema(
        summary="The sessions of the organisation's groups in one week, with participants",
        parameters=[
            OpenApiParameter(
                "week", str, description="ISO week (YYYY-Www); default: the current week"
            )
        ],
        responses={
            200: WeekPlanSerializer,
            400: OpenApiResponse(description="Bad week."),
            **_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        client = self.client()
        monday = _parse_week(request.query_params.get("week"))
        plan = queries.week_plan(client, monday)
        services.record_read(
            client,
            plan.purposes,
            categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
            action_name="Partner API: week plan (GET)",
        )
        year, week, _day = monday.isocalendar()
        sessions = [
            {
                "id": s.pk,
                "group": {"code": s.group.code, "name": s.group.name, "kind": s.group.kind},
                "number": s.number,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "topic": s.topic,
                "location": s.group.location,
                "participants": plan.participants[s.pk],
            }
            for s in plan.sessions
        ]
        data = {"week": f"{year}-W{week:02d}", "starts_on": monday, "sessions": sessions}
        return Response(WeekPlanSerializer(data).data)


def _created_or_ok(outcome: str) -> int:
    return status.HTTP_201_CREATED if outcome == "created" else status.HTTP_200_OK


class AttendanceView(PartnerView):
    required_scopes = [Scope.ATTENDANCE_WRITE.value]

    @extend_schema(
        summary="Attendance of a participant at a session of the organisation's group",
        description="Once per session and participant: posting again corrects it, the "
        "same again changes nothing (safe to retry).",
        request=AttendanceInSerializer,
        responses={
            201: AttendanceOutSerializer,
            200: AttendanceOutSerializer,
            400: OpenApiResponse(description="Invalid; the errors name the field."),
            **_NOT_FOUND,
            **_ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        client = self.client()
        data = AttendanceInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        person = _participant_to_record(client, values["person"], DataCategory.TRAJECTORY)
        session = queries.session_of(client, values["session"])
        if session is None:
            raise ValidationError(
                {"session": [_("No session of your organisation's groups with this id.")]}
            )
        if not queries.is_member(session, person):
            raise ValidationError(
                {"person": [_("This participant is not in the session's group.")]}
            )
        if session.starts_at > queries.now():
            raise ValidationError({"session": [_("The session has not started yet.")]})
        attendance, outcome = services.post_attendance(
            client, session, person, values["status"], values["reason"]
        )
        body = {
            "outcome": outcome,
            "session": session.pk,
            "person": person.public_id,
            "status": attendance.status,
            "reason": attendance.reason,
            "hours": attendance.hours,
        }
        return Response(AttendanceOutSerializer(body).data, status=_created_or_ok(outcome))


class HoursView(PartnerView):
    required_scopes = [Scope.HOURS_WRITE.value]

    @extend_schema(
        summary="Hours of a participant on a day, per component",
        description="Once per participant, day and component for the organisation: posting "
        "again corrects the hours, the same again changes nothing (safe to retry).",
        request=HoursInSerializer,
        responses={
            201: HoursOutSerializer,
            200: HoursOutSerializer,
            400: OpenApiResponse(description="Invalid; the errors name the field."),
            **_NOT_FOUND,
            **_ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        client = self.client()
        data = HoursInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        person = _participant_to_record(client, values["person"], DataCategory.TRAJECTORY)
        entry, outcome = services.post_hours(
            client, person, component=values["component"], on=values["on"], hours=values["hours"]
        )
        body = {
            "outcome": outcome,
            "person": person.public_id,
            "component": entry.component,
            "on": entry.on,
            "hours": entry.hours,
        }
        return Response(HoursOutSerializer(body).data, status=_created_or_ok(outcome))


class ResultView(PartnerView):
    required_scopes = [Scope.RESULTS_WRITE.value]

    @extend_schema(
        summary="A CEFR result of a participant for one skill",
        description="Once per participant, skill, day and organisation: posting another "
        "level corrects it, the same again changes nothing (safe to retry).",
        request=ResultInSerializer,
        responses={
            201: ResultOutSerializer,
            200: ResultOutSerializer,
            400: OpenApiResponse(description="Invalid; the errors name the field."),
            **_NOT_FOUND,
            **_ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        client = self.client()
        data = ResultInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        person = _participant_to_record(client, values["person"], DataCategory.LANGUAGE)
        result, outcome = services.post_result(
            client, person, skill=values["skill"], level=values["level"], on=values["on"]
        )
        body = {
            "outcome": outcome,
            "person": person.public_id,
            "skill": result.skill,
            "level": result.level,
            "on": result.on,
        }
        return Response(ResultOutSerializer(body).data, status=_created_or_ok(outcome))
