from __future__ import annotations

from typing import Any

from rest_framework import serializers

from spil.core.api.serializers import BlankAsNullChoiceField, ModelSerializer
from spil.placements.models import EndReason, Outcome, OutcomeKind, Placement, PlacementOffer


class PlacementOfferSerializer(ModelSerializer[PlacementOffer]):
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


class PlacementSerializer(ModelSerializer[Placement]):
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


class PlacementProposeSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(help_text="Public id of the person")
    offer = serializers.UUIDField(help_text="Id of an open placement offer")


class DaySerializer(serializers.Serializer[Any]):
    on = serializers.DateField()


class StartSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    planned_end = serializers.DateField(required=False, allow_null=True)


class EvaluateSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    evaluation = serializers.CharField(max_length=5000)


class EndSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    reason = serializers.ChoiceField(choices=EndReason.choices)
    next_step = serializers.CharField(max_length=300, required=False, allow_blank=True)
    next_step_on = serializers.DateField(required=False, allow_null=True)
    outcome = BlankAsNullChoiceField(
        choices=OutcomeKind.choices,
        required=False,
        allow_null=True,
        help_text="Record the placement as this outcome as well",
    )


class ConvertSerializer(serializers.Serializer[Any]):
    job_start = serializers.DateField(help_text="First day of the paid job")


class OutcomeSerializer(ModelSerializer[Outcome]):
    """A result of a person; one person can have several (internship and certificate)."""

    person = serializers.UUIDField(source="person.public_id")
    placement = serializers.UUIDField(
        source="placement.public_id", required=False, allow_null=True, default=None
    )
    hours_per_week = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=60,
        help_text="For paid work: hours per week (full-time from 35 in the reports)",
    )
    with_benefit = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For paid work: whether a benefit continues beside it (null: not known)",
    )

    class Meta:
        model = Outcome
        fields = [
            "id",
            "person",
            "kind",
            "started_on",
            "ended_on",
            "placement",
            "course",
            "description",
            "hours_per_week",
            "with_benefit",
        ]
        read_only_fields = ["id"]


class OutcomeEndSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField(help_text="The last day the outcome held")
