"""The intake API: read-only, scoped to the caller's caseload.

Intakes (without health) leave one processing record per response through the audit
mixin. Health is special-category data: the `health` action serves it only to a role that
needs it, in scope, for the explicit purpose `brede_intake_gezondheid` given as a query
parameter, and records that view as special category under that purpose.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.core.api.params import uuid_param
from spil.intake import queries
from spil.intake.api.serializers import HealthSerializer, IntakeSerializer
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
)
class IntakeViewSet(ProcessingLogMixin, viewsets.ReadOnlyModelViewSet[Intake]):
    """Read-only: the intake is held in the application, step by step. Every response
    writes a processing record naming the persons it contained."""

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
            if params.get("status"):
                intakes = intakes.filter(status=params["status"])
        return intakes.order_by("-started_at", "-pk")

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


def _purpose_param(request: Request) -> Purpose | None:
    try:
        return Purpose(request.query_params.get("purpose", ""))
    except ValueError:
        return None
