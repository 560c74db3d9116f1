from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.duo.contract import ALL_EVENTS
from spil.persons.validators import normalise_bsn, validate_bsn

_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off"}
_SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class SendEventForm(forms.Form):
    """Fire a DUO event at Spil through the sandbox (demo tool)."""

    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        help_text=_("A test BSN (999 range). Unknown to the sandbox: it is registered there."),
        widget=forms.TextInput({**_TEXT, "inputmode": "numeric"}),
    )
    event = forms.ChoiceField(label=_("DUO event"), widget=forms.Select(_SELECT))
    gemeente = forms.ChoiceField(label=_("Municipality"), widget=forms.Select(_SELECT))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = self.fields["event"]
        gemeente = self.fields["gemeente"]
        assert isinstance(event, forms.ChoiceField) and isinstance(gemeente, forms.ChoiceField)
        event.choices = [(e.id, f"{e.id} — {e.omschrijving}") for e in ALL_EVENTS.values()]
        gemeente.choices = [
            (o.oin, o.name)
            for o in Organisation.objects.filter(
                type=OrganisationType.GEMEENTE, is_active=True
            ).exclude(oin="")
        ]

    def clean_bsn(self) -> str:
        bsn = normalise_bsn(self.cleaned_data["bsn"])
        validate_bsn(bsn)
        return bsn
