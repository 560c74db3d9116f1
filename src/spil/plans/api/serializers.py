from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework import serializers

from spil.core.api.serializers import ModelSerializer
from spil.plans.models import PipComponent, PipVersion
from spil.trajectories.models import Leerroute, Niveau

if TYPE_CHECKING:
    _ComponentBase = ModelSerializer[PipComponent]
    _VersionBase = ModelSerializer[PipVersion]
else:
    _ComponentBase = _VersionBase = ModelSerializer


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


class PipDraftCreateSerializer(serializers.Serializer[Any]):
    """The draft of a person's first PIP (or the open draft, or a revision of the
    established one, whose contents it copies)."""

    person = serializers.UUIDField(help_text="Public id of the person (in your caseload)")
    leerroute = serializers.ChoiceField(choices=Leerroute.values, help_text="For a first PIP")
    niveau = serializers.ChoiceField(
        choices=Niveau.values,
        required=False,
        allow_null=True,
        help_text="For a first PIP on the B1-route or the education route: B1 or A2",
    )


class PipEstablishSerializer(serializers.Serializer[Any]):
    dagtekening = serializers.DateField(help_text="The date of the decision (the PIP's date)")
    confirm_late_switch = serializers.BooleanField(
        default=False,
        help_text="A route switch after the term: confirmed by the client manager",
    )
