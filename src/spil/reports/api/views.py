"""Aggregate report endpoints: the same figures as the reports pages, suppressed the same
way, each request with one aggregate processing record (purpose verantwoording)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from spil.audit.purposes import ProcessingAction
from spil.reports import exports, queries, services
from spil.reports.api.serializers import ReportKindSerializer, ReportSerializer
from spil.reports.forms import bound_form
from spil.reports.selection import describe
from spil.reports.suppression import THRESHOLD
from spil.reports.tables import Report

EXPORTS = ("csv", "xlsx", "pdf")

SELECTION_PARAMETERS = [
    OpenApiParameter("area", int, description="Id of the gemeente or regio (default: the first)"),
    OpenApiParameter("template", str, description="Code of a programme template"),
    OpenApiParameter("group", str, description="Code of a group"),
    OpenApiParameter("leerroute", str, enum=["b1", "onderwijs", "z"]),
    OpenApiParameter("doelgroep", str, enum=["asiel", "gezin_overig"]),
    OpenApiParameter("focus", str, enum=["education", "participation", "stabilisation"]),
    OpenApiParameter(
        "basis", str, enum=["start", "notification", "pip"], description="Date a cohort is by"
    ),
    OpenApiParameter("cohort", str, description="A month (2025-07) or a quarter (2025-Q3)"),
    OpenApiParameter("period_from", str, description="YYYY-MM-DD"),
    OpenApiParameter("period_to", str, description="YYYY-MM-DD"),
    OpenApiParameter("granularity", str, enum=["month", "quarter", "year"]),
]


def as_data(report: Report) -> dict[str, Any]:
    tables = []
    for table in report.tables:
        rows = []
        for row, cells in report.grid(table):
            rows.append(
                {
                    "key": row.key,
                    "label": str(row.label),
                    "level": row.level,
                    "cells": [
                        {
                            "column": column.key,
                            "value": cell.value if cell.state == "shown" else None,
                            "display": cell.text,
                            "state": cell.state,
                        }
                        for column, cell in zip(table.columns, cells, strict=True)
                    ],
                }
            )
        tables.append(
            {
                "key": table.key,
                "title": str(table.title),
                "description": str(table.description),
                "columns": [
                    {"key": c.key, "label": str(c.label), "unit": c.unit.value}
                    for c in table.columns
                ],
                "rows": rows,
            }
        )
    return {
        "kind": report.kind,
        "title": str(report.title),
        "area": report.selection.area_name,
        "as_of": report.as_of,
        "threshold": THRESHOLD,
        "selection": [{"name": n, "value": v} for n, v in describe(report.selection)],
        "tables": tables,
    }


class ReportViewSet(viewsets.ViewSet):
    """Aggregate figures for the beleidsmedewerker (and a klantmanager's own caseload).
    Never a person: counts below 5 come as null with state "small", and counts that would
    give them away as null with state "hidden"."""

    lookup_field = "kind"
    lookup_value_regex = "[a-z-]+"

    def _reader(self, request: Request) -> None:
        if not queries.can_read_reports(request.user):
            raise PermissionDenied

    @extend_schema(summary="The reports there are", responses=ReportKindSerializer(many=True))
    def list(self, request: Request) -> Response:
        self._reader(request)
        return Response(
            [
                {"kind": e.kind, "title": str(e.title), "description": str(e.description)}
                for e in services.CATALOGUE.values()
            ]
        )

    @extend_schema(
        summary="One report over a selection (aggregate, suppressed)",
        parameters=SELECTION_PARAMETERS,
        responses={
            200: ReportSerializer,
            400: OpenApiResponse(description="The selection is not valid (per parameter)"),
            403: OpenApiResponse(description="Not a role that reads reports"),
            404: OpenApiResponse(description="No such report"),
        },
    )
    def retrieve(self, request: Request, kind: str | None = None) -> Response:
        self._reader(request)
        if kind not in services.CATALOGUE:
            raise NotFound
        form = bound_form(request.query_params, request.user, services.DEFAULTS.get(kind or ""))
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        report = services.run(request.user, kind, form.selection())
        return Response(ReportSerializer(as_data(report)).data)

    @extend_schema(
        summary="One report over a selection as a file: CSV, XLSX or PDF (aggregate, "
        "suppressed); the national monitor (kind monitor) in its documented layout",
        parameters=[
            *SELECTION_PARAMETERS,
            OpenApiParameter(
                "file_type", str, enum=[*EXPORTS], required=True, description="The file"
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, exports.CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="The selection or the file type is not valid"),
            403: OpenApiResponse(description="Not a role that reads reports"),
            404: OpenApiResponse(description="No such report"),
        },
    )
    @action(detail=True, methods=["get"], url_path="export")
    def export(self, request: Request, kind: str | None = None) -> HttpResponse:
        self._reader(request)
        if kind not in services.CATALOGUE:
            raise NotFound
        file_type = request.query_params.get("file_type", "")
        if file_type not in EXPORTS:
            raise ValidationError({"file_type": [_("Choose csv, xlsx or pdf.")]})
        form = bound_form(request.query_params, request.user, services.DEFAULTS.get(kind or ""))
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        report = services.run(request.user, kind, form.selection(), action=ProcessingAction.EXPORT)
        response = HttpResponse(
            exports.export(report, file_type), content_type=exports.CONTENT_TYPES[file_type]
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.file_name(report)}.{file_type}"'
        )
        return response
