"""The processing log (verwerkingenlog), aligned with VNG's Verwerkingenlogging API.

One record per action of a user (a page view, an API call, an export), with the persons
it concerned as processed objects. Persons are stored by a pseudonymous reference only:
the log never holds a BSN or a name. Records are append-only through the application.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class ProcessingRecordQuerySet(models.QuerySet["ProcessingRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The processing log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The processing log is append-only.")


class ProcessingRecord(models.Model):
    """A verwerkingsactie."""

    actie_id = models.UUIDField(_("action id"), primary_key=True, default=uuid.uuid4)
    actie_naam = models.CharField(_("action name"), max_length=242)
    handeling = models.CharField(_("operation"), max_length=20)
    verwerking_naam = models.CharField(_("purpose"), max_length=242)
    purpose_code = models.CharField(_("purpose code"), max_length=60, db_index=True)
    legal_ground = models.CharField(_("legal ground"), max_length=242)
    vertrouwelijkheid = models.CharField(_("confidentiality"), max_length=20, default="normaal")
    bewaartermijn = models.CharField(_("retention period"), max_length=20, default="P10Y")
    uitvoerder = models.CharField(_("executing organisation (OIN)"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    systeem = models.CharField(_("system"), max_length=242)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The acting user's id; a newcomer acting on their own data in the portal (no staff
    # user) is "betrokkene:<pseudonym>" (services.newcomer_actor_reference), never their key.
    gebruiker = models.CharField(_("user id"), max_length=40, blank=True)
    # A partner's system acting through the API (OAuth client credentials, no user): the
    # client's name and organisation, with `gebruiker` holding "client:<client id>".
    actor_label = models.CharField(_("system acting"), max_length=242, blank=True)
    data_categories = models.JSONField(_("data categories"), default=list)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    tijdstip = models.DateTimeField(_("time of processing"), db_index=True)
    tijdstip_registratie = models.DateTimeField(_("time of registration"), auto_now_add=True)

    objects: ClassVar[ProcessingRecordQuerySet] = ProcessingRecordQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-tijdstip"]
        verbose_name = _("processing record")
        verbose_name_plural = _("processing records")

    def __str__(self) -> str:
        return f"{self.actie_naam} ({self.tijdstip:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The processing log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The processing log is append-only.")


class ProcessedPerson(models.Model):
    """A verwerkt object of type person, by pseudonymous reference."""

    record = models.ForeignKey(ProcessingRecord, on_delete=models.PROTECT, related_name="persons")
    # Only the pseudonym: the person's own row holds the same pseudonym (Person.log_ref), so
    # the log alone names no one, and a person erased from Spil is unlinkable in the log.
    person_ref = models.CharField(_("person reference"), max_length=32, db_index=True)

    class Meta:
        verbose_name = _("processed person")
        verbose_name_plural = _("processed persons")

    def __str__(self) -> str:
        return self.person_ref

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The processing log is append-only.")
        super().save(*args, **kwargs)
