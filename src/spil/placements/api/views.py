from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory
from spil.placements import queries
from spil.placements.api.serializers import PlacementOfferSerializer, PlacementSerializer
from spil.placements.models import Placement, PlacementOffer


@extend_schema_view(
    list=extend_schema(summary="Placement offers the caller may see (no personal data)"),
    retrieve=extend_schema(summary="One placement offer"),
)
class PlacementOfferViewSet(viewsets.ReadOnlyModelViewSet[PlacementOffer]):
    serializer_class = PlacementOfferSerializer
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[PlacementOffer]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return PlacementOffer.objects.none()
        if not queries.can_read_offers(self.request.user):
            raise PermissionDenied
        return queries.offers_for_user(self.request.user).order_by("created_at", "pk")


@extend_schema_view(
    list=extend_schema(summary="Placements the caller works on, with their lifecycle dates"),
    retrieve=extend_schema(summary="One placement"),
)
class PlacementViewSet(ProcessingLogMixin, viewsets.ReadOnlyModelViewSet[Placement]):
    """Klantmanager of the person, assigned job coach or account manager, or an employer
    contact with the newcomer's consent. Every response writes a processing record."""

    serializer_class = PlacementSerializer
    lookup_field = "public_id"
    processing_categories = (DataCategory.WORK,)
    processing_action_name = "API placements"
    processing_purpose = queries.PURPOSE

    def person_id_of(self, obj: Placement) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[Placement]:
        return queries.placements_for_user(self.request.user).order_by("-created_at", "-pk")
