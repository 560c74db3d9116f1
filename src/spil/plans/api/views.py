from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from spil.accounts.models import User
from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory
from spil.core.api.params import choice_param, uuid_param
from spil.plans import queries, services
from spil.plans.api.serializers import (
    PipDraftCreateSerializer,
    PipEstablishSerializer,
    PipVersionSerializer,
)
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
    create=extend_schema(
        summary="The draft of a person's PIP: a first version on a leerroute, the open "
        "draft, or a revision of the established PIP",
        request=PipDraftCreateSerializer,
        responses={201: PipVersionSerializer, 200: PipVersionSerializer},
    ),
)
class PipVersionViewSet(
    ProcessingLogMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[PipVersion]
):
    """Components and texts are edited in the application; through the API a client
    manager makes the draft and establishes it on its date (the checks of DUO and the
    Wi2021 run, the PIP goes to DUO). Every response and every change writes a processing
    record."""

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
            wanted = choice_param(params, "status", VersionStatus.values)
            if wanted:
                versions = versions.filter(status=wanted)
        return versions.order_by("-pip__created_at", "-number", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PipDraftCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = queries.caseload_person_for_change(request.user, values["person"])
        if person is None:
            raise NotFound(_("No person with this id that you may record for."))
        existing = queries.open_draft(person)
        draft = existing or services.draft_for(  # writes the processing record
            person,
            actor=_actor(request),
            leerroute=values["leerroute"],
            niveau=values.get("niveau") or "",
        )
        return Response(
            PipVersionSerializer(draft).data,
            status=status.HTTP_200_OK if existing else status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Establish the draft on its date (DUO's and the Wi2021's checks; then the "
        "PIP goes to DUO, whose answer is in duo_status)",
        request=PipEstablishSerializer,
        responses={200: PipVersionSerializer},
    )
    @action(detail=True, methods=["post"])
    def establish(self, request: Request, pk: str | None = None) -> Response:
        version = self.get_object()
        if queries.caseload_person_for_change(request.user, version.pip.person.public_id) is None:
            raise PermissionDenied(_("You may not establish this person's PIP."))
        if not version.is_draft:
            raise ValidationError({"status": [_("Only a draft can be established.")]})
        data = PipEstablishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            established = services.vaststellen(  # writes the processing record
                version,
                dagtekening=data.validated_data["dagtekening"],
                confirm_late_switch=data.validated_data["confirm_late_switch"],
                actor=_actor(request),
            )
        except services.PipNotAllowed as refused:
            problems: dict[str, list[str]] = {}
            for problem in refused.problems:
                problems.setdefault(problem.field, []).append(str(problem.message))
            raise ValidationError(problems) from None
        sent = services.send_to_duo(established, actor=_actor(request))  # and its record
        return Response(PipVersionSerializer(sent).data)


def _actor(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user
