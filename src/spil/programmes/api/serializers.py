from __future__ import annotations

from typing import Any

from rest_framework import serializers

from spil.core.api.serializers import BlankAsNullChoiceField, ModelSerializer
from spil.programmes.models import (
    CEFR_LEVELS,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    Group,
    LanguageResult,
    Phase,
    PhaseComponent,
    ProgrammeTemplate,
    ResultKind,
)


class ComponentSerializer(ModelSerializer[PhaseComponent]):
    class Meta:
        model = PhaseComponent
        fields = ["kind", "hours_per_week", "day_parts", "moment", "note"]


class PhaseSerializer(ModelSerializer[Phase]):
    components = ComponentSerializer(many=True, read_only=True)

    class Meta:
        model = Phase
        fields = ["order", "name", "duration_weeks", "components"]


class ProgrammeTemplateSerializer(ModelSerializer[ProgrammeTemplate]):
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = ProgrammeTemplate
        fields = ["code", "name", "target_group", "source", "description", "is_active", "phases"]


class GroupSerializer(ModelSerializer[Group]):
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
            "elearning",
            "participants",
            "weekday",
            "moment",
            "start_time",
            "end_time",
            "start_date",
            "session_count",
            "interval_weeks",
        ]


class EnrolmentSerializer(ModelSerializer[Enrolment]):
    """A person's programme (dual trajectory); the person by public id only."""

    person = serializers.UUIDField(source="person.public_id", read_only=True)
    template = serializers.CharField(source="template.code", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "person", "template", "start_date", "status", "ended_on", "pip_version"]
        read_only_fields = fields


class EnrolmentCreateSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(help_text="Public id of the person")
    template = serializers.SlugField(help_text="Code of the programme template")
    start_date = serializers.DateField(
        help_text="First day; the week plan starts on the Monday of that week"
    )


class EnrolmentEndSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=[EnrolmentStatus.COMPLETED.value, EnrolmentStatus.STOPPED.value]
    )
    on = serializers.DateField(help_text="The day the person completed or stopped")


class LanguageResultSerializer(ModelSerializer[LanguageResult]):
    person = serializers.UUIDField(source="person.public_id")
    level = serializers.ChoiceField(choices=list(CEFR_LEVELS), help_text="CEFR level, A0 … C2")
    provider = serializers.CharField(
        source="provider.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = LanguageResult
        fields = ["id", "person", "skill", "level", "on", "provider"]
        read_only_fields = ["id", "provider"]


class MemberCreateSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(help_text="Public id of the person (in your caseload)")


class MemberSerializer(serializers.Serializer[Any]):
    group = serializers.CharField(source="group.code")
    person = serializers.UUIDField(source="person.public_id")
    added_at = serializers.DateTimeField()


class AttendanceWriteSerializer(serializers.Serializer[Any]):
    """One participant's attendance of one session of the group."""

    session = serializers.IntegerField(min_value=1, help_text="The session's number (1, 2, …)")
    person = serializers.UUIDField(help_text="Public id of a participant of the group")
    status = serializers.ChoiceField(choices=AttendanceStatus.values)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class AttendanceSerializer(serializers.Serializer[Any]):
    session = serializers.IntegerField(source="session.number")
    person = serializers.UUIDField(source="person.public_id")
    status = serializers.CharField()
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Hours credited for the session"
    )


class DuoResultCreateSerializer(serializers.Serializer[Any]):
    """A MAP's final meeting, a signed participation statement or a completed Z-route, as
    sent to DUO."""

    person = serializers.UUIDField(help_text="Public id of the person (in your caseload)")
    kind = serializers.ChoiceField(choices=ResultKind.values)
    on = serializers.DateField(help_text="The day of the result; not in the future")
    verwijtbaar = BlankAsNullChoiceField(
        choices=["Nee", "Ja"],
        required=False,
        allow_null=True,
        help_text="Only when the day lies on or after the end of the term: culpable or not",
    )


class DuoResultSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(source="person.public_id")
    kind = serializers.CharField()
    on = serializers.DateField()
    verwijtbaar = serializers.CharField()
    sent_at = serializers.DateTimeField()
