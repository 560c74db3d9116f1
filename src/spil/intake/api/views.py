"""The intake API: read-only, scoped to the caller's caseload.

Intakes (without health) leave one processing record per response through the audit
mixin. Health is special-category data: the `health` action serves it only to a role that
needs it, in scope, for the explicit purpose `brede_intake_gezondheid` given as a query
parameter, and records that view as special category under that purpose.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from spil.accounts.models import User
from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.core.api.params import choice_param, uuid_param
from spil.intake import queries, services
from spil.intake.api.serializers import (
    HealthSerializer,
    IntakeCompleteSerializer,
    IntakeLanguageSerializer,
    IntakeSerializer,
    IntakeStartSerializer,
)
from spil.intake.models import Intake, IntakeStatus

#: Everything an intake (without health) holds.
INTAKE_CATEGORIES = (
    DataCategory.CONTACT_MOMENTS,
    DataCategory.EDUCATION,
    DataCategory.WORK,
    DataCategory.LANGUAGE,
    DataCategory.HOUSEHOLD,
    DataCategory.FINANCES,
    DataCategory.TRAJECTORY,
)


@extend_schema_view(
    list=extend_schema(
        summary="Broad intakes of the people in the caller's caseload (without health)",
        parameters=[
            OpenApiParameter("person", str, description="Public id of one person"),
            OpenApiParameter("status", str, enum=IntakeStatus.values),
        ],
    ),
    retrieve=extend_schema(summary="One broad intake with its barriers (without health)"),
    create=extend_schema(
        summary="Start the broad intake of a person (their open intake if there is one)",
        request=IntakeStartSerializer,
        responses={201: IntakeSerializer, 200: IntakeSerializer},
    ),
)
class IntakeViewSet(
    ProcessingLogMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Intake]
):
    """The intake is held in the application, step by step; through the API a client
    manager starts it, records the language levels and completes it with the focus (the
    figures the reports count). Every response and every change writes a processing
    record naming the persons it contained."""

    serializer_class = IntakeSerializer
    queryset = Intake.objects.none()  # for the schema; get_queryset scopes to the caller
    processing_categories = INTAKE_CATEGORIES
    processing_action_name = "API broad intakes"

    def person_id_of(self, obj: Intake) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[Intake]:
        intakes = queries.intakes_for_user(self.request.user).prefetch_related("barriers")
        if self.action == "list":
            params = self.request.query_params
            person = uuid_param(params)
            if person is not None:
                intakes = intakes.filter(person__public_id=person)
            wanted = choice_param(params, "status", IntakeStatus.values)
            if wanted:
                intakes = intakes.filter(status=wanted)
        return intakes.order_by("-started_at", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = IntakeStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = queries.caseload_person_for_change(request.user, data.validated_data["person"])
        if person is None:
            raise NotFound(_("No person with this id that you may record for."))
        existing = queries.open_intake(person)
        intake = existing or services.start_intake(person, actor=_actor(request))
        return Response(
            IntakeSerializer(intake).data,
            status=status.HTTP_200_OK if existing else status.HTTP_201_CREATED,
        )

    def _intake_for_change(self, request: Request) -> Intake:
        intake = self.get_object()
        if queries.caseload_person_for_change(request.user, intake.person.public_id) is None:
            raise PermissionDenied(_("You may not record this person's intake."))
        return intake

    @extend_schema(
        summary="Record the language step: CEFR level per skill (the intake's levels)",
        request=IntakeLanguageSerializer,
        responses={200: IntakeSerializer},
    )
    @action(detail=True, methods=["post"])
    def language(self, request: Request, pk: str | None = None) -> Response:
        intake = self._intake_for_change(request)
        data = IntakeLanguageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.save_step(  # writes the processing record
            intake, "taal", dict(data.validated_data), actor=_actor(request)
        )
        return Response(IntakeSerializer(intake).data)

    @extend_schema(
        summary="Complete the intake with the client manager's decision on the focus",
        request=IntakeCompleteSerializer,
        responses={200: IntakeSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        intake = self._intake_for_change(request)
        data = IntakeCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if intake.status == IntakeStatus.COMPLETED:
            raise ValidationError({"focus": [_("This intake has already been completed.")]})
        day = values["completed_on"]
        if day is not None and day > timezone.localdate():
            raise ValidationError({"completed_on": [_("This day lies in the future.")]})
        services.decide_focus(  # writes the processing record
            intake,
            focus=values["focus"],
            note=values["note"],
            actor=_actor(request),
            completed_on=day,
        )
        return Response(IntakeSerializer(intake).data)

    @extend_schema(
        summary="The health part of one intake (special category, explicit purpose)",
        description="Only for a client manager with the person in their caseload, and only "
        "with purpose=brede_intake_gezondheid. Each response is recorded in the processing "
        "log as special-category data (vertrouwelijk) under that purpose.",
        parameters=[
            OpenApiParameter(
                "purpose",
                str,
                required=True,
                enum=[queries.HEALTH_PURPOSE],
                description="The purpose of this processing of health data",
            )
        ],
        responses={
            200: HealthSerializer,
            403: OpenApiResponse(description="Not for this role or this purpose"),
            404: OpenApiResponse(description="No such intake, or no health recorded yet"),
        },
    )
    @action(detail=True, methods=["get"], url_path="health")
    def health(self, request: Request, pk: str | None = None) -> Response:
        intake = self.get_object()
        purpose = _purpose_param(request)
        if purpose is None or not queries.may_read_health(request.user, intake.person, purpose):
            raise PermissionDenied(
                _(
                    "Health data is only shown to the client manager, for the purpose "
                    "'brede_intake_gezondheid'."
                )
            )
        assessment = queries.health_for_user(request.user, intake, purpose=purpose)
        if assessment is None:
            raise NotFound(_("No health has been recorded in this intake yet."))
        record_processing(
            actor=request.user,
            person_ids=[intake.person_id],
            categories=[DataCategory.HEALTH],
            action=ProcessingAction.VIEW,
            purpose=purpose,
            action_name="API broad intake: health (GET)",
        )
        return Response(HealthSerializer(assessment).data)


def _actor(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _purpose_param(request: Request) -> Purpose | None:
    try:
        return Purpose(request.query_params.get("purpose", ""))
    except ValueError:
        return None
