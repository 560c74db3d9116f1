"""The MAP e-learning: modules per MAP theme in versions, the municipality's choice of
themes and window (per programme template or group), and each newcomer's progress, answers,
questions to the trainer and the trainer's confirmation.

A module's content is one JSON document per version (``content``, see ``content.py``):
pages of text and check questions with their texts per language. A newcomer keeps the
version they started; editing a module makes a new version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Module(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    theme = models.CharField(_("MAP theme"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("e-learning module")
        verbose_name_plural = _("e-learning modules")

    def __str__(self) -> str:
        return self.code


class ModuleVersion(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["module", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="elearning_version_once")
        ]
        verbose_name = _("module version")
        verbose_name_plural = _("module versions")

    def __str__(self) -> str:
        return f"{self.module.code} v{self.number}"


class Setting(models.Model):
    """The municipality's choice: which MAP themes are followed as e-learning, within how
    many weeks, and whether the time spent counts as MAP practice hours (capped per module).
    Set per programme template or per group (a group's setting goes first)."""

    template = models.OneToOneField(
        "programmes.ProgrammeTemplate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="elearning_setting",
        verbose_name=_("programme template"),
    )
    group = models.OneToOneField(
        "programmes.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="elearning_setting",
        verbose_name=_("group"),
    )
    themes = models.JSONField(_("themes as e-learning"), default=list)
    window_weeks = models.PositiveSmallIntegerField(
        _("weeks to finish"), default=9, validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    counts_as_practice_hours = models.BooleanField(
        _("time spent counts as MAP practice hours"), default=False
    )
    cap_hours_per_module = models.DecimalField(
        _("at most hours per module"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("e-learning setting")
        verbose_name_plural = _("e-learning settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(template__isnull=True, group__isnull=False)
                | models.Q(template__isnull=False, group__isnull=True),
                name="elearning_setting_template_or_group",
            )
        ]

    def __str__(self) -> str:
        return str(self.group or self.template)


class Progress(models.Model):
    """A newcomer's work on one module, in the version they started."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="+")
    pages_done = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    seconds_spent = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["module__order", "module__code"]
        constraints = [
            models.UniqueConstraint(fields=["person", "module"], name="elearning_progress_once")
        ]
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")

    def __str__(self) -> str:
        return f"{self.module.code}: {len(self.pages_done)}"


class Completion(models.Model):
    """All modules of a newcomer's e-learning are done: the trainer reviews and confirms;
    the report goes into the dossier and the klantmanager plans the eindgesprek."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="completions")
    finished_at = models.DateTimeField(_("finished"))
    trainer_notified_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trainer_note = models.TextField(_("note of the trainer"), blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("reviewers"),
        help_text=_(
            "Who was told to review when it finished: the trainers of the person's MAP group; "
            "without a group, the trainers of the MAP provider, or else the client manager"
        ),
    )

    class Meta:
        ordering = ["-finished_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "setting"], name="elearning_completion_once")
        ]
        verbose_name = _("e-learning completion")
        verbose_name_plural = _("e-learning completions")

    def __str__(self) -> str:
        return f"{self.person_id} {self.finished_at:%Y-%m-%d}"


class Question(models.Model):
    """A question the newcomer sent from a page of a module; the trainer answers in Spil."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    page = models.PositiveSmallIntegerField(_("page"))
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("reviewers"),
        help_text=_(
            "Who was told to answer: the trainers of the person's MAP group; without a group, "
            "the trainers of the MAP provider, or else the client manager"
        ),
    )

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("question to the trainer")
        verbose_name_plural = _("questions to the trainer")

    def __str__(self) -> str:
        return f"{self.module.code} p{self.page}"


class WindowReminder(models.Model):
    """The end-of-window reminder, claimed before it is sent (once per window)."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="+")
    window_end = models.DateField()
    channel = models.CharField(max_length=10, default="email")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "setting", "window_end", "channel"],
                name="elearning_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.window_end}"
