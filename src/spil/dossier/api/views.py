from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.dossier import queries
from spil.dossier import services as dossier
from spil.dossier.api.serializers import TaskSerializer
from spil.dossier.models import Task, TaskStatus


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
            wanted = params.get("status", TaskStatus.OPEN)
            if wanted in TaskStatus.values:
                tasks = tasks.filter(status=wanted)
            if params.get("person"):
                tasks = tasks.filter(person__public_id=params["person"])
            if params.get("mine", "").lower() in {"1", "true", "yes"}:
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
