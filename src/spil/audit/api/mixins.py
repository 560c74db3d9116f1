"""DRF support: API endpoints that serve personal data leave a processing record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing


class ProcessingLogMixin:
    """For ModelViewSets whose objects are (or belong to) persons.

    `list` records the persons on the returned page and `retrieve` the one person, each as
    one processing record (ProcessingLogWriteMixin adds create and update). Where the
    service that makes a change writes the record itself, set `change_recorded_by_service`.
    Custom actions call `record_processing_for` once per request.
    """

    processing_categories: Sequence[DataCategory] = (DataCategory.IDENTITY,)
    processing_action_name: str = "API"
    processing_purpose: Purpose = Purpose.REGIE
    change_recorded_by_service: bool = False

    def person_id_of(self, obj: Any) -> int:
        return int(obj.pk)

    def record_processing_for(
        self,
        request: Request,
        ids: list[int],
        action: ProcessingAction,
        categories: Sequence[DataCategory] | None = None,
    ) -> None:
        if ids:
            record_processing(
                actor=request.user,
                person_ids=ids,
                categories=categories or self.processing_categories,
                action=action,
                purpose=self.processing_purpose,
                action_name=f"{self.processing_action_name} ({request.method})",
            )

    # Kept for subclasses written against the first version of this mixin.
    def _record(self, request: Request, ids: list[int], action: ProcessingAction) -> None:
        self.record_processing_for(request, ids, action)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        page = self.paginate_queryset(queryset)  # type: ignore[attr-defined]
        objects = page if page is not None else list(queryset)
        self.record_processing_for(
            request, [self.person_id_of(o) for o in objects], ProcessingAction.VIEW
        )
        serializer = self.get_serializer(objects, many=True)  # type: ignore[attr-defined]
        if page is not None:
            return self.get_paginated_response(serializer.data)  # type: ignore[attr-defined,no-any-return]
        return Response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()  # type: ignore[attr-defined]
        self.record_processing_for(request, [self.person_id_of(instance)], ProcessingAction.VIEW)
        return Response(self.get_serializer(instance).data)  # type: ignore[attr-defined]


class ProcessingLogWriteMixin(ProcessingLogMixin):
    """ProcessingLogMixin for viewsets that also create or update (with DRF's
    CreateModelMixin / UpdateModelMixin after it): each change is one processing record,
    in the same transaction as the change."""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_create(serializer)  # type: ignore[attr-defined]
            if not self.change_recorded_by_service:
                self.record_processing_for(
                    request, [self.person_id_of(serializer.instance)], ProcessingAction.CREATE
                )
        headers = self.get_success_headers(serializer.data)  # type: ignore[attr-defined]
        return Response(serializer.data, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()  # type: ignore[attr-defined]
        serializer = self.get_serializer(instance, data=request.data, partial=partial)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_update(serializer)  # type: ignore[attr-defined]
            if not self.change_recorded_by_service:
                self.record_processing_for(
                    request, [self.person_id_of(serializer.instance)], ProcessingAction.CHANGE
                )
        return Response(serializer.data)
