"""The ketenoverleg: a recurring chain meeting of a gemeente or regio with its partners.

A series (per gemeente or regio, monthly by default) has participants (organisations and
people) and meetings. A meeting has cases (a person, proposed from signals or added by
hand), per case discussion notes and actions. An action is a decision with an owner and a
due date; it lives in the owner's task list as a `dossier.Task`, whose status is the
action's status (one source of truth).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    WEEKLY = "weekly", _("Weekly")


class MeetingSeries(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="chain_meeting_series",
        verbose_name=_("municipality or region"),
    )
    cadence = models.CharField(
        _("how often"), max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    first_date = models.DateField(_("date of the first meeting"))
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=90)
    location = models.CharField(_("place"), max_length=200, blank=True)
    participant_organisations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="chain_meetings_joined",
        verbose_name=_("participating organisations"),
    )
    participant_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="chain_meetings_joined",
        verbose_name=_("participants"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("chain meeting series")
        verbose_name_plural = _("chain meeting series")

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    held_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("chain meeting")
        verbose_name_plural = _("chain meetings")
        constraints = [
            models.UniqueConstraint(fields=["series", "starts_at"], name="meeting_once_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.starts_at:%Y-%m-%d}"

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD


class CaseSource(models.TextChoices):
    SIGNAL = "signal", _("Proposed from signals")
    FOLLOW_UP = "follow_up", _("Open actions from an earlier meeting")
    BY_HAND = "by_hand", _("Added by hand")


class Case(models.Model):
    """A person on a meeting's agenda, and why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="chain_cases"
    )
    source = models.CharField(_("source"), max_length=12, choices=CaseSource.choices)
    # The reasons (signal codes, "open_action") the case was proposed for.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="case_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.person_id}"


class CaseNote(models.Model):
    """The discussion of a case: seen only by participants who may see the person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("discussion note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("discussion note")
        verbose_name_plural = _("discussion notes")

    def __str__(self) -> str:
        return f"{self.case} · {self.created_at:%Y-%m-%d}"


class ChainAction(models.Model):
    """A decision of the meeting: the work is the owner's task (`dossier.Task`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    task = models.OneToOneField(
        "dossier.Task", on_delete=models.CASCADE, related_name="chain_action"
    )
    description = models.CharField(_("decision"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="chain_actions",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.description
