"""What happened with a person, what must happen, and what needs attention."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineKind(models.TextChoices):
    DUO_EVENT = "duo_event", _("DUO event")
    TASK_CREATED = "task_created", _("Task created")
    TASK_DONE = "task_done", _("Task done")
    SIGNAL = "signal", _("Signal")
    CONTACT_MOMENT = "contact_moment", _("Contact moment")
    STATUS_CHANGE = "status_change", _("Status changed")
    REASSIGNED = "reassigned", _("Client manager changed")
    HANDOVER = "handover", _("Handed over to another municipality")
    DEADLINE = "deadline", _("Deadline set")
    DETAILS_CHANGED = "details_changed", _("Personal details changed")
    APPOINTMENT_PLANNED = "appointment_planned", _("Appointment planned")
    APPOINTMENT_CANCELLED = "appointment_cancelled", _("Appointment cancelled")
    ACCESS = "access", _("Access for an organisation given or ended")
    CHAIN_MEETING = "chain_meeting", _("Discussed in the ketenoverleg")
    PEER_COACH = "peer_coach", _("Peer coach")
    ELEARNING = "elearning", _("MAP e-learning")
    DOCUMENT = "document", _("Document added")
    MILESTONE = "milestone", _("Programme milestone done")


class TimelineEntry(models.Model):
    """One line in a person's dossier timeline. Written by services of every app."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="timeline")
    occurred_at = models.DateTimeField(_("when"))
    kind = models.CharField(_("kind"), max_length=30, choices=TimelineKind.choices)
    # A stable code (e.g. a DUO gebeurtenisId, a task kind) and parameters, rendered in
    # the reader's language at display time; `text` holds free text typed by a user.
    code = models.CharField(_("code"), max_length=40, blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["person", "-occurred_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="tasks")
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    code = models.CharField(_("kind"), max_length=40, blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("assignee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    source_key = models.CharField(
        _("source"),
        max_length=80,
        blank=True,
        help_text=_("What created the task (e.g. a DUO message id); makes creation idempotent."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["status", "due", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["assignee", "status", "due"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "code", "source_key"],
                condition=~models.Q(source_key=""),
                name="task_unique_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.code


class SignalSeverity(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Attention")
    URGENT = "urgent", _("Urgent")


class Signal(models.Model):
    """Something that needs the regisseur's attention until it is resolved."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="signals")
    code = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("details"), default=dict, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=SignalSeverity.choices, default=SignalSeverity.WARNING
    )
    raised_at = models.DateTimeField(_("raised"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [
            models.Index(fields=["person", "resolved_at"]),
            models.Index(fields=["code", "resolved_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "code"],
                condition=models.Q(resolved_at__isnull=True),
                name="signal_one_open_per_code",
            )
        ]

    def __str__(self) -> str:
        return self.code


class ContactKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    PROGRESS = "progress", _("Progress meeting")
    HOME_VISIT = "home_visit", _("Home visit")
    EINDGESPREK = "eindgesprek", _("Final meeting (eindgesprek)")
    OTHER = "other", _("Other")


class ContactMoment(models.Model):
    """A gespreksverslag."""

    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="contact_moments"
    )
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    date = models.DateField(_("date"))
    interpreter_present = models.BooleanField(_("interpreter present"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=3, blank=True)
    peer_expert_present = models.BooleanField(_("peer expert present"), default=False)
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


class Appointment(models.Model):
    """A meeting planned with the person; the contact moment records what happened."""

    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="appointments"
    )
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=60)
    location = models.CharField(_("location"), max_length=200, blank=True)
    interpreter_language = models.CharField(
        _("interpreter language"),
        max_length=3,
        blank=True,
        help_text=_("ISO 639-3 code; empty when no interpreter is needed."),
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["person", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class Document(models.Model):
    """A document in the person's file (e.g. the MAP e-learning report), stored with the
    file itself; added by a service of any app through ``services.add_document``."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, default="application/pdf")
    content = models.BinaryField(editable=False)
    source_key = models.CharField(
        _("source"),
        max_length=80,
        blank=True,
        help_text=_("What made the document; makes adding it idempotent."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "code", "source_key"],
                condition=~models.Q(source_key=""),
                name="document_unique_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CaseloadView(models.Model):
    """A klantmanager's caseload filters: the last ones used (`name` empty), so a returning
    user sees their caseload as they left it, and views they saved under a name. `params`
    holds the filter form's fields by name (never the search text: that may be a BSN)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_views"
    )
    name = models.CharField(_("name"), max_length=60, blank=True)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("caseload view")
        verbose_name_plural = _("caseload views")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="caseload_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name or "(last used)"
