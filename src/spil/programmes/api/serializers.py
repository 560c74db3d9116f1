from __future__ import annotations

from rest_framework import serializers

from spil.programmes.models import Group, Phase, PhaseComponent, ProgrammeTemplate


class ComponentSerializer(serializers.ModelSerializer[PhaseComponent]):
    class Meta:
        model = PhaseComponent
        fields = ["kind", "hours_per_week", "day_parts", "moment", "note"]


class PhaseSerializer(serializers.ModelSerializer[Phase]):
    components = ComponentSerializer(many=True, read_only=True)

    class Meta:
        model = Phase
        fields = ["order", "name", "duration_weeks", "components"]


class ProgrammeTemplateSerializer(serializers.ModelSerializer[ProgrammeTemplate]):
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = ProgrammeTemplate
        fields = ["code", "name", "target_group", "source", "description", "is_active", "phases"]


class GroupSerializer(serializers.ModelSerializer[Group]):
    """A group without its participants (no personal data)."""

    municipality = serializers.CharField(source="municipality.name", read_only=True)
    provider = serializers.CharField(source="provider.name", read_only=True, default=None)
    participants = serializers.IntegerField(source="member_count", read_only=True)

    class Meta:
        model = Group
        fields = [
            "code",
            "name",
            "kind",
            "municipality",
            "provider",
            "location",
            "language",
            "interpreter_languages",
            "min_size",
            "max_size",
            "participants",
            "weekday",
            "moment",
            "start_time",
            "end_time",
            "start_date",
            "session_count",
            "interval_weeks",
        ]
