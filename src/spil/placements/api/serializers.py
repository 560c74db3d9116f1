from __future__ import annotations

from rest_framework import serializers

from spil.placements.models import Placement, PlacementOffer


class PlacementOfferSerializer(serializers.ModelSerializer[PlacementOffer]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    employer = serializers.CharField(source="employer.name", read_only=True)
    required_speaking = serializers.IntegerField(
        read_only=True, help_text="CEFR level as a number: 0 = A0 (no Dutch yet) ... 5 = C1"
    )
    required_listening = serializers.IntegerField(
        read_only=True, help_text="CEFR level as a number: 0 = A0 (no Dutch yet) ... 5 = C1"
    )
    location_postcode = serializers.CharField(
        source="location.postcode", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = PlacementOffer
        fields = [
            "id",
            "title",
            "employer",
            "location_postcode",
            "type",
            "esco_uri",
            "occupation_label",
            "isco_code",
            "sector",
            "hours_per_week",
            "dayparts",
            "start_date",
            "end_date",
            "required_speaking",
            "required_listening",
            "support_buddy",
            "support_leermeester",
            "support_jobcoach",
            "places",
            "accessibility_notes",
            "status",
        ]
        read_only_fields = fields


class PlacementSerializer(serializers.ModelSerializer[Placement]):
    """A placement without the person's identity: the person by public id only."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    person = serializers.UUIDField(source="person.public_id", read_only=True)
    offer = serializers.UUIDField(source="offer.public_id", read_only=True)
    end_reason = serializers.CharField(
        read_only=True,
        help_text="completed, education, not_suitable, stopped, employer, circumstances, other",
    )

    class Meta:
        model = Placement
        fields = [
            "id",
            "person",
            "offer",
            "status",
            "score",
            "introduction_on",
            "started_on",
            "planned_end_on",
            "evaluated_on",
            "ended_on",
            "end_reason",
            "next_step_on",
            "job_started_on",
            "aftercare_until",
        ]
        read_only_fields = fields
