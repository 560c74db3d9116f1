from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from spil.core.api.serializers import ModelSerializer
from spil.dossier import queries as dossier_queries
from spil.dossier import texts
from spil.dossier.models import Appointment, ContactKind, ContactMoment, Task
from spil.persons.models import Person
from spil.trajectories.models import TrajectoryStatus


class TaskSerializer(ModelSerializer[Task]):
    person = serializers.UUIDField(source="person.public_id", read_only=True)
    title = serializers.SerializerMethodField()
    assignee = serializers.CharField(source="assignee.username", read_only=True, default=None)

    class Meta:
        model = Task
        fields = [
            "id",
            "person",
            "code",
            "title",
            "due",
            "status",
            "assignee",
            "created_at",
            "done_at",
        ]
        read_only_fields = fields

    def get_title(self, task: Task) -> str:
        return texts.task_title(task.code, task.title)


class TaskCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    due = serializers.DateField(required=False, allow_null=True)


class ContactMomentSerializer(ModelSerializer[ContactMoment]):
    person = serializers.UUIDField(source="person.public_id", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    interpreter_language = serializers.CharField(
        max_length=3, required=False, allow_blank=True, help_text="ISO 639-3 code"
    )

    class Meta:
        model = ContactMoment
        fields = [
            "id",
            "person",
            "kind",
            "date",
            "interpreter_present",
            "interpreter_language",
            "peer_expert_present",
            "other_participants",
            "notes",
            "author",
            "created_at",
        ]
        read_only_fields = ["id", "person", "author", "created_at"]
        extra_kwargs = {"notes": {"max_length": 10_000}}

    def validate_date(self, value: date) -> date:
        if value > timezone.localdate():
            raise serializers.ValidationError(
                _("The date of the contact cannot lie in the future.")
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("interpreter_present") and not attrs.get("interpreter_language"):
            raise serializers.ValidationError(
                {"interpreter_language": "Required when an interpreter was present."}
            )
        return attrs


class AppointmentSerializer(ModelSerializer[Appointment]):
    person = serializers.UUIDField(source="person.public_id", read_only=True)
    planned_by = serializers.CharField(source="planned_by.username", read_only=True, default=None)
    ends_at = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = [
            "id",
            "person",
            "kind",
            "starts_at",
            "duration_minutes",
            "ends_at",
            "location",
            "interpreter_language",
            "status",
            "cancelled_reason",
            "planned_by",
            "reminder_sent_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_ends_at(self, appointment: Appointment) -> datetime:
        return appointment.starts_at + timedelta(minutes=appointment.duration_minutes)


class AppointmentPlanSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    starts_at = serializers.DateTimeField(help_text="In the future; local time when no offset")
    duration_minutes = serializers.IntegerField(default=60, help_text="5 to 480; same day")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    interpreter_language = serializers.CharField(
        max_length=3, required=False, allow_blank=True, help_text="ISO 639-3 code"
    )


class AppointmentCancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class PersonSerializer(ModelSerializer[Person]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality = serializers.CharField(source="municipality.name", read_only=True)
    regisseur = serializers.CharField(
        source="regisseur.username", read_only=True, allow_null=True, default=None
    )
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


#: The `status` filter of the persons list and search.
PERSON_STATUSES = [*TrajectoryStatus.values, dossier_queries.ACTIVE, dossier_queries.NO_TRAJECTORY]
PERSON_STATUS_HELP = (
    "Status of the trajectory; 'active' for any active status, "
    "'none' for persons without a trajectory."
)


class PersonSearchSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        max_length=100,
        help_text="A complete BSN (9 digits passing the 11-check; any other number is "
        "refused with 400), or a name (every word matches a given or family name)",
    )
    status = serializers.ChoiceField(
        choices=PERSON_STATUSES, required=False, help_text=PERSON_STATUS_HELP
    )
