"""Employers' locations, placement offers, placements with their lifecycle, check-ins,
outcomes and the newcomer's consent to share data with an employer.

The matching itself is Django-free (`scoring.py`, `assignment.py`); these models hold what
people keep and decide. Writes go through `services.py` only.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from spil.accounts.models import User

    TeamMemberField = models.ForeignKey[User | None, User | None]


class OfferType(models.TextChoices):
    # Values equal spil.placements.scoring.OfferType.
    LEERWERKPLEK = "leerwerkplek", _("Learn-work place (leerwerkplek)")
    STAGE = "stage", _("Internship (stage)")
    WERKERVARINGSPLAATS = "werkervaringsplaats", _("Work experience place")
    VRIJWILLIGERSWERK = "vrijwilligerswerk", _("Volunteering")
    BETAALDE_BAAN = "betaalde_baan", _("Paid job")
    BBL = "bbl", _("Work-based vocational training (BBL)")


class CefrLevel(models.IntegerChoices):
    # Values equal spil.placements.scoring.CEFR.
    A0 = 0, _("No Dutch yet (A0)")
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"


class Transport(models.TextChoices):
    WALK = "walk", _("On foot")
    BIKE = "bike", _("Bicycle")
    PUBLIC_TRANSPORT = "public_transport", _("Public transport")
    CAR = "car", _("Car")


class EmployerLocation(models.Model):
    """A place of work of an employer (an organisation of type werkgever)."""

    employer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="employer_locations",
        verbose_name=_("employer"),
        limit_choices_to={"type": "werkgever"},
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and house number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("place"), max_length=100, blank=True)

    class Meta:
        ordering = ["employer__name", "name"]
        verbose_name = _("employer location")
        verbose_name_plural = _("employer locations")

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode})"


class OfferStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the employer")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PlacementOffer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="placement_offers",
        verbose_name=_("employer"),
    )
    location = models.ForeignKey(
        EmployerLocation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("location"),
    )
    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=OfferType.choices)
    esco_uri = models.CharField(_("ESCO occupation"), max_length=200)
    occupation_label = models.CharField(_("occupation"), max_length=300)
    isco_code = models.CharField(_("ISCO unit group"), max_length=4)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    dayparts = models.JSONField(_("day-parts"), default=list, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    required_speaking = models.PositiveSmallIntegerField(
        _("required speaking level"), choices=CefrLevel.choices, default=CefrLevel.A0
    )
    required_listening = models.PositiveSmallIntegerField(
        _("required listening level"), choices=CefrLevel.choices, default=CefrLevel.A0
    )
    support_buddy = models.BooleanField(_("buddy available"), default=False)
    support_leermeester = models.BooleanField(_("work instructor (leermeester)"), default=False)
    support_jobcoach = models.BooleanField(_("job coach welcome"), default=False)
    places = models.PositiveSmallIntegerField(_("number of places"), default=1)
    accessibility_notes = models.TextField(_("notes on accessibility"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["employer__name", "title"]
        verbose_name = _("placement offer")
        verbose_name_plural = _("placement offers")

    def __str__(self) -> str:
        return f"{self.title} · {self.employer}"


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INTRODUCTION = "introduction", _("Introduction")
    STARTED = "started", _("Started")
    EVALUATED = "evaluated", _("Evaluated")
    ENDED = "ended", _("Ended")
    CONVERTED = "converted", _("Converted to paid work")


ACTIVE_STATUSES = (
    PlacementStatus.PROPOSED,
    PlacementStatus.INTRODUCTION,
    PlacementStatus.STARTED,
    PlacementStatus.EVALUATED,
)


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed as planned")
    EDUCATION = "education", _("Went on to education")
    NOT_SUITABLE = "not_suitable", _("Did not fit")
    STOPPED = "stopped", _("Stopped by the newcomer")
    EMPLOYER = "employer", _("Ended by the employer")
    HEALTH_OR_CIRCUMSTANCES = "circumstances", _("Personal circumstances")
    OTHER = "other", _("Other reason")


def _team_member(related_name: str, verbose_name: StrOrPromise) -> TeamMemberField:
    """A person on the placement's team (job coach, account manager, buddy, language coach)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Placement(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "persons.Person",
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("person"),
    )
    offer = models.ForeignKey(
        PlacementOffer,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("offer"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=PlacementStatus.choices, default="proposed"
    )
    score = models.PositiveSmallIntegerField(_("fit score at proposal"), null=True, blank=True)
    explanation = models.JSONField(_("explanation at proposal"), default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job_coach = _team_member("coached_placements", _("job coach"))
    accountmanager = _team_member("managed_placements", _("account manager"))
    buddy = _team_member("buddy_placements", _("buddy"))
    language_coach = _team_member("language_coach_placements", _("language coach"))
    introduction_on = models.DateField(_("introduction"), null=True, blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    evaluated_on = models.DateField(_("evaluated"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=15, choices=EndReason.choices, blank=True
    )
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_on = models.DateField(_("next step starts"), null=True, blank=True)
    job_started_on = models.DateField(_("paid job started"), null=True, blank=True)
    aftercare_until = models.DateField(_("aftercare until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_status_display()})"


class CheckInMood(models.TextChoices):
    GOOD = "good", _("Going well")
    ATTENTION = "attention", _("Needs attention")
    CONCERN = "concern", _("Serious concern")


class CheckInKind(models.TextChoices):
    COACHING = "coaching", _("Check-in during the placement")
    AFTERCARE = "aftercare", _("Aftercare check-in")


class CheckIn(models.Model):
    """A short check-in by the job coach or the employer; scheduled ones wait for `done_at`."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="checkins")
    kind = models.CharField(
        _("kind"), max_length=10, choices=CheckInKind.choices, default="coaching"
    )
    scheduled_for = models.DateField(_("planned for"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_role = models.CharField(_("by"), max_length=30, blank=True)
    mood = models.CharField(_("how is it going"), max_length=10, choices=CheckInMood.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["scheduled_for", "done_at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_for or self.done_at}"


class OutcomeKind(models.TextChoices):
    PAID_JOB = "paid_job", _("Paid job")
    INTERNSHIP = "internship", _("Internship")
    VOLUNTEERING = "volunteering", _("Volunteering")
    EDUCATION = "education", _("Education")
    CERTIFICATE = "certificate", _("Certificate")
    PARTICIPATION = "participation", _("Other participation")


class Outcome(models.Model):
    """A result for a person; a person can have several (internship and certificate)."""

    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=15, choices=OutcomeKind.choices)
    started_on = models.DateField(_("date"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    placement = models.ForeignKey(
        Placement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("from placement"),
    )
    course = models.CharField(_("from course"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"),
        null=True,
        blank=True,
        help_text=_("For paid work: tells full-time from part-time in the reports."),
    )
    with_benefit = models.BooleanField(
        _("with a benefit"),
        null=True,
        blank=True,
        help_text=_("For paid work: whether a benefit (e.g. social assistance) continues."),
    )
    aftercare_until = models.DateField(
        _("aftercare until"),
        null=True,
        blank=True,
        help_text=_("Paid work: six months of aftercare from the first working day."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"
