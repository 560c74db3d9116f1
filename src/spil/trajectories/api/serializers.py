from __future__ import annotations

from typing import Any

from rest_framework import serializers

from spil.core.api.serializers import ModelSerializer
from spil.trajectories.models import Deadline, TermExtension, Trajectory


class RuleSerializer(serializers.Serializer[Any]):
    """The rule version that produced a deadline: key, in force from, source, checked on."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Built here because a declared field called `source` would shadow Field.source.
        return {
            "key": serializers.CharField(source="rule_key", read_only=True),
            "valid_from": serializers.DateField(source="rule_valid_from", read_only=True),
            "source": serializers.CharField(source="rule_source", read_only=True),
            "checked_on": serializers.DateField(source="rule_checked_on", read_only=True),
        }


class DeadlineSerializer(ModelSerializer[Deadline]):
    rule = RuleSerializer(source="*", read_only=True)

    class Meta:
        model = Deadline
        fields = ["kind", "due", "is_estimate", "rule"]
        read_only_fields = fields


class TermExtensionSerializer(ModelSerializer[TermExtension]):
    class Meta:
        model = TermExtension
        fields = ["gebeurtenis_id", "previous_end", "new_end", "ground_code", "ground_description"]
        read_only_fields = fields


class TrajectorySerializer(ModelSerializer[Trajectory]):
    person = serializers.UUIDField(source="person.public_id", read_only=True)
    municipality = serializers.CharField(source="municipality.name", read_only=True)
    deadlines = DeadlineSerializer(source="open_deadlines", many=True, read_only=True)
    extensions = TermExtensionSerializer(source="all_extensions", many=True, read_only=True)

    class Meta:
        model = Trajectory
        fields = [
            "id",
            "person",
            "municipality",
            "status",
            "end_reason",
            "ended_on",
            "plicht_start",
            "leerroute",
            "niveau",
            "pip_dagtekening",
            "termijn_start",
            "termijn_end",
            "termijn_is_estimate",
            "next_deadline",
            "next_deadline_kind",
            "deadlines",
            "extensions",
        ]
        read_only_fields = fields
