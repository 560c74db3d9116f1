from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from spil.programmes import queries
from spil.programmes.api.serializers import GroupSerializer, ProgrammeTemplateSerializer
from spil.programmes.models import Group, ProgrammeTemplate


@extend_schema_view(
    list=extend_schema(summary="Programme templates with phases and weekly components"),
    retrieve=extend_schema(summary="One programme template"),
)
class ProgrammeTemplateViewSet(viewsets.ReadOnlyModelViewSet[ProgrammeTemplate]):
    serializer_class = ProgrammeTemplateSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[ProgrammeTemplate]:
        return queries.templates_for_user(self.request.user).order_by("name")


@extend_schema_view(
    list=extend_schema(summary="Groups the caller plans or trains (without participants)"),
    retrieve=extend_schema(summary="One group (without participants)"),
)
class GroupViewSet(viewsets.ReadOnlyModelViewSet[Group]):
    serializer_class = GroupSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Group]:
        return queries.groups_for_user(self.request.user).order_by("start_date", "name")
