from __future__ import annotations

from rest_framework import serializers

from spil.persons.models import Person
from spil.trajectories.models import TrajectoryStatus


class PersonSerializer(serializers.ModelSerializer[Person]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality = serializers.CharField(source="municipality.name", read_only=True)
    regisseur = serializers.CharField(source="regisseur.username", read_only=True, default=None)
    status = serializers.CharField(
        source="t_status",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Status of the active trajectory (one of: "
        + ", ".join(TrajectoryStatus.values)
        + "); null without one.",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "family_name",
            "bsn",
            "date_of_birth",
            "municipality",
            "regisseur",
            "status",
        ]
        read_only_fields = fields
