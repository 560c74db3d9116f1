from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework import serializers

from spil.plans.models import PipComponent, PipVersion

if TYPE_CHECKING:
    _ComponentBase = serializers.ModelSerializer[PipComponent]
    _VersionBase = serializers.ModelSerializer[PipVersion]
else:
    _ComponentBase = _VersionBase = serializers.ModelSerializer


class PipComponentSerializer(_ComponentBase):
    total_hours = serializers.IntegerField(read_only=True)

    class Meta:
        model = PipComponent
        fields = ["kind", "provider", "hours_per_week", "start", "end", "total_hours"]


class PipVersionSerializer(_VersionBase):
    person = serializers.UUIDField(source="pip.person.public_id", read_only=True)
    components = PipComponentSerializer(many=True, read_only=True)

    class Meta:
        model = PipVersion
        fields = [
            "id",
            "person",
            "number",
            "status",
            "leerroute",
            "niveau",
            "geschatte_intensiteit",
            "alfabetisering",
            "childcare_arranged",
            "transport",
            "interpreter",
            "coach_roles",
            "progress_every_weeks",
            "first_progress_meeting",
            "acknowledged_on",
            "dagtekening",
            "duo_status",
            "duo_message",
            "components",
        ]
        read_only_fields = fields
