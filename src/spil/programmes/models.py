"""Programmes (templates of a dual trajectory), a person's week plan, groups and sessions,
attendance, credited hours, language results and the results that go to DUO.

A programme template has phases with a duration in weeks; each phase has weekly components
(language, KNM, MAP, PVT, work, ...) with hours and day-parts. Enrolling a person copies the
template into their own week plan (``PlanItem`` rows with dates), which can then differ from
the template without changing it.
"""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.core.week import Moment


class ComponentKind(models.TextChoices):
    LANGUAGE = "language", _("Language lessons")
    KNM = "knm", _("Knowledge of Dutch society (KNM)")
    MAP = "map", _("MAP session")
    PVT = "pvt", _("Participation statement (PVT)")
    WORK = "work", _("Work")
    INTERNSHIP = "internship", _("Internship or work experience")
    VOLUNTEERING = "volunteering", _("Volunteering")
    VOCATIONAL = "vocational", _("Vocational training")
    SPORT = "sport", _("Sport")
    SELF_RELIANCE = "self_reliance", _("Self-reliance module")
    WORKSHOP = "workshop", _("Workshops and training")
    COACHING = "coaching", _("Coaching")
    EXAM = "exam", _("Exam preparation")


#: Components whose hours count as participation on the Z-route; language and KNM count as
#: language (``HoursComponent``).
PARTICIPATION_KINDS = frozenset(
    {
        ComponentKind.WORK,
        ComponentKind.INTERNSHIP,
        ComponentKind.VOLUNTEERING,
        ComponentKind.VOCATIONAL,
        ComponentKind.SPORT,
        ComponentKind.SELF_RELIANCE,
        ComponentKind.WORKSHOP,
        ComponentKind.COACHING,
    }
)


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    EVERY_OTHER_WEEK = "every_other_week", _("Every other week")
    SESSIONS = "sessions", _("A number of sessions")


class ChainMeetingCadence(models.TextChoices):
    """How often the programme's partners meet (the values of ``ketenoverleg.Cadence``,
    which reads this to plan the meetings: ketenoverleg sits above programmes)."""

    NONE = "", _("No chain meeting")
    MONTHLY = "monthly", _("Monthly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    WEEKLY = "weekly", _("Weekly")


class GroupForming(models.TextChoices):
    NONE = "", _("One group")
    INTAKE_FOCUS = "intake_focus", _("By the focus set in the intake")
    TALENT_SCAN = "talent_scan", _("By a talent scan (focus set in the intake)")
    TIME_IN_NL = "time_in_nl", _("By time in the Netherlands")
    EXEMPTION = "exemption", _("By whether exemption is sought")
    READINESS = "readiness", _("By readiness for work")


class ProgrammeTemplate(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the programme comes from")
    )
    is_active = models.BooleanField(_("active"), default=True)
    entry_level = models.CharField(
        _("language level to start"),
        max_length=2,
        blank=True,
        choices=[("", _("No condition"))] + [(lv, lv) for lv in ("A1", "A2", "B1", "B2")],
        help_text=_("The level the latest language results must show, e.g. A2 (end-A2)"),
    )
    entry_skills = models.JSONField(
        _("skills the level applies to"),
        default=list,
        blank=True,
        help_text=_("reading, writing, listening, speaking; empty: all four"),
    )
    entry_after_pvt = models.BooleanField(
        _("starts after the PVT"),
        default=False,
        help_text=_("Enrol once the participation statement is signed"),
    )
    chain_meeting = models.CharField(
        _("chain meeting (ketenoverleg)"),
        max_length=12,
        blank=True,
        choices=ChainMeetingCadence.choices,
        default=ChainMeetingCadence.NONE,
    )
    group_forming = models.CharField(
        _("group forming"),
        max_length=15,
        blank=True,
        choices=GroupForming.choices,
        default=GroupForming.NONE,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")

    def __str__(self) -> str:
        return self.name

    @property
    def total_weeks(self) -> int:
        return sum(p.duration_weeks for p in self.phases.all())


class Phase(models.Model):
    template = models.ForeignKey(ProgrammeTemplate, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration in weeks"), validators=[MinValueValidator(1), MaxValueValidator(260)]
    )

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="programmes_phase_order")
        ]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.name


class PhaseComponent(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="components")
    kind = models.CharField(_("component"), max_length=20, choices=ComponentKind.choices)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    day_parts = models.PositiveSmallIntegerField(
        _("day-parts per week"), default=0, validators=[MaxValueValidator(21)]
    )
    moment = models.CharField(
        _("time of day"), max_length=10, choices=Moment.choices, blank=True, default=""
    )
    cadence = models.CharField(
        _("how often"), max_length=20, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    sessions = models.PositiveSmallIntegerField(
        _("number of sessions"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(260)],
        help_text=_("With “a number of sessions”: how many in the phase"),
    )
    hours_per_week_end = models.DecimalField(
        _("builds up to (hours per week)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
        help_text=_("The hours rise evenly over the phase to this number"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["phase", "pk"]
        verbose_name = _("component")
        verbose_name_plural = _("components")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hours_per_week} h"


class MilestoneKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    SHOWTIME = "showtime", _("Showtime: presenting the future plan")
    FINAL_PRESENTATION = "final_presentation", _("Final presentation")
    EINDGESPREK = "eindgesprek", _("Final meeting (eindgesprek)")
    EVALUATION = "evaluation", _("Evaluation")
    OTHER = "other", _("Other milestone")


class CheckedBy(models.TextChoices):
    KLANTMANAGER = "klantmanager", _("Client manager")
    TRAINER = "trainer", _("Trainer")


class Milestone(models.Model):
    """A moment in a programme (showtime in week 8, an evaluation every 13 weeks) that the
    trainer or the klantmanager checks off in the person's week plan."""

    template = models.ForeignKey(
        ProgrammeTemplate, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    name = models.CharField(_("name"), max_length=200)
    week = models.PositiveSmallIntegerField(
        _("in week"), validators=[MinValueValidator(1), MaxValueValidator(260)]
    )
    repeat_every_weeks = models.PositiveSmallIntegerField(
        _("again every … weeks"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(260)],
    )
    checked_by = models.CharField(
        _("checked off by"),
        max_length=12,
        choices=CheckedBy.choices,
        default=CheckedBy.KLANTMANAGER,
    )

    class Meta:
        ordering = ["template", "week", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.name


class RoleKind(models.TextChoices):
    JOB_COACH = "job_coach", _("Job coach")
    JOBHUNTER = "jobhunter", _("Jobhunter")
    BUDDY = "buddy", _("Buddy")
    PEER_COACH = "peer_coach", _("Peer coach (ervaringsdeskundige)")
    LANGUAGE_COACH = "language_coach", _("Language coach")
    HOUSING_COACH = "housing_coach", _("Housing coach")
    WORK_FLOOR_MENTOR = "work_floor_mentor", _("Work-floor mentor")


class ProgrammeRole(models.Model):
    """Support the programme provides to each participant (a buddy, a language coach for
    one hour a week on the work floor)."""

    template = models.ForeignKey(ProgrammeTemplate, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["template", "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(self.get_role_display())


class ProgrammeStream(models.Model):
    """One of the groups a programme forms (Dordrecht: education, participation,
    stabilisation). With group forming by intake focus, enrolment picks the stream whose
    focus is the intake's."""

    template = models.ForeignKey(
        ProgrammeTemplate, on_delete=models.CASCADE, related_name="streams"
    )
    name = models.CharField(_("name"), max_length=200)
    focus = models.CharField(
        _("intake focus"),
        max_length=20,
        blank=True,
        help_text=_("education, participation or stabilisation"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["template", "pk"]
        verbose_name = _("programme group")
        verbose_name_plural = _("programme groups")

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Enrolment(models.Model):
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="enrolments"
    )
    template = models.ForeignKey(
        ProgrammeTemplate, on_delete=models.PROTECT, related_name="enrolments"
    )
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("When completed or stopped")
    )
    pip_version = models.PositiveIntegerField(
        _("made from PIP version"),
        null=True,
        blank=True,
        help_text=_("The established PIP version the week plan was made from"),
    )
    stream = models.ForeignKey(
        ProgrammeStream,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("programme group"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "template", "start_date"], name="programmes_enrolment_once"
            )
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.template} ({self.start_date})"


class PlanItem(models.Model):
    """One component of a person's week plan for the weeks of one phase."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="items")
    phase_order = models.PositiveSmallIntegerField(_("phase"))
    phase_name = models.CharField(_("phase name"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    kind = models.CharField(_("component"), max_length=20, choices=ComponentKind.choices)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=5, decimal_places=1)
    day_parts = models.PositiveSmallIntegerField(_("day-parts per week"), default=0)
    moment = models.CharField(_("time of day"), max_length=10, choices=Moment.choices, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    from_pip = models.BooleanField(
        _("hours and dates from the PIP"),
        default=False,
        help_text=_("The PIP's component set the hours, provider and dates of this item"),
    )
    cadence = models.CharField(
        _("how often"), max_length=20, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    sessions = models.PositiveSmallIntegerField(_("number of sessions"), null=True, blank=True)
    hours_per_week_end = models.DecimalField(
        _("builds up to (hours per week)"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["enrolment", "phase_order", "starts_on", "pk"]
        verbose_name = _("week plan item")
        verbose_name_plural = _("week plan items")

    def __str__(self) -> str:
        return f"{self.phase_name}: {self.get_kind_display()}"


class PlanMilestone(models.Model):
    """A milestone of the template, dated in a person's week plan; checked off once."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    name = models.CharField(_("name"), max_length=200)
    due_on = models.DateField(_("in the week of"))
    checked_by = models.CharField(
        _("checked off by"),
        max_length=12,
        choices=CheckedBy.choices,
        default=CheckedBy.KLANTMANAGER,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["enrolment", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "name", "due_on"], name="programmes_plan_milestone_once"
            )
        ]
        verbose_name = _("milestone in the week plan")
        verbose_name_plural = _("milestones in the week plan")

    def __str__(self) -> str:
        return f"{self.name} {self.due_on}"


class GroupKind(models.TextChoices):
    MAP = "map", _("MAP group")
    PVT = "pvt", _("PVT group")
    TRAINING = "training", _("Training group")


class Group(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    municipality = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="programme_groups",
        verbose_name=_("municipality"),
    )
    provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="provided_groups",
        null=True,
        blank=True,
        verbose_name=_("provider"),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="programme_groups", blank=True
    )
    min_size = models.PositiveSmallIntegerField(_("minimum size"), default=6)
    max_size = models.PositiveSmallIntegerField(_("maximum size"), default=10)
    must_reach_min = models.BooleanField(_("runs only with the minimum size"), default=False)
    language = models.CharField(
        _("language of instruction"), max_length=3, default="nld", help_text=_("ISO 639-3 code")
    )
    interpreter_languages = models.JSONField(_("interpreter languages"), default=list, blank=True)
    location = models.CharField(_("location"), max_length=100)
    postcode = models.CharField(
        _("postcode of the location"),
        max_length=7,
        blank=True,
        help_text=_("Used to estimate each participant's travel time to the group."),
    )
    offers_childcare = models.BooleanField(
        _("childcare during the sessions"),
        default=False,
        help_text=_("Participants who need childcare can join whatever their childcare hours."),
    )
    weekday = models.CharField(_("weekday"), max_length=3)
    moment = models.CharField(_("time of day"), max_length=10, choices=Moment.choices[1:])
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    start_date = models.DateField(_("first possible date"))
    session_count = models.PositiveSmallIntegerField(_("number of sessions"), default=10)
    interval_weeks = models.PositiveSmallIntegerField(
        _("weeks between sessions"), default=1, validators=[MinValueValidator(1)]
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    elearning = models.BooleanField(
        _("e-learning"),
        default=False,
        help_text=_("Followed online, e.g. the MAP for people who work (Almere)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name


class SchoolHoliday(models.Model):
    """A configured school holiday: no group sessions take place in it."""

    name = models.CharField(_("name"), max_length=100)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["group", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="programmes_session_number")
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.group} #{self.number}"


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="group_memberships"
    )
    pinned = models.BooleanField(_("placed by the planner"), default=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["group", "person__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="programmes_member_once")
        ]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")

    def __str__(self) -> str:
        return f"{self.person} · {self.group}"


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    PLACED = "placed", _("Placed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WaitingEntry(models.Model):
    """A person waiting for a group of a kind, with what the assignment needs to know."""

    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="waiting_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    waiting_since = models.DateField(_("waiting since"))
    earliest_start = models.DateField(_("earliest start"))
    available = models.JSONField(_("free day-parts"), default=list)
    locations = models.JSONField(_("acceptable locations"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=WaitingStatus.choices, default=WaitingStatus.WAITING
    )

    class Meta:
        ordering = ["waiting_since", "pk"]
        verbose_name = _("waiting participant")
        verbose_name_plural = _("waiting participants")

    def __str__(self) -> str:
        return f"{self.person} · {self.kind}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


CREDITED_STATUSES = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours credited"), max_digits=4, decimal_places=1)
    # The participant reported the absence themselves (afmelden in the portal).
    reported_by_participant = models.BooleanField(_("reported by the participant"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["session", "person"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="programmes_attendance_once")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.session}: {self.status}"


class HoursComponent(models.TextChoices):
    MAP = "map", _("MAP practice hours")
    PVT = "pvt", _("PVT hours")
    LANGUAGE = "language", _("Language and KNM lessons")
    PARTICIPATION = "participation", _("Participation activities")


class HoursEntry(models.Model):
    """Hours credited to a person outside group sessions (e.g. reported by a language school).

    ``source_key`` makes every import line idempotent: the same line twice is one entry.
    """

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    component = models.CharField(_("component"), max_length=15, choices=HoursComponent.choices)
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    source_key = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["on"]
        verbose_name = _("hours")
        verbose_name_plural = _("hours")

    def __str__(self) -> str:
        return f"{self.component} {self.hours}"


class ThemeCredit(models.Model):
    """A MAP theme done outside the group sessions (e.g. its e-learning module, finished and
    confirmed by the trainer); a MAP session with the theme as topic counts by itself.

    ``source_key`` makes each credit idempotent: the same source twice is one credit.
    """

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    theme = models.CharField(_("MAP theme"), max_length=100)
    on = models.DateField(_("date"))
    source_key = models.CharField(max_length=200, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("MAP theme done")
        verbose_name_plural = _("MAP themes done")

    def __str__(self) -> str:
        return f"{self.theme} {self.on}"


class Skill(models.TextChoices):
    READING = "reading", _("Reading")
    WRITING = "writing", _("Writing")
    LISTENING = "listening", _("Listening")
    SPEAKING = "speaking", _("Speaking")


CEFR_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")


class LanguageResult(models.Model):
    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    skill = models.CharField(_("skill"), max_length=10, choices=Skill.choices)
    level = models.CharField(_("level"), max_length=2)
    on = models.DateField(_("date"))
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-on", "skill"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skill", "on", "provider"], name="programmes_result_once"
            )
        ]
        verbose_name = _("language result")
        verbose_name_plural = _("language results")

    def __str__(self) -> str:
        return f"{self.skill} {self.level}"


class ResultKind(models.TextChoices):
    MAP = "map", _("MAP final meeting (eindgesprek)")
    PVT = "pvt", _("Participation statement signed")
    ZROUTE = "zroute", _("Z-route completed")


class DuoResult(models.Model):
    """A result as Spil sent it to DUO (the last accepted one per person and kind)."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("result"), max_length=10, choices=ResultKind.choices)
    on = models.DateField(_("date"))
    verwijtbaar = models.CharField(_("culpable (verwijtbaar)"), max_length=3, blank=True)
    sent_at = models.DateTimeField(_("sent to DUO"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="programmes_duo_result_once")
        ]
        verbose_name = _("result sent to DUO")
        verbose_name_plural = _("results sent to DUO")

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class HoursReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent to DUO")
    SENT = "sent", _("Sent to DUO")
    FAILED = "failed", _("Refused by DUO")


class HoursReport(models.Model):
    """The gevolgde uren last sent to DUO for a person (participatietaalles and, on the
    Z-route, participatieactiviteiten), sent by the nightly task when they changed."""

    person = models.OneToOneField(
        "persons.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=HoursReportStatus.choices,
        default=HoursReportStatus.PENDING,
    )
    taalles_hours = models.PositiveIntegerField(_("language lesson hours sent"), default=0)
    participation_hours = models.PositiveIntegerField(
        _("participation hours sent"), null=True, blank=True
    )
    last_sent_at = models.DateTimeField(_("last sent to DUO"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    message = models.CharField(
        _("DUO's answer"), max_length=300, blank=True, help_text=_("Never contains a BSN.")
    )

    class Meta:
        verbose_name = _("hours report to DUO")
        verbose_name_plural = _("hours reports to DUO")

    def __str__(self) -> str:
        return f"{self.status} {self.taalles_hours}/{self.participation_hours}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A secret agenda URL for a person or a trainer; revoking it ends it for good, and it
    expires on its own. Only the token's SHA-256 hash is stored: the URL is shown once,
    when it is made (spil.agenda.services)."""

    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The day of the last processing record for fetching a person's feed: agenda apps poll
    # every few minutes, the log keeps one record per feed per day.
    logged_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(user__isnull=True))
                | (models.Q(person__isnull=True) & models.Q(user__isnull=False)),
                name="programmes_feed_one_owner",
            )
        ]
        verbose_name = _("agenda feed")
        verbose_name_plural = _("agenda feeds")

    #: The token itself, on the instance that made it only (never stored).
    token = ""

    def __str__(self) -> str:
        return f"feed {self.pk}"


class Reminder(models.Model):
    """A reminder sent for a session; at most one per person and session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, default="email")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person", "channel"], name="programmes_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"reminder {self.session_id}"


class ImportBatch(models.Model):
    """A language school's upload that was applied (all-or-nothing)."""

    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    lines = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
