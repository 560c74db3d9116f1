"""Serializers of the intake API. Health (special category) has its own serializer and is
only ever served by the `health` action, never inside an intake."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from spil.core.api.serializers import BlankAsNullChoiceField, ModelSerializer
from spil.intake.models import Barrier, Focus, HealthAssessment, Intake
from spil.intake.picker import occupation_choice

if TYPE_CHECKING:
    _BarrierBase = ModelSerializer[Barrier]
    _IntakeBase = ModelSerializer[Intake]
    _HealthBase = ModelSerializer[HealthAssessment]
else:
    _BarrierBase = _IntakeBase = _HealthBase = ModelSerializer

#: Work history fields per occupation in the `werk` step.
_WORK_SLOTS = ("1", "2")
#: Ambitions in the `ambities` step: (role, occupation field, realism field).
AMBITIONS = (
    ("dream_job", "dream_job", "dream_job_realism"),
    ("plan_b", "plan_b", "plan_b_realism"),
    ("plan_c", "plan_c", "plan_c_realism"),
)


class OccupationSerializer(serializers.Serializer[dict[str, str]]):
    uri = serializers.CharField(help_text="ESCO occupation concept URI")
    label = serializers.CharField(help_text="Dutch preferred label")  # type: ignore[assignment]
    isco_code = serializers.CharField(help_text="ISCO-08 unit group")
    isco_label = serializers.CharField()


class WorkExperienceSerializer(serializers.Serializer[dict[str, Any]]):
    occupation = OccupationSerializer()
    years = serializers.IntegerField(allow_null=True)
    country = serializers.CharField(allow_blank=True)


class AmbitionSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=[a[0] for a in AMBITIONS])
    occupation = OccupationSerializer(allow_null=True)
    realism = serializers.CharField(allow_blank=True)


def _occupation(uri: object) -> dict[str, str] | None:
    choice = occupation_choice(str(uri or ""))
    if choice is None:
        return None
    return {
        "uri": choice.uri,
        "label": choice.label,
        "isco_code": choice.isco_code,
        "isco_label": choice.isco_label,
    }


class FocusSuggestionSerializer(serializers.Serializer[Intake]):
    focus = BlankAsNullChoiceField(
        source="suggested_focus", choices=Focus.choices, allow_null=True, read_only=True
    )
    reasons = serializers.JSONField(
        source="suggested_reasons",
        read_only=True,
        help_text="Reason codes with their parameters (e.g. {'code': 'lbt_b1'})",
    )


class FocusDecisionSerializer(serializers.Serializer[Intake]):
    focus = BlankAsNullChoiceField(choices=Focus.choices, allow_null=True, read_only=True)
    note = serializers.CharField(source="focus_note", read_only=True)


class BarrierSerializer(_BarrierBase):
    class Meta:
        model = Barrier
        fields = [
            "id",
            "kind",
            "description",
            "owner",
            "action",
            "status",
            "created_at",
            "solved_at",
        ]
        read_only_fields = fields


class IntakeSerializer(_IntakeBase):
    person = serializers.UUIDField(source="person.public_id", read_only=True)
    completed_steps = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Slugs of the steps saved"
    )
    answers = serializers.JSONField(
        read_only=True,
        help_text="The answers per step (step slug -> field -> value); never health, which "
        "is served by the health action only.",
    )
    work_history = serializers.SerializerMethodField()
    ambitions = serializers.SerializerMethodField()
    barriers = BarrierSerializer(many=True, read_only=True)
    focus_suggested = FocusSuggestionSerializer(
        source="*", read_only=True, help_text="Spil's suggestion (uses no health data)"
    )
    focus_decided = FocusDecisionSerializer(
        source="*", read_only=True, help_text="The client manager's decision; empty until then"
    )

    class Meta:
        model = Intake
        fields = [
            "id",
            "person",
            "status",
            "completed_steps",
            "answers",
            "work_history",
            "ambitions",
            "barriers",
            "focus_suggested",
            "focus_decided",
            "started_at",
            "updated_at",
            "completed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(WorkExperienceSerializer(many=True))
    def get_work_history(self, intake: Intake) -> list[dict[str, Any]]:
        work = intake.step("werk")
        out: list[dict[str, Any]] = []
        for slot in _WORK_SLOTS:
            occupation = _occupation(work.get(f"occupation_{slot}"))
            if occupation is not None:
                years = work.get(f"years_{slot}")
                out.append(
                    {
                        "occupation": occupation,
                        "years": years if isinstance(years, int) else None,
                        "country": str(work.get(f"country_{slot}") or ""),
                    }
                )
        return out

    @extend_schema_field(AmbitionSerializer(many=True))
    def get_ambitions(self, intake: Intake) -> list[dict[str, Any]]:
        ambitions = intake.step("ambities")
        return [
            {
                "kind": kind,
                "occupation": _occupation(ambitions.get(field)),
                "realism": str(ambitions.get(realism) or ""),
            }
            for kind, field, realism in AMBITIONS
            if ambitions.get(field) or ambitions.get(realism)
        ]


class HealthSerializer(_HealthBase):
    intake = serializers.IntegerField(source="intake_id", read_only=True)

    class Meta:
        model = HealthAssessment
        fields = ["intake", *HealthAssessment.DIMENSIONS, "notes", "updated_at"]
        read_only_fields = fields


# --------------------------------------------------------------------------- writes


class IntakeStartSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(help_text="Public id of the person (in your caseload)")


#: The levels the language step takes per skill ("0": no Dutch yet); empty: not assessed.
INTAKE_CEFR_LEVELS = ("0", "A0", "A1", "A2", "B1", "B2", "C1", "C2")


def _cefr_field(label: str) -> serializers.ChoiceField:
    return BlankAsNullChoiceField(
        choices=list(INTAKE_CEFR_LEVELS),
        required=False,
        allow_null=True,
        help_text=f"{label}: CEFR level (A0-C2), 0 for no Dutch yet, null when not assessed",
    )


class IntakeLanguageSerializer(serializers.Serializer[Any]):
    """The language step of the broad intake: the CEFR level per skill."""

    listening = _cefr_field("Listening")
    speaking = _cefr_field("Speaking")
    reading = _cefr_field("Reading")
    writing = _cefr_field("Writing")
    literacy = serializers.ChoiceField(
        choices=["none", "anders_gealfabetiseerd", "analfabeet"], default="none"
    )
    other_languages = serializers.CharField(required=False, allow_blank=True, default="")


class IntakeCompleteSerializer(serializers.Serializer[Any]):
    """The client manager's decision on the focus, which completes the intake."""

    focus = serializers.ChoiceField(choices=Focus.values)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    completed_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day of the conversation that completed the intake (default: today; "
        "an earlier day when it is recorded afterwards); not in the future",
    )
