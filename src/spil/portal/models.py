"""The klantmanager's one-time sign-in links for newcomers without DigiD.

Only a hash of the secret is stored: the link itself is shown once (on screen, as a QR
code, or in an e-mail) and works once, for a short time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInLink(models.Model):
    person = models.ForeignKey(
        "persons.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("portal sign-in link")
        verbose_name_plural = _("portal sign-in links")

    def __str__(self) -> str:
        return f"{self.person_id} {self.created_at:%Y-%m-%d %H:%M}"
