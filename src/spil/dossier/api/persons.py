from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.core.api.errors import drf_validation_error
from spil.core.api.params import choice_param
from spil.dossier import queries as dossier_queries
from spil.dossier import services as dossier
from spil.dossier.api.serializers import (
    PERSON_STATUS_HELP,
    PERSON_STATUSES,
    AppointmentPlanSerializer,
    AppointmentSerializer,
    ContactMomentSerializer,
    PersonSearchSerializer,
    PersonSerializer,
    TaskCreateSerializer,
    TaskSerializer,
)
from spil.dossier.models import Task, TaskStatus
from spil.persons import queries as person_queries
from spil.persons.models import Person
from spil.persons.validators import bsn_in_search, searches_a_number

_WRITES = {"appointments", "contact_moments", "tasks"}

#: The answer to a number in the list's address: a BSN is never searched for there, where it
#: would stay in access logs, proxies and browser history.
BSN_IN_ADDRESS = _(
    "A number is not searched for in the address, where it would end up in server logs "
    "and browser history: search for a BSN with POST /api/v1/persons/search/."
)


@extend_schema_view(
    list=extend_schema(
        summary="Persons in the caller's caseload",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Name (every word matches a given or family name). A number "
                "is refused with 400: a BSN is searched for with POST "
                "/api/v1/persons/search/, so that it never enters an address.",
            ),
            OpenApiParameter("status", str, enum=PERSON_STATUSES, description=PERSON_STATUS_HELP),
        ],
    ),
    retrieve=extend_schema(summary="One person"),
)
class PersonViewSet(ProcessingLogMixin, viewsets.ReadOnlyModelViewSet[Person]):
    """Persons the caller may see (their caseload). Every response writes a processing
    record naming the persons it contained."""

    serializer_class = PersonSerializer
    lookup_field = "public_id"
    processing_categories = (DataCategory.IDENTITY, DataCategory.BSN, DataCategory.TRAJECTORY)
    processing_action_name = "API persons"

    def get_queryset(self) -> QuerySet[Person]:
        status, q = self._filters()
        persons = dossier_queries.with_current_trajectory(
            dossier_queries.caseload_filter(self.request.user, status=status, q=q)
        ).order_by(*dossier_queries.BY_NAME)
        if self.action in _WRITES and self.request.method == "POST":
            # Writes need the CHANGE right on the person, not only VIEW.
            persons = persons.filter(
                pk__in=person_queries.persons_for_user(self.request.user, Action.CHANGE).values(
                    "pk"
                )
            )
        return persons

    def _filters(self) -> tuple[str, str]:
        """(status, q): the list's from its address (never a number: see BSN_IN_ADDRESS),
        the search's from its body; none for one person."""
        if self.action == "list":
            params = self.request.query_params
            if searches_a_number(params.get("q", "")):
                raise ValidationError({"q": [BSN_IN_ADDRESS]})
            return choice_param(params, "status", PERSON_STATUSES), params.get("q", "")
        if self.action == "search":
            serializer = PersonSearchSerializer(data=self.request.data)
            serializer.is_valid(raise_exception=True)
            text: str = serializer.validated_data["q"]
            try:
                bsn_in_search(text)
            except DjangoValidationError as invalid:
                raise ValidationError({"q": invalid.messages}) from None
            return serializer.validated_data.get("status", ""), text
        return "", ""

    @extend_schema(
        summary="Search the caller's caseload by BSN or name",
        description="The list's search with the text in the body, so that a BSN never "
        "enters an address (access logs, proxies, browser history). Answers the list's "
        "page of persons and writes the same processing record; `page` stays in the "
        "address, and `next` and `previous` are the addresses to post the same body to.",
        request=PersonSearchSerializer,
        responses=PersonSerializer(many=True),
    )
    @action(detail=False, methods=["post"])
    def search(self, request: Request) -> Response:
        return self.list(request)

    def _actor(self) -> User:
        user = self.request.user
        assert isinstance(user, User)
        return user

    @extend_schema(
        methods=["GET"],
        summary="Contact moments with the person, newest first",
        responses=ContactMomentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a contact moment (appears on the person's timeline)",
        request=ContactMomentSerializer,
        responses={201: ContactMomentSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="contact-moments")
    def contact_moments(self, request: Request, public_id: str | None = None) -> Response:
        person = self.get_object()
        if request.method == "POST":
            serializer = ContactMomentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            moment = dossier.record_contact_moment(  # writes the processing record
                person,
                actor=self._actor(),
                kind=data["kind"],
                on=data["date"],
                notes=data.get("notes", ""),
                interpreter_present=data.get("interpreter_present", False),
                interpreter_language=data.get("interpreter_language", ""),
                peer_expert_present=data.get("peer_expert_present", False),
                other_participants=data.get("other_participants", ""),
            )
            return Response(ContactMomentSerializer(moment).data, status=status.HTTP_201_CREATED)
        moments = person.contact_moments.select_related("person", "author").order_by("-date", "-pk")
        paginator = self.paginator
        assert paginator is not None
        page = paginator.paginate_queryset(moments, request, view=self)
        self.record_processing_for(
            request, [person.pk], ProcessingAction.VIEW, [DataCategory.CONTACT_MOMENTS]
        )
        return paginator.get_paginated_response(ContactMomentSerializer(page, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="The person's tasks (open first)",
        responses=TaskSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Create a manual task for the person (assigned to the client manager)",
        request=TaskCreateSerializer,
        responses={201: TaskSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="tasks")
    def tasks(self, request: Request, public_id: str | None = None) -> Response:
        person = self.get_object()
        if request.method == "POST":
            serializer = TaskCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data: dict[str, Any] = dict(serializer.validated_data)
            task = dossier.create_task(
                person,
                code="manual",
                title=data["title"],
                due=data.get("due"),
                actor=self._actor(),
            )
            self.record_processing_for(
                request, [person.pk], ProcessingAction.CREATE, [DataCategory.TRAJECTORY]
            )
            task = Task.objects.select_related("person", "assignee").get(pk=task.pk)
            return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)
        tasks = (
            Task.objects.filter(person=person)
            .select_related("person", "assignee")
            .order_by("status", "due", "pk")
        )
        paginator = self.paginator
        assert paginator is not None
        page = paginator.paginate_queryset(tasks, request, view=self)
        self.record_processing_for(
            request, [person.pk], ProcessingAction.VIEW, [DataCategory.TRAJECTORY]
        )
        return paginator.get_paginated_response(TaskSerializer(page, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="The person's appointments, latest first",
        responses=AppointmentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Plan an appointment with the person (appears on the timeline and in the "
        "person's agenda feed; a reminder goes out the day before)",
        request=AppointmentPlanSerializer,
        responses={201: AppointmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="appointments")
    def appointments(self, request: Request, public_id: str | None = None) -> Response:
        person = self.get_object()
        if request.method == "POST":
            serializer = AppointmentPlanSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data: dict[str, Any] = dict(serializer.validated_data)
            try:
                appointment = dossier.plan_appointment(  # writes the processing record
                    person,
                    actor=self._actor(),
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                    location=data.get("location", ""),
                    interpreter_language=data.get("interpreter_language", ""),
                )
            except DjangoValidationError as invalid:
                raise drf_validation_error(invalid) from None
            return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)
        appointments = person.appointments.select_related("person", "planned_by").order_by(
            "-starts_at", "-pk"
        )
        paginator = self.paginator
        assert paginator is not None
        page = paginator.paginate_queryset(appointments, request, view=self)
        self.record_processing_for(
            request, [person.pk], ProcessingAction.VIEW, [DataCategory.CONTACT_MOMENTS]
        )
        return paginator.get_paginated_response(AppointmentSerializer(page, many=True).data)


__all__ = ["PersonViewSet", "TaskStatus"]
