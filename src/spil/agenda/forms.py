from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", _("Make an agenda link")), ("revoke", _("Revoke the link"))],
        required=False,
    )

    def clean_action(self) -> str:
        return str(self.cleaned_data.get("action") or "create")
