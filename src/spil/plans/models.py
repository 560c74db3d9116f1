"""The PIP (Plan Inburgering en Participatie) with its versions.

A `Pip` belongs to a person; each change is a `PipVersion`: a draft, then vastgesteld
(the decision, with its dagtekening), later superseded by a revision. Versions are never
rewritten once vastgesteld, so the history and the difference between versions stay
visible. What DUO answered to each vastgestelde version is kept on that version.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.trajectories.models import Leerroute, Niveau


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VASTGESTELD = "vastgesteld", _("Established (vastgesteld)")
    SUPERSEDED = "superseded", _("Superseded by a revision")


class Alfabetisering(models.TextChoices):
    NVT = "NVT", _("Not applicable")
    A = "A", _("Literacy education (analfabeet)")
    AA = "AA", _("Latin-script education (anders gealfabetiseerd)")


class DuoStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent to DUO")
    PENDING = "pending", _("Waiting to be sent to DUO")
    SENDING = "sending", _("Being sent to DUO")
    ACCEPTED = "accepted", _("Accepted by DUO")
    REFUSED = "refused", _("Refused by DUO")
    UNAVAILABLE = "unavailable", _("DUO could not be reached; will be sent again")


class Pip(models.Model):
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="pips", verbose_name=_("person")
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pips",
        verbose_name=_("trajectory"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revision_needed_reason = models.CharField(
        _("revision needed because"), max_length=40, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("PIP")
        verbose_name_plural = _("PIPs")

    def __str__(self) -> str:
        return f"PIP {self.person}"


class PipVersion(models.Model):
    pip = models.ForeignKey(Pip, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    leerroute = models.CharField(_("learning route"), max_length=10, choices=Leerroute.choices)
    niveau = models.CharField(_("level"), max_length=2, choices=Niveau.choices, blank=True)
    geschatte_intensiteit = models.PositiveSmallIntegerField(
        _("estimated intensity (B1-route, asylum only)"),
        null=True,
        blank=True,
        help_text=_("Hours per week of language learning DUO is told about"),
    )
    alfabetisering = models.CharField(
        _("literacy education indicator"),
        max_length=3,
        choices=Alfabetisering.choices,
        default=Alfabetisering.NVT,
    )
    mag_opleiding_afmaken = models.BooleanField(
        _("may finish the current education"), default=False
    )
    childcare_arranged = models.BooleanField(_("childcare arranged"), default=False)
    transport = models.CharField(_("transport"), max_length=300, blank=True)
    interpreter = models.BooleanField(_("interpreter provided"), default=False)
    coach_roles = models.CharField(_("coaches and their roles"), max_length=500, blank=True)
    support = models.TextField(_("other support"), blank=True)
    goal_language = models.TextField(_("goals: language"), blank=True)
    goal_work = models.TextField(_("goals: work and participation"), blank=True)
    goal_self_reliance = models.TextField(_("goals: self-reliance"), blank=True)
    goal_other = models.TextField(_("goals: other domains"), blank=True)
    progress_every_weeks = models.PositiveSmallIntegerField(
        _("progress meeting every (weeks)"), default=12
    )
    first_progress_meeting = models.DateField(_("first progress meeting"), null=True, blank=True)
    acknowledged_on = models.DateField(
        _("discussed with and acknowledged by the newcomer on"), null=True, blank=True
    )
    acknowledgement_note = models.CharField(_("acknowledgement note"), max_length=500, blank=True)
    change_note = models.CharField(_("reason for this version"), max_length=500, blank=True)
    dagtekening = models.DateField(_("date of the decision (dagtekening)"), null=True, blank=True)
    route_switch_late = models.BooleanField(
        _("route switch after 18 months, confirmed"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    vastgesteld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    vastgesteld_at = models.DateTimeField(_("established at"), null=True, blank=True)
    duo_status = models.CharField(
        _("DUO"), max_length=20, choices=DuoStatus.choices, default=DuoStatus.NOT_SENT
    )
    duo_message = models.TextField(_("DUO's answer"), blank=True)
    duo_sent_at = models.DateTimeField(_("sent to DUO"), null=True, blank=True)
    duo_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    duo_bericht_id = models.UUIDField(
        _("message id sent to DUO (berichtId)"),
        null=True,
        blank=True,
        help_text=_(
            "Kept until DUO answers, so a resend after a timeout is the same message to DUO."
        ),
    )

    class Meta:
        ordering = ["pip", "number"]
        verbose_name = _("PIP version")
        verbose_name_plural = _("PIP versions")
        constraints = [
            models.UniqueConstraint(fields=["pip", "number"], name="pipversion_unique_number"),
            models.UniqueConstraint(
                fields=["pip"],
                condition=models.Q(status="draft"),
                name="pipversion_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"PIP v{self.number} · {self.get_status_display()}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class ComponentKind(models.TextChoices):
    LANGUAGE = "language", _("Language")
    KNM = "knm", _("Knowledge of Dutch society (KNM)")
    MAP = "map", _("Labour market and participation module (MAP)")
    PVT = "pvt", _("Participation statement (PVT)")
    PARTICIPATION = "participation", _("Participation / work")
    DUAL = "dual", _("Dual trajectory (language and work)")


#: Components that count towards the Z-route's language hours; the others to participation.
ZROUTE_LANGUAGE = frozenset({ComponentKind.LANGUAGE})


class PipComponent(models.Model):
    version = models.ForeignKey(PipVersion, on_delete=models.CASCADE, related_name="components")
    kind = models.CharField(_("component"), max_length=20, choices=ComponentKind.choices)
    provider = models.CharField(_("provider organisation"), max_length=200)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, default=Decimal(0)
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    planned_hours = models.PositiveIntegerField(
        _("planned hours in total"),
        null=True,
        blank=True,
        help_text=_("Empty: hours per week times the number of weeks"),
    )

    class Meta:
        ordering = ["start", "kind", "pk"]
        verbose_name = _("PIP component")
        verbose_name_plural = _("PIP components")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.provider}"

    @property
    def total_hours(self) -> int:
        if self.planned_hours is not None:
            return self.planned_hours
        return weeks_hours(self.hours_per_week, self.start, self.end)


def weeks_hours(per_week: Decimal, start: date, end: date) -> int:
    weeks = max(0, (end - start).days + 1) / 7
    return round(float(per_week) * weeks)
