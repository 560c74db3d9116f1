from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory
from spil.core.api.params import choice_param, uuid_param
from spil.trajectories import queries
from spil.trajectories.api.serializers import TrajectorySerializer
from spil.trajectories.models import Trajectory, TrajectoryStatus


@extend_schema_view(
    list=extend_schema(
        summary="Trajectories of the people in the caller's caseload, with open deadlines",
        parameters=[
            OpenApiParameter("status", str, enum=TrajectoryStatus.values),
            OpenApiParameter("person", str, description="Public id of one person"),
        ],
    ),
    retrieve=extend_schema(summary="One trajectory with its open deadlines and extensions"),
)
class TrajectoryViewSet(ProcessingLogMixin, viewsets.ReadOnlyModelViewSet[Trajectory]):
    """Each deadline carries the rule version that produced it (source, in force from,
    checked on). Every response writes a processing record."""

    serializer_class = TrajectorySerializer
    processing_categories = (DataCategory.TRAJECTORY,)
    processing_action_name = "API trajectories"

    def person_id_of(self, obj: Trajectory) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[Trajectory]:
        trajectories = queries.trajectories_for_user(self.request.user)
        if self.action == "list":
            params = self.request.query_params
            wanted = choice_param(params, "status", TrajectoryStatus.values)
            if wanted:
                trajectories = trajectories.filter(status=wanted)
            person = uuid_param(params)
            if person is not None:
                trajectories = trajectories.filter(person__public_id=person)
        return queries.with_details(trajectories).order_by("-created_at", "-pk")
