from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from spil.audit.api.mixins import ProcessingLogMixin
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.ketenoverleg import queries
from spil.ketenoverleg.api.serializers import ChainActionSerializer, MeetingSerializer
from spil.ketenoverleg.models import Case, ChainAction, Meeting


def _with_visible_cases(view: MeetingViewSet, request: Request, meetings: list[Meeting]) -> Any:
    """The meetings with the cases the caller may see; one processing record for them."""
    visible: dict[int, list[Case]] = {
        meeting.pk: list(queries.visible_cases(meeting, request.user)) for meeting in meetings
    }
    totals = dict(
        Case.objects.filter(meeting__in=meetings)
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values_list("meeting_id", "n")
    )
    person_ids = sorted({c.person_id for cases in visible.values() for c in cases})
    view.record_processing_for(request, person_ids, ProcessingAction.VIEW)
    context = {**view.get_serializer_context(), "visible": visible, "totals": totals}
    return MeetingSerializer(meetings, many=True, context=context).data


@extend_schema_view(
    list=extend_schema(
        summary="The chain meetings the caller takes part in or organises, newest first, "
        "each with only the cases the caller may see (the others counted in hidden_cases)"
    ),
    retrieve=extend_schema(summary="One chain meeting, with only the cases the caller may see"),
)
class MeetingViewSet(ProcessingLogMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Meeting]):
    serializer_class = MeetingSerializer
    processing_categories = (DataCategory.TRAJECTORY,)
    processing_action_name = "API chain meetings"
    processing_purpose = Purpose.CHAIN_CONSULTATION
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def get_queryset(self) -> QuerySet[Meeting]:
        return queries.meetings_for_user(self.request.user).order_by("-starts_at", "-pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        meetings = list(page if page is not None else self.get_queryset())
        data = _with_visible_cases(self, request, meetings)
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        (data,) = _with_visible_cases(self, request, [self.get_object()])
        return Response(data)


@extend_schema_view(
    list=extend_schema(summary="The caller's own open actions from chain meetings"),
    retrieve=extend_schema(summary="One of the caller's own open actions"),
)
class ChainActionViewSet(
    ProcessingLogMixin, mixins.ListModelMixin, viewsets.GenericViewSet[ChainAction]
):
    serializer_class = ChainActionSerializer
    processing_categories = (DataCategory.TRAJECTORY,)
    processing_action_name = "API chain actions"
    processing_purpose = Purpose.CHAIN_CONSULTATION

    def person_id_of(self, obj: ChainAction) -> int:
        return obj.case.person_id

    def get_queryset(self) -> QuerySet[ChainAction]:
        ids = [action.pk for action in queries.open_actions_for(self.request.user)]
        return (
            ChainAction.objects.filter(pk__in=ids)
            .select_related("case__person", "case__meeting", "task")
            .order_by("due", "pk")
        )
