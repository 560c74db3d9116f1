from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory
from spil.core.api.errors import drf_validation_error
from spil.core.api.params import uuid_param
from spil.persons.models import Person
from spil.placements import queries, services
from spil.placements.api.serializers import (
    ConvertSerializer,
    DaySerializer,
    EndSerializer,
    EvaluateSerializer,
    OutcomeEndSerializer,
    OutcomeSerializer,
    PlacementOfferSerializer,
    PlacementProposeSerializer,
    PlacementSerializer,
    StartSerializer,
)
from spil.placements.models import Outcome, Placement, PlacementOffer


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


def _actor(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _person(request: Request, public_id: uuid.UUID) -> Person:
    person = queries.caseload_person(request.user, public_id, Action.CHANGE)
    if person is None:
        raise NotFound(_("No person with this id that you may record for."))
    return person


def _change(call: Callable[[], Placement]) -> Placement:
    """A lifecycle step through the service (which writes the processing record); its
    refusals as the API's 403 and 400."""
    try:
        return call()
    except DjangoPermissionDenied:
        raise PermissionDenied from None
    except DjangoValidationError as invalid:
        raise drf_validation_error(invalid) from None


@extend_schema_view(
    list=extend_schema(summary="Placements the caller works on, with their lifecycle dates"),
    retrieve=extend_schema(summary="One placement"),
    create=extend_schema(
        summary="Propose a placement: a person of the caller's caseload at an open offer",
        request=PlacementProposeSerializer,
        responses={201: PlacementSerializer},
    ),
)
class PlacementViewSet(
    ProcessingLogMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Placement]
):
    """Klantmanager of the person, assigned job coach or account manager, or an employer
    contact with the newcomer's consent. Every response writes a processing record; the
    klantmanager, job coach or account manager moves a placement through its lifecycle
    (proposed → introduction → started → evaluated → ended or converted to paid work)."""

    serializer_class = PlacementSerializer
    lookup_field = "public_id"
    processing_categories = (DataCategory.WORK,)
    processing_action_name = "API placements"
    processing_purpose = queries.PURPOSE

    def person_id_of(self, obj: Placement) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[Placement]:
        return queries.placements_for_user(self.request.user).order_by("-created_at", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PlacementProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _person(request, data.validated_data["person"])
        offer = (
            queries.offers_for_user(request.user)
            .filter(public_id=data.validated_data["offer"])
            .first()
        )
        if offer is None:
            raise ValidationError({"offer": [_("No placement offer with this id.")]})
        placement = _change(lambda: services.propose_placement(_actor(request), person, offer))
        return Response(PlacementSerializer(placement).data, status=status.HTTP_201_CREATED)

    def _step(
        self,
        request: Request,
        serializer: type[Serializer[Any]],
        call: Callable[[User, Placement, dict[str, Any]], Placement],
    ) -> Response:
        placement = self.get_object()
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        placement = _change(lambda: call(_actor(request), placement, values))
        return Response(PlacementSerializer(placement).data)

    @extend_schema(summary="Plan the introduction", request=DaySerializer)
    @action(detail=True, methods=["post"])
    def introduction(self, request: Request, public_id: str | None = None) -> Response:
        return self._step(
            request, DaySerializer, lambda u, p, v: services.plan_introduction(u, p, v["on"])
        )

    @extend_schema(summary="The placement started", request=StartSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, public_id: str | None = None) -> Response:
        return self._step(
            request,
            StartSerializer,
            lambda u, p, v: services.start(u, p, v["on"], v.get("planned_end")),
        )

    @extend_schema(summary="Evaluate the placement", request=EvaluateSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, public_id: str | None = None) -> Response:
        return self._step(
            request,
            EvaluateSerializer,
            lambda u, p, v: services.evaluate(u, p, v["on"], v["evaluation"]),
        )

    @extend_schema(
        summary="End the placement (without a next step the momentum signal is raised)",
        request=EndSerializer,
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, public_id: str | None = None) -> Response:
        return self._step(
            request,
            EndSerializer,
            lambda u, p, v: services.end(
                u,
                p,
                v["on"],
                v["reason"],
                next_step=v.get("next_step", ""),
                next_step_on=v.get("next_step_on"),
                outcome=v.get("outcome", ""),
            ),
        )

    @extend_schema(
        summary="The placement became paid work: a paid-work outcome and six months of aftercare",
        request=ConvertSerializer,
    )
    @action(detail=True, methods=["post"])
    def convert(self, request: Request, public_id: str | None = None) -> Response:
        return self._step(
            request,
            ConvertSerializer,
            lambda u, p, v: services.convert_to_paid_work(u, p, v["job_start"]),
        )


@extend_schema_view(
    list=extend_schema(
        summary="Outcomes of the people in the caller's caseload",
        parameters=[OpenApiParameter("person", str, description="Public id of one person")],
    ),
    retrieve=extend_schema(summary="One outcome"),
    create=extend_schema(
        summary="Record an outcome (one person can have several)",
        request=OutcomeSerializer,
        responses={201: OutcomeSerializer},
    ),
)
class OutcomeViewSet(
    ProcessingLogMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Outcome]
):
    """Paid work (with hours and whether a benefit continues), internships, education,
    volunteering, other participation and certificates. The klantmanager's; every response
    and every change writes a processing record."""

    serializer_class = OutcomeSerializer
    queryset = Outcome.objects.none()  # for the schema; get_queryset scopes to the caller
    processing_categories = (DataCategory.WORK, DataCategory.EDUCATION)
    processing_action_name = "API outcomes"
    processing_purpose = queries.PURPOSE

    def person_id_of(self, obj: Outcome) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[Outcome]:
        outcomes = queries.outcomes_for_user(self.request.user)
        if self.action == "list":
            person = uuid_param(self.request.query_params)
            if person is not None:
                outcomes = outcomes.filter(person__public_id=person)
        return outcomes.order_by("-started_on", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = _person(request, values.pop("person")["public_id"])
        placement_ref = values.pop("placement", None)
        placement = None
        if placement_ref and placement_ref.get("public_id"):
            placement = (
                queries.placements_for_user(request.user)
                .filter(public_id=placement_ref["public_id"], person=person)
                .first()
            )
            if placement is None:
                raise ValidationError({"placement": [_("No placement of this person.")]})
        try:
            outcome = services.record_outcome(  # writes the processing record
                _actor(request), person, placement=placement, **values
            )
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except DjangoValidationError as invalid:
            raise drf_validation_error(invalid) from None
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The outcome stopped (work, internship, course or volunteering ended)",
        request=OutcomeEndSerializer,
        responses={200: OutcomeSerializer},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        outcome = self.get_object()
        data = OutcomeEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.end_outcome(  # writes the processing record
                _actor(request), outcome, data.validated_data["ended_on"]
            )
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except DjangoValidationError as invalid:
            raise drf_validation_error(invalid) from None
        return Response(OutcomeSerializer(outcome).data)
