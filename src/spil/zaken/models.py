"""Each trajectory as a zaak in the municipality's zaaksysteem, and the ZGW calls on the way.

A change in Spil records its ZGW call in the outbox (:class:`ZgwCall`) in the same
transaction; the calls go out after the commit, outside any transaction, and a call that
fails is retried with back-off until it succeeds: nothing is lost when the zaaksysteem is down.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZaakRegistration(models.Model):
    """The zaak of one trajectory in the Zaken API."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory",
        on_delete=models.CASCADE,
        related_name="zaak_registration",
        verbose_name=_("trajectory"),
    )
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    zaak_url = models.URLField(_("zaak (API)"), max_length=1000, blank=True, db_index=True)
    identificatie = models.CharField(_("zaak identification"), max_length=40, blank=True)
    # The status as the zaaksysteem last told Spil (its statustype's omschrijving).
    zaak_status = models.CharField(_("status in the zaaksysteem"), max_length=80, blank=True)
    zaak_status_url = models.URLField(max_length=1000, blank=True)
    zaak_closed_on = models.DateField(_("closed in the zaaksysteem on"), null=True, blank=True)
    synced_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zaak registration")
        verbose_name_plural = _("zaak registrations")

    def __str__(self) -> str:
        return self.identificatie or f"zaak of trajectory {self.trajectory_id}"


class CallKind(models.TextChoices):
    CREATE_ZAAK = "create_zaak", _("Register the zaak")
    SET_STATUS = "set_status", _("Set the zaak status")
    ADD_DOCUMENT = "add_document", _("Store a document with the zaak")
    FETCH_ZAAK = "fetch_zaak", _("Read a zaak changed in the zaaksysteem")


class CallState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Done")
    FAILED = "failed", _("Refused by the zaaksysteem")


class ZgwCall(models.Model):
    """One call to the ZGW APIs waiting to be made, made, or refused for good.

    ``key`` makes recording it idempotent (the same status change or document is recorded
    once); ``progress`` keeps the URLs of the steps already done, so a retry continues
    where the last attempt stopped instead of storing a document twice.
    """

    registration = models.ForeignKey(
        ZaakRegistration, on_delete=models.CASCADE, related_name="calls"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict)
    progress = models.JSONField(default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=CallState.choices, default=CallState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ZGW call")
        verbose_name_plural = _("ZGW calls")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"
