"""The brede intake: a structured conversation in steps, saved per step and resumable.

The answers of each step live in `Intake.answers` (one JSON object per step), so a step can
grow a question without a migration. Health is special-category data (AVG art. 9): it is
kept apart in `HealthAssessment` and read only through `intake.queries.health_for_user`
with the purpose `brede_intake_gezondheid`. Barriers are rows of their own, so they can be
followed (owner, action, status) until they are solved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Focus(models.TextChoices):
    EDUCATION = "education", _("Education")
    PARTICIPATION = "participation", _("Participation")
    STABILISATION = "stabilisation", _("Stabilisation")


class Intake(models.Model):
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="intakes", verbose_name=_("person")
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes",
        verbose_name=_("trajectory"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IntakeStatus.choices,
        default=IntakeStatus.IN_PROGRESS,
    )
    answers = models.JSONField(_("answers per step"), default=dict, blank=True)
    completed_steps = models.JSONField(_("completed steps"), default=list, blank=True)
    suggested_focus = models.CharField(
        _("suggested focus"), max_length=20, choices=Focus.choices, blank=True
    )
    suggested_reasons = models.JSONField(_("reasons for the suggestion"), default=list, blank=True)
    focus = models.CharField(_("focus"), max_length=20, choices=Focus.choices, blank=True)
    focus_note = models.TextField(_("why this focus"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("broad intake")
        verbose_name_plural = _("broad intakes")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"

    def step(self, name: str) -> dict[str, object]:
        value = self.answers.get(name, {})
        return value if isinstance(value, dict) else {}


class HealthAssessment(models.Model):
    """The six dimensions of positive health (Huber), 0-10, with notes. Special category."""

    intake = models.OneToOneField(
        Intake, on_delete=models.CASCADE, related_name="health", verbose_name=_("intake")
    )
    bodily_functions = models.PositiveSmallIntegerField(_("bodily functions"), null=True)
    mental_wellbeing = models.PositiveSmallIntegerField(_("mental well-being"), null=True)
    meaningfulness = models.PositiveSmallIntegerField(_("meaningfulness"), null=True)
    quality_of_life = models.PositiveSmallIntegerField(_("quality of life"), null=True)
    participation = models.PositiveSmallIntegerField(_("participation"), null=True)
    daily_functioning = models.PositiveSmallIntegerField(_("daily functioning"), null=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    DIMENSIONS = (
        "bodily_functions",
        "mental_wellbeing",
        "meaningfulness",
        "quality_of_life",
        "participation",
        "daily_functioning",
    )

    class Meta:
        verbose_name = _("health assessment")
        verbose_name_plural = _("health assessments")

    def __str__(self) -> str:
        return f"health #{self.pk}"


class BarrierKind(models.TextChoices):
    CHILDCARE = "childcare", _("Childcare")
    TRANSPORT = "transport", _("Transport")
    HEALTH = "health", _("Health")
    CARE_DUTIES = "care_duties", _("Care duties")
    DEBTS = "debts", _("Debts")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Other")


class BarrierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being worked on")
    SOLVED = "solved", _("Solved")


class Barrier(models.Model):
    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="barriers", verbose_name=_("intake")
    )
    person = models.ForeignKey(
        "persons.Person",
        on_delete=models.CASCADE,
        related_name="barriers",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind of barrier"), max_length=20, choices=BarrierKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Who takes this up"))
    action = models.CharField(_("action"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=BarrierStatus.choices, default=BarrierStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_status_display()}"
