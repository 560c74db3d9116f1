from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory
from spil.core.api.params import uuid_param
from spil.persons.models import Person
from spil.programmes import queries
from spil.programmes.api.serializers import (
    AttendanceSerializer,
    AttendanceWriteSerializer,
    DuoResultCreateSerializer,
    DuoResultSerializer,
    EnrolmentCreateSerializer,
    EnrolmentEndSerializer,
    EnrolmentSerializer,
    GroupSerializer,
    LanguageResultSerializer,
    MemberCreateSerializer,
    MemberSerializer,
    ProgrammeTemplateSerializer,
)
from spil.programmes.models import Enrolment, Group, LanguageResult, ProgrammeTemplate
from spil.programmes.services import assignment as assignment_services
from spil.programmes.services import attendance as attendance_services
from spil.programmes.services import duo_results as duo_result_services
from spil.programmes.services import enrolment as enrolment_services
from spil.programmes.services import imports as import_services


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

    @extend_schema(
        summary="Place a person of your caseload in this MAP, PVT or training group",
        request=MemberCreateSerializer,
        responses={201: MemberSerializer, 200: MemberSerializer},
    )
    @action(detail=True, methods=["post"])
    def members(self, request: Request, code: str | None = None) -> Response:
        group = self.get_object()
        if not queries.is_planner(request.user):
            raise PermissionDenied(_("Only a client manager places people in groups."))
        data = MemberCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _person_for_change(request.user, data.validated_data["person"], caseload=True)
        before = queries.member_of(group, person)
        placed = assignment_services.accept_placements(  # writes the processing record
            [(person.pk, group.pk, True)], actor=_actor(request)
        )
        if not placed:
            raise ValidationError({"person": [_("The group is full.")]})
        return Response(
            MemberSerializer(placed[0]).data,
            status=status.HTTP_200_OK if before else status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Record one participant's attendance of a session (present, late, excused, "
        "absent); the hours credited follow from it",
        request=AttendanceWriteSerializer,
        responses={200: AttendanceSerializer},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, code: str | None = None) -> Response:
        group = self.get_object()
        data = AttendanceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        session = queries.session_of(group, values["session"])
        if session is None:
            raise ValidationError({"session": [_("This group has no session with this number.")]})
        person = (
            queries.visible_members(group, request.user, Action.CHANGE)
            .filter(public_id=values["person"])
            .first()
        )
        if person is None:
            raise ValidationError(
                {"person": [_("No participant of this group whose attendance you may record.")]}
            )
        if timezone.localdate(session.starts_at) > timezone.localdate():
            raise ValidationError({"session": [_("This session has not taken place yet.")]})
        (mark,) = attendance_services.record_attendance(  # writes the processing record
            session, {person.pk: (values["status"], values["reason"])}, actor=_actor(request)
        )
        return Response(AttendanceSerializer(mark).data)


def _person_for_change(
    user: User | AnonymousUser, public_id: uuid.UUID, *, caseload: bool
) -> Person:
    """The person a write is about, if the caller may record it; a 400 naming the field
    otherwise: 404, so a person out of scope is not told apart from one that does not exist."""
    persons = (
        Person.objects.for_user(user, Action.CHANGE)
        if caseload
        else queries.persons_for_user(user, Action.CHANGE)
    )
    person = persons.filter(public_id=public_id).first()
    if person is None:
        raise NotFound(_("No person with this id that you may record for."))
    return person


def _actor(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@extend_schema_view(
    list=extend_schema(
        summary="Programmes (enrolments) of the people in the caller's caseload",
        parameters=[OpenApiParameter("person", str, description="Public id of one person")],
    ),
    retrieve=extend_schema(summary="One enrolment"),
    create=extend_schema(
        summary="Enrol a person in a programme (their week plan is a dated copy of the template)",
        request=EnrolmentCreateSerializer,
        responses={201: EnrolmentSerializer},
    ),
)
class EnrolmentViewSet(
    ProcessingLogMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet[Enrolment],
):
    """The klantmanager's: every response and every change writes a processing record."""

    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()  # for the schema; get_queryset scopes to the caller
    processing_categories = (DataCategory.TRAJECTORY,)
    processing_action_name = "API enrolments"

    def person_id_of(self, obj: Enrolment) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[Enrolment]:
        enrolments = queries.enrolments_for_user(self.request.user, Action.VIEW)
        if self.action == "list":
            person = uuid_param(self.request.query_params)
            if person is not None:
                enrolments = enrolments.filter(person__public_id=person)
        return enrolments.order_by("-start_date", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = EnrolmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _person_for_change(request.user, data.validated_data["person"], caseload=True)
        template = (
            queries.templates_for_user(request.user)
            .filter(code=data.validated_data["template"], is_active=True)
            .first()
        )
        if template is None:
            raise ValidationError({"template": [_("No active programme template with this code.")]})
        enrolment = enrolment_services.enrol(  # writes the processing record
            person, template, data.validated_data["start_date"], actor=_actor(request)
        )
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The person completed or stopped the programme",
        request=EnrolmentEndSerializer,
        responses={200: EnrolmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        enrolment = self.get_object()
        _person_for_change(request.user, enrolment.person.public_id, caseload=True)
        data = EnrolmentEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            enrolment_services.end_enrolment(  # writes the processing record
                enrolment,
                data.validated_data["status"],
                data.validated_data["on"],
                actor=_actor(request),
            )
        except enrolment_services.EnrolmentNotActive:
            raise ValidationError({"status": [_("This programme has already ended.")]}) from None
        except ValueError:
            raise ValidationError({"on": [_("A programme cannot end before it starts.")]}) from None
        return Response(EnrolmentSerializer(enrolment).data)


@extend_schema_view(
    list=extend_schema(
        summary="CEFR results per skill of the people whose programme data the caller sees",
        parameters=[OpenApiParameter("person", str, description="Public id of one person")],
    ),
    retrieve=extend_schema(summary="One language result"),
    create=extend_schema(
        summary="Record a CEFR result for one skill (the same person, skill, day and provider "
        "again corrects the level)",
        request=LanguageResultSerializer,
        responses={201: LanguageResultSerializer},
    ),
)
class LanguageResultViewSet(
    ProcessingLogMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet[LanguageResult],
):
    """The klantmanager of the person, or a trainer of one of the person's groups. Every
    response and every change writes a processing record."""

    serializer_class = LanguageResultSerializer
    queryset = LanguageResult.objects.none()  # for the schema
    processing_categories = (DataCategory.LANGUAGE,)
    processing_action_name = "API language results"

    def person_id_of(self, obj: LanguageResult) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[LanguageResult]:
        results = queries.language_results_for_user(self.request.user, Action.VIEW)
        if self.action == "list":
            person = uuid_param(self.request.query_params)
            if person is not None:
                results = results.filter(person__public_id=person)
        return results.order_by("-on", "skill", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = LanguageResultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = _person_for_change(request.user, values["person"]["public_id"], caseload=False)
        result, change = import_services.record_language_result(  # writes the processing record
            person,
            skill=values["skill"],
            level=values["level"],
            on=values["on"],
            provider=queries.result_provider(request.user),
            actor=_actor(request),
        )
        created = change == "created"
        return Response(
            LanguageResultSerializer(result).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(
    create=extend_schema(
        summary="Send a MAP final meeting, a signed participation statement or a completed "
        "Z-route to DUO (the completion the reports count)",
        request=DuoResultCreateSerializer,
        responses={201: DuoResultSerializer},
    ),
)
class DuoResultViewSet(viewsets.GenericViewSet[Any]):
    """The klantmanager's: Spil checks DUO's rules on culpability first, then sends; the
    result is kept once DUO accepted it, with its processing record."""

    serializer_class = DuoResultSerializer

    def create(self, request: Request) -> Response:
        data = DuoResultCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["on"] > timezone.localdate():
            raise ValidationError({"on": [_("The date may not lie in the future.")]})
        person = _person_for_change(request.user, values["person"], caseload=True)
        verwijtbaar = values.get("verwijtbaar") or None
        try:
            problems = duo_result_services.check_result(
                person, values["kind"], values["on"], verwijtbaar
            )
        except duo_result_services.ResultRefused as refused:
            raise ValidationError({"kind": [str(m) for m in refused.messages]}) from None
        if problems:
            raise ValidationError({"verwijtbaar": [str(p) for p in problems]})
        try:
            result = duo_result_services.send_result(  # writes the processing record
                person,
                values["kind"],
                values["on"],
                verwijtbaar=verwijtbaar,
                actor=_actor(request),
                check=False,  # checked just above
            )
        except duo_result_services.ResultRefused as refused:
            raise ValidationError({"kind": [str(m) for m in refused.messages]}) from None
        return Response(DuoResultSerializer(result).data, status=status.HTTP_201_CREATED)
