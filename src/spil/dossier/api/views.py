from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.core.api.errors import drf_validation_error
from spil.core.api.params import choice_param, date_param, flag_param, uuid_param
from spil.dossier import queries
from spil.dossier import services as dossier
from spil.dossier.api.serializers import (
    AppointmentCancelSerializer,
    AppointmentSerializer,
    TaskSerializer,
)
from spil.dossier.models import Appointment, AppointmentStatus, Task, TaskStatus


@extend_schema_view(
    list=extend_schema(
        summary="Tasks for the people in the caller's caseload",
        parameters=[
            OpenApiParameter("status", str, enum=TaskStatus.values, description="Default: open"),
            OpenApiParameter("person", str, description="Public id of one person"),
            OpenApiParameter("mine", bool, description="Only tasks assigned to the caller"),
        ],
    ),
    retrieve=extend_schema(summary="One task"),
)
class TaskViewSet(ProcessingLogMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Task]):
    """Tasks (list, one, mark done); create one under /persons/{id}/tasks/. Every response
    writes a processing record naming the persons whose tasks it contained."""

    serializer_class = TaskSerializer
    processing_categories = (DataCategory.TRAJECTORY,)
    processing_action_name = "API tasks"

    def person_id_of(self, obj: Task) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[Task]:
        action_right = Action.CHANGE if self.action == "done" else Action.VIEW
        tasks = queries.tasks_for_user(self.request.user, action_right)
        if self.action == "list":
            params = self.request.query_params
            wanted = choice_param(params, "status", TaskStatus.values, default=TaskStatus.OPEN)
            tasks = tasks.filter(status=wanted)
            person = uuid_param(params)
            if person is not None:
                tasks = tasks.filter(person__public_id=person)
            if flag_param(params, "mine"):
                tasks = tasks.filter(assignee_id=self.request.user.pk)
        return tasks.order_by("due", "pk")

    @extend_schema(summary="Mark a task as done", request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        task = self.get_object()
        if task.status == TaskStatus.OPEN:
            user = request.user
            assert isinstance(user, User)
            dossier.complete_task(task, actor=user)  # writes the processing record
        else:
            self.record_processing_for(request, [task.person_id], ProcessingAction.VIEW)
        return Response(TaskSerializer(task).data)


@extend_schema_view(
    list=extend_schema(
        summary="Appointments with the people in the caller's caseload, earliest first",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=AppointmentStatus.values,
                description="Default: planned",
            ),
            OpenApiParameter("from", date, description="From this local day (default: today)"),
            OpenApiParameter("to", date, description="Up to and including this local day"),
            OpenApiParameter("person", str, description="Public id of one person"),
            OpenApiParameter("mine", bool, description="Only appointments the caller planned"),
        ],
    ),
    retrieve=extend_schema(summary="One appointment"),
)
class AppointmentViewSet(
    ProcessingLogMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Appointment]
):
    """Appointments (list, one, cancel); plan one under /persons/{id}/appointments/. Every
    response writes a processing record naming the persons whose appointments it held."""

    serializer_class = AppointmentSerializer
    processing_categories = (DataCategory.CONTACT_MOMENTS,)
    processing_action_name = "API appointments"

    def person_id_of(self, obj: Appointment) -> int:
        return obj.person_id

    def get_queryset(self) -> QuerySet[Appointment]:
        action_right = Action.CHANGE if self.action == "cancel" else Action.VIEW
        appointments = queries.appointments_for_user(self.request.user, action_right)
        if self.action == "list":
            params = self.request.query_params
            wanted = choice_param(
                params, "status", AppointmentStatus.values, default=AppointmentStatus.PLANNED
            )
            appointments = appointments.filter(status=wanted)
            since = date_param(params, "from") or timezone.localdate()
            until = date_param(params, "to")
            if until is not None and until < since:
                raise ValidationError({"to": [_("The end date lies before the start date.")]})
            appointments = queries.starting_between(appointments, since, until)
            person = uuid_param(params)
            if person is not None:
                appointments = appointments.filter(person__public_id=person)
            if flag_param(params, "mine"):
                appointments = appointments.filter(planned_by_id=self.request.user.pk)
        return appointments.order_by("starts_at", "pk")

    @extend_schema(
        summary="Cancel a planned appointment, with the reason",
        request=AppointmentCancelSerializer,
        responses=AppointmentSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        appointment = self.get_object()
        serializer = AppointmentCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        assert isinstance(user, User)
        try:
            dossier.cancel_appointment(  # writes the processing record
                appointment, actor=user, reason=serializer.validated_data["reason"]
            )
        except DjangoValidationError as invalid:
            raise drf_validation_error(invalid) from None
        return Response(AppointmentSerializer(appointment).data)
