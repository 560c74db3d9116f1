from __future__ import annotations

from typing import Any

from rest_framework import serializers

from spil.core.api.serializers import ModelSerializer
from spil.ketenoverleg import queries
from spil.ketenoverleg.models import Case, ChainAction, Meeting


class CaseSerializer(ModelSerializer[Case]):
    person = serializers.UUIDField(source="person.public_id", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["person", "person_name", "source", "reasons"]
        read_only_fields = fields

    def get_reasons(self, case: Case) -> list[str]:
        return [queries.reason_text(code) for code in case.reasons]


class MeetingSerializer(ModelSerializer[Meeting]):
    """A meeting with only the cases the caller may see; the others are counted."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    series = serializers.CharField(source="series.name", read_only=True)
    organisation = serializers.CharField(source="series.organisation.name", read_only=True)
    cases = serializers.SerializerMethodField()
    hidden_cases = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "series",
            "organisation",
            "starts_at",
            "location",
            "status",
            "cases",
            "hidden_cases",
        ]
        read_only_fields = fields

    def _visible(self, meeting: Meeting) -> list[Case]:
        visible: dict[int, list[Case]] = self.context["visible"]
        return visible.get(meeting.pk, [])

    def get_cases(self, meeting: Meeting) -> list[dict[str, Any]]:
        return list(CaseSerializer(self._visible(meeting), many=True).data)

    def get_hidden_cases(self, meeting: Meeting) -> int:
        totals: dict[int, int] = self.context["totals"]
        return totals.get(meeting.pk, 0) - len(self._visible(meeting))


class ChainActionSerializer(ModelSerializer[ChainAction]):
    person = serializers.UUIDField(source="case.person.public_id", read_only=True)
    person_name = serializers.CharField(source="case.person.full_name", read_only=True)
    meeting = serializers.UUIDField(source="case.meeting.public_id", read_only=True)
    meeting_starts_at = serializers.DateTimeField(source="case.meeting.starts_at", read_only=True)
    status = serializers.CharField(source="task.status", read_only=True)

    class Meta:
        model = ChainAction
        fields = [
            "id",
            "description",
            "due",
            "status",
            "person",
            "person_name",
            "meeting",
            "meeting_starts_at",
        ]
        read_only_fields = fields
