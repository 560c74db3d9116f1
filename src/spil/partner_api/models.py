"""A partner's system: an OAuth application (django-oauth-toolkit) that acts for one
organisation with the scopes registered for it. What it may see of a person is decided by
the organisation's access basis (spil.persons), never by the client."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerClient(models.Model):
    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_client",
        verbose_name=_("OAuth application"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["organisation__name", "application__name"]
        verbose_name = _("partner client")
        verbose_name_plural = _("partner clients")

    def __str__(self) -> str:
        return f"{self.application.name} ({self.organisation.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.organisation.is_active

    @property
    def client_id(self) -> str:
        return str(self.application.client_id)

    @property
    def label(self) -> str:
        """How the processing log names this client as actor."""
        return f"{self.application.name} ({self.organisation.name})"
