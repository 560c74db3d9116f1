"""The report as JSON: tables of cells, each with the number (or null when suppressed),
what the reader sees, and why a number is missing."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class CellSerializer(serializers.Serializer[Any]):
    column = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True, help_text="The number; null when suppressed or not applicable"
    )
    display = serializers.CharField(
        help_text='As the report shows it: "12", "< 5", "\u00d7" (hidden) or "\u2013" '
        "(not applicable)"
    )
    state = serializers.ChoiceField(
        choices=["shown", "small", "hidden", "na"],
        help_text="small: below 5; hidden: 5 or more, hidden so that no small number can be "
        "worked out; na: not applicable",
    )


class RowSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Built here because a declared field called `label` would shadow Field.label.
        return {
            "key": serializers.CharField(),
            "label": serializers.CharField(),
            "level": serializers.IntegerField(
                help_text="0 for a main row, 1 and 2 for rows within it"
            ),
            "cells": CellSerializer(many=True),
        }


class ColumnSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "key": serializers.CharField(),
            "label": serializers.CharField(),
            "unit": serializers.CharField(
                help_text="persons, count, percent, days, hours, decimal"
            ),
        }


class TableSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)


class SelectionLineSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    value = serializers.CharField()


class ReportSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField()
    area = serializers.CharField(help_text="The gemeente or regio reported on")
    as_of = serializers.DateField(help_text="The day the figures hold")
    threshold = serializers.IntegerField(help_text="Counts below this are never given")
    selection = SelectionLineSerializer(many=True)
    tables = TableSerializer(many=True)


class ReportKindSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
