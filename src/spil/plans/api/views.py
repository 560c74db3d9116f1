from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory
from spil.core.api.params import uuid_param
from spil.plans import queries
from spil.plans.api.serializers import PipVersionSerializer
from spil.plans.models import PipVersion, VersionStatus


@extend_schema_view(
    list=extend_schema(
        summary="PIP versions of the people in the caller's caseload",
        parameters=[
            OpenApiParameter("person", str, description="Public id of one person"),
            OpenApiParameter("status", str, enum=VersionStatus.values),
        ],
    ),
    retrieve=extend_schema(summary="One PIP version with its components and DUO's answer"),
)
class PipVersionViewSet(ProcessingLogMixin, viewsets.ReadOnlyModelViewSet[PipVersion]):
    """Read-only: drafts are edited and PIPs established in the application, where the
    DUO checks run. Every response writes a processing record."""

    serializer_class = PipVersionSerializer
    processing_categories = (DataCategory.TRAJECTORY,)
    processing_action_name = "API PIP versions"

    def person_id_of(self, obj: PipVersion) -> int:
        return obj.pip.person_id

    def get_queryset(self) -> QuerySet[PipVersion]:
        versions = queries.versions_for_user(self.request.user).prefetch_related("components")
        if self.action == "list":
            params = self.request.query_params
            person = uuid_param(params)
            if person is not None:
                versions = versions.filter(pip__person__public_id=person)
            if params.get("status"):
                versions = versions.filter(status=params["status"])
        return versions.order_by("-pip__created_at", "-number", "-pk")
