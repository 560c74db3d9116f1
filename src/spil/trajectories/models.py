"""The inburgeringsplicht of a person as Spil follows it: route, level, term, deadlines."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Leerroute(models.TextChoices):
    B1 = "b1", _("B1-route")
    ONDERWIJS = "onderwijs", _("Onderwijsroute")
    Z = "z", _("Z-route")


class Niveau(models.TextChoices):
    B1 = "B1", "B1"
    A2 = "A2", "A2"


class TrajectoryStatus(models.TextChoices):
    NEW = "new", _("New")
    INTAKE = "intake", _("Intake")
    PIP_VASTGESTELD = "pip_vastgesteld", _("PIP established")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    EXEMPT = "exempt", _("Exempt")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MOVED = "moved", _("Moved")
    # DUO's temporary exemption (SS109): the obligation is suspended, not ended; SS129 or
    # SS130 resume the same trajectory with its paused deadlines.
    SUSPENDED = "suspended", _("Suspended (temporary exemption)")


ACTIVE_STATUSES = (
    TrajectoryStatus.NEW,
    TrajectoryStatus.INTAKE,
    TrajectoryStatus.PIP_VASTGESTELD,
    TrajectoryStatus.RUNNING,
)


class EndReason(models.TextChoices):
    EXAM_PASSED = "exam_passed", _("Exam passed (diploma)")
    ZROUTE_COMPLETED = "zroute_completed", _("Z-route completed")
    EXEMPTION = "exemption", _("Full exemption")
    ONTHEFFING = "ontheffing", _("Full dispensation (ontheffing)")
    WITHDRAWN = "withdrawn", _("Obligation withdrawn")
    DECEASED = "deceased", _("Deceased")
    MOVED = "moved", _("Moved to another municipality")
    LEFT_COUNTRY = "left_country", _("Left the Netherlands")


class Trajectory(models.Model):
    person = models.ForeignKey(
        "persons.Person",
        on_delete=models.CASCADE,
        related_name="trajectories",
        verbose_name=_("person"),
    )
    municipality = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TrajectoryStatus.choices, default=TrajectoryStatus.NEW
    )
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    plicht_start = models.DateField(_("start of the obligation"), null=True, blank=True)
    leerroute = models.CharField(
        _("learning route"), max_length=10, choices=Leerroute.choices, blank=True
    )
    niveau = models.CharField(_("level"), max_length=2, choices=Niveau.choices, blank=True)
    leerroute_period_start = models.DateField(
        _("start of the 10-week period"), null=True, blank=True
    )
    pip_dagtekening = models.DateField(_("date of the first PIP"), null=True, blank=True)
    termijn_start = models.DateField(_("start of the term"), null=True, blank=True)
    # Exclusive, like DUO's einddatum: the last day of the term is the day before.
    termijn_end = models.DateField(_("end of the term (exclusive)"), null=True, blank=True)
    termijn_is_estimate = models.BooleanField(
        _("term is Spil's estimate"),
        default=True,
        help_text=_("Until DUO sends the term, Spil shows its own estimate."),
    )
    # Denormalised from the open deadlines, so a caseload sorts by it without a join.
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    next_deadline_kind = models.CharField(_("kind of next deadline"), max_length=30, blank=True)
    last_duo_event_at = models.DateTimeField(_("last DUO event"), null=True, blank=True)
    suspended_from = models.CharField(
        _("status before the suspension"),
        max_length=20,
        choices=TrajectoryStatus.choices,
        blank=True,
        help_text=_("While suspended: the status the trajectory resumes with."),
    )
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        indexes = [
            models.Index(fields=["municipality", "status", "next_deadline"]),
            models.Index(fields=["status", "leerroute"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["new", "intake", "pip_vastgesteld", "running"]),
                name="trajectory_one_active_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"

    @property
    def termijn_last_day(self) -> date | None:
        return self.termijn_end - timedelta(days=1) if self.termijn_end else None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class TermExtension(models.Model):
    """An extension of the inburgeringstermijn, as DUO reported it (SS103 / SS104)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="extensions")
    gebeurtenis_id = models.CharField(_("DUO event"), max_length=6)
    previous_end = models.DateField(_("previous end"), null=True, blank=True)
    new_end = models.DateField(_("new end"))
    ground_code = models.CharField(_("DUO ground code"), max_length=20, blank=True)
    ground_description = models.CharField(_("ground"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["new_end"]
        verbose_name = _("term extension")
        verbose_name_plural = _("term extensions")

    def __str__(self) -> str:
        return f"{self.gebeurtenis_id} → {self.new_end}"


class DeadlineKind(models.TextChoices):
    LEERROUTE = "leerroute", _("Set the learning route (10 weeks)")
    TERMIJN_END = "termijn_end", _("End of the civic integration term")
    ROUTE_SWITCH = "route_switch", _("Last day for a route switch (18 months)")
    AOW = "aow", _("State pension age reached")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("No longer applies")
    PAUSED = "paused", _("Paused (obligation suspended)")


class Deadline(models.Model):
    """A date that matters, with the rule version that produced it (never rewritten)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices)
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    is_estimate = models.BooleanField(_("estimate"), default=False)
    rule_key = models.CharField(_("rule"), max_length=60)
    rule_valid_from = models.DateField(_("rule in force from"))
    rule_source = models.TextField(_("source"))
    rule_checked_on = models.DateField(_("source checked on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [models.Index(fields=["status", "due"])]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "kind"],
                condition=models.Q(status="open"),
                name="deadline_one_open_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"
