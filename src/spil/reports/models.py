"""What the reports app keeps: a reader's subscription to a monthly e-mailed report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """A report (kind and selection) e-mailed to its reader on the first of every month,
    as a PDF; run as that reader, so their scope and a processing record apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("report"), max_length=30)
    params = models.JSONField(_("selection"), default=dict)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sent_on = models.DateField(_("last sent"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")

    def __str__(self) -> str:
        return f"{self.kind} · {self.user}"
