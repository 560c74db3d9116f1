"""Peer coaches (ervaringsdeskundigen, sleutelpersonen): the register of coaches, their
assignment to a newcomer and the activities and hours they log.

A coach works for a peer-coach organisation (welzijn or other) and sees a newcomer only
while an assignment runs *and* the newcomer's consent for peer support is in place
(`queries.consent_in_place`). Writes go through `services.py` only.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Organisation types that field peer coaches.
COACH_ORGANISATION_TYPES = ("welzijn", "other")


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")


class CoachKind(models.TextChoices):
    PAID = "paid", _("Paid")
    VOLUNTEER = "volunteer", _("Volunteer")


class PeerCoach(models.Model):
    """A coach in the register. `user` is their own sign-in (role buddy), when they have one."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="peer_coaches",
        verbose_name=_("organisation"),
        limit_choices_to={"type__in": COACH_ORGANISATION_TYPES},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_coach",
        verbose_name=_("sign-in"),
    )
    display_name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639-3 codes")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    # spil.core.week.DayPart numbers (Monday morning 0 … Sunday evening 20), as offers store them
    availability = models.JSONField(_("available"), default=list, blank=True)
    kind = models.CharField(
        _("paid or volunteer"), max_length=10, choices=CoachKind.choices, default=CoachKind.PAID
    )
    hourly_rate = models.DecimalField(
        _("hourly rate (euro)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name = _("peer coach")
        verbose_name_plural = _("peer coaches")

    def __str__(self) -> str:
        return self.display_name


class Assignment(models.Model):
    """A coach assigned to a newcomer. Runs from `started_on` until `ended_on`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    coach = models.ForeignKey(
        PeerCoach, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("coach")
    )
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="peer_coach_assignments"
    )
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("end"), null=True, blank=True)
    reason = models.TextField(_("what the coach helps with"), blank=True)
    gender_preference = models.CharField(
        _("newcomer's preference for the coach's gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("peer coach assignment")
        verbose_name_plural = _("peer coach assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "person"],
                condition=models.Q(ended_on__isnull=True),
                name="peer_assignment_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.coach} · {self.started_on}"


class ActivityKind(models.TextChoices):
    FIRST_SESSION = "first_session", _("Went along to the first session")
    PUBLIC_TRANSPORT = "public_transport", _("First trip by public transport")
    FIRST_WORKDAY = "first_workday", _("Went along on the first workday")
    APPOINTMENT = "appointment", _("Went along to an appointment")
    OTHER = "other", _("Other support")


#: from a quarter of an hour up to one long day per activity
MIN_MINUTES = 15
MAX_MINUTES = 12 * 60


class Activity(models.Model):
    """What a coach did with the newcomer on one day, and how long it took."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("date"))
    kind = models.CharField(_("activity"), max_length=20, choices=ActivityKind.choices)
    minutes = models.PositiveIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("peer coach activity")
        verbose_name_plural = _("peer coach activities")
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"
