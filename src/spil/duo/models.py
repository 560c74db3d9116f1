"""What Spil received from DUO (notifications) and what it asked DUO (outbound calls).

Neither table is a place to read a person's data: a notification keeps the BSN only to do
its look-ups, and texts shown to users or written to logs never contain it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.duo.privacy import mask_bsn


class NotificationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Processing")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class DuoNotification(models.Model):
    """One notification DUO posted to the Notificatie API (idempotent on berichtId).

    The BSN is kept only until the notification is processed (then ``person`` links it)."""

    bericht_id = models.UUIDField(_("message id (berichtId)"), unique=True)
    bron = models.CharField(_("sender OIN (bron)"), max_length=20)
    doel = models.CharField(_("target OIN (doel)"), max_length=20, db_index=True)
    municipality = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    gebeurtenis_id = models.CharField(_("event (gebeurtenisId)"), max_length=6, db_index=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    v_nummer = models.BigIntegerField(_("v-number"), null=True, blank=True)
    registratie_datum_tijd = models.DateTimeField(_("registered at DUO"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NotificationStatus.choices,
        default=NotificationStatus.RECEIVED,
    )
    attempts = models.PositiveIntegerField(_("processing attempts"), default=0)
    last_error = models.CharField(
        _("last error"), max_length=300, blank=True, help_text=_("Never contains a BSN.")
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    person = models.ForeignKey(
        "persons.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("DUO notification")
        verbose_name_plural = _("DUO notifications")
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["municipality", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.gebeurtenis_id} {self.masked_bsn} ({self.status})"

    @property
    def masked_bsn(self) -> str:
        return mask_bsn(self.bsn) if self.bsn else "—"


class DuoCall(models.Model):
    """One call Spil made to DUO: operation, outcome and duration; never the BSN or path."""

    operation_id = models.CharField(_("operation"), max_length=80)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    ok = models.BooleanField(_("succeeded"), default=False)
    transient = models.BooleanField(
        _("transient failure"),
        default=False,
        help_text=_(
            "DUO could not be reached or answered outside its contract (an undeclared status, "
            "no API-Version): the work is tried again later."
        ),
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    notification = models.ForeignKey(
        DuoNotification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("notification"),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("call to DUO")
        verbose_name_plural = _("calls to DUO")

    def __str__(self) -> str:
        return f"{self.operation_id} → {self.status_code or self.error}"


class DuoContactpersoon(models.Model):
    """A client manager as DUO knows them: the contactpersoon of a gemeente (DUO's id).

    Created at DUO once per gemeente and user; updated there when name, e-mail or phone
    number change, so a repeat never creates a second contactpersoon."""

    municipality = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    duo_id = models.PositiveIntegerField(_("DUO's id"))
    naam = models.CharField(_("name"), max_length=100)
    email = models.CharField(_("e-mail"), max_length=241)
    telefoonnummer = models.CharField(_("phone number"), max_length=22)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact person at DUO")
        verbose_name_plural = _("contact persons at DUO")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"], name="duo_contactpersoon_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.duo_id})"


class ContactpersoonStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for DUO")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class ContactpersoonKoppeling(models.Model):
    """The contactpersoon Spil last gave DUO for a person (one row per person)."""

    person = models.OneToOneField(
        "persons.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    contactpersoon = models.ForeignKey(
        DuoContactpersoon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContactpersoonStatus.choices,
        default=ContactpersoonStatus.PENDING,
    )
    message = models.CharField(
        _("DUO's answer"), max_length=300, blank=True, help_text=_("Never contains a BSN.")
    )
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        ordering = ["-last_sent_at", "-pk"]
        verbose_name = _("contact person given to DUO")
        verbose_name_plural = _("contact persons given to DUO")

    def __str__(self) -> str:
        return f"{self.person_id} → {self.contactpersoon_id} ({self.status})"
