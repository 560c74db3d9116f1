"""What partner systems send and get. A participant's answer holds identity and only the
categories the organisation's basis covers (`participant_data`); the serializers below
describe the fields for the OpenAPI document, each marked with its category."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from spil.audit.purposes import DataCategory
from spil.partner_api.queries import ParticipantDetails
from spil.persons.models import Person
from spil.programmes.models import CEFR_LEVELS, AttendanceStatus, HoursComponent, Skill


def _not_in_future(day: date) -> None:
    if day > timezone.localdate():
        raise serializers.ValidationError(_("The date lies in the future."))


class ParticipantSerializer(serializers.Serializer[Person]):
    """Identity (always, with a basis)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    given_names = serializers.CharField(read_only=True)
    family_name = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)


class PartnerTrajectorySerializer(serializers.Serializer[Any]):
    status = serializers.CharField(read_only=True)
    leerroute = serializers.CharField(read_only=True)
    termijn_end = serializers.DateField(read_only=True, allow_null=True)


class GroupRefSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)


class LanguageLevelSerializer(serializers.Serializer[Any]):
    skill = serializers.ChoiceField(choices=Skill.choices, read_only=True)
    level = serializers.CharField(read_only=True)
    on = serializers.DateField(read_only=True)


class ParticipantDetailSerializer(ParticipantSerializer):
    """Schema only: the answer is made by `participant_data`, category by category."""

    categories = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The data categories this answer holds (the organisation's basis).",
    )
    bsn = serializers.CharField(read_only=True, required=False, help_text="Category bsn.")
    phone = serializers.CharField(read_only=True, required=False, help_text="Category contact.")
    email = serializers.CharField(read_only=True, required=False, help_text="Category contact.")
    preferred_language = serializers.CharField(
        read_only=True, required=False, help_text="Category contact."
    )
    interpreter_needed = serializers.BooleanField(
        read_only=True, required=False, help_text="Category contact."
    )
    street = serializers.CharField(read_only=True, required=False, help_text="Category address.")
    postcode = serializers.CharField(read_only=True, required=False, help_text="Category address.")
    city = serializers.CharField(read_only=True, required=False, help_text="Category address.")
    trajectory = PartnerTrajectorySerializer(
        read_only=True, required=False, allow_null=True, help_text="Category trajectory."
    )
    groups = GroupRefSerializer(
        many=True,
        read_only=True,
        required=False,
        help_text="Category trajectory: the organisation's groups the person is in.",
    )
    language_levels = LanguageLevelSerializer(
        many=True,
        read_only=True,
        required=False,
        help_text="Category language: the latest CEFR level per skill.",
    )


def participant_data(details: ParticipantDetails) -> dict[str, Any]:
    """The answer about one participant: identity, plus each category the basis covers.
    A field of a category outside the basis is never read into it."""
    person = details.person
    shown = details.shown_categories
    data: dict[str, Any] = dict(ParticipantSerializer(person).data)
    data["categories"] = [str(c) for c in shown]
    if DataCategory.BSN in shown:
        data["bsn"] = person.bsn
    if DataCategory.CONTACT in shown:
        data["phone"] = person.phone
        data["email"] = person.email
        data["preferred_language"] = person.preferred_language
        data["interpreter_needed"] = person.interpreter_needed
    if DataCategory.ADDRESS in shown:
        data["street"] = person.street
        data["postcode"] = person.postcode
        data["city"] = person.city
    if DataCategory.TRAJECTORY in shown:
        trajectory = details.trajectory
        data["trajectory"] = (
            {
                "status": trajectory.status,
                "leerroute": trajectory.leerroute,
                "termijn_end": (
                    trajectory.termijn_end.isoformat() if trajectory.termijn_end else None
                ),
            }
            if trajectory is not None
            else None
        )
        data["groups"] = details.groups
    if DataCategory.LANGUAGE in shown:
        data["language_levels"] = [
            {"skill": r.skill, "level": r.level, "on": r.on.isoformat()}
            for r in details.language_levels
        ]
    return data


class WeekSessionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    group = GroupRefSerializer(read_only=True)
    number = serializers.IntegerField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    topic = serializers.CharField(read_only=True)
    location = serializers.CharField(read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)


class WeekPlanSerializer(serializers.Serializer[Any]):
    week = serializers.CharField(read_only=True, help_text="ISO week, e.g. 2026-W48.")
    starts_on = serializers.DateField(read_only=True)
    sessions = WeekSessionSerializer(many=True, read_only=True)


class AttendanceInSerializer(serializers.Serializer[Any]):
    session = serializers.IntegerField(min_value=1, help_text="Id of a session (week plan).")
    person = serializers.UUIDField(help_text="Id of a participant.")
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


CHANGE_OUTCOMES = [("created", "created"), ("updated", "updated"), ("unchanged", "unchanged")]


class ChangeOutcomeSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(
        choices=CHANGE_OUTCOMES,
        read_only=True,
        help_text="Posting the same again changes nothing (safe to retry).",
    )


class AttendanceOutSerializer(ChangeOutcomeSerializer):
    session = serializers.IntegerField(read_only=True)
    person = serializers.UUIDField(read_only=True)
    status = serializers.ChoiceField(choices=AttendanceStatus.choices, read_only=True)
    reason = serializers.CharField(read_only=True)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True)


class HoursInSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(help_text="Id of a participant.")
    component = serializers.ChoiceField(choices=HoursComponent.choices)
    on = serializers.DateField(validators=[_not_in_future])
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal(0), max_value=Decimal(24)
    )


class HoursOutSerializer(ChangeOutcomeSerializer):
    person = serializers.UUIDField(read_only=True)
    component = serializers.ChoiceField(choices=HoursComponent.choices, read_only=True)
    on = serializers.DateField(read_only=True)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True)


class ResultInSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(help_text="Id of a participant.")
    skill = serializers.ChoiceField(choices=Skill.choices)
    level = serializers.ChoiceField(choices=[(level, level) for level in CEFR_LEVELS])
    on = serializers.DateField(validators=[_not_in_future])


class ResultOutSerializer(ChangeOutcomeSerializer):
    person = serializers.UUIDField(read_only=True)
    skill = serializers.ChoiceField(choices=Skill.choices, read_only=True)
    level = serializers.CharField(read_only=True)
    on = serializers.DateField(read_only=True)
