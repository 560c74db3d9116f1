from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.audit.purposes import ACTION_LABELS, CATEGORY_LABELS, PURPOSES

_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class RecordSearchForm(forms.Form):
    person_ref = forms.CharField(
        label=_("Person reference"), required=False, max_length=32, widget=forms.TextInput(_TEXT)
    )
    username = forms.CharField(
        label=_("User name"), required=False, max_length=150, widget=forms.TextInput(_TEXT)
    )
    purpose = forms.ChoiceField(label=_("Purpose"), required=False, widget=forms.Select(_SELECT))
    action = forms.ChoiceField(label=_("Operation"), required=False, widget=forms.Select(_SELECT))
    category = forms.ChoiceField(
        label=_("Data category"), required=False, widget=forms.Select(_SELECT)
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({**_TEXT, "type": "date"})
    )
    date_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput({**_TEXT, "type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[str, object]] = [("", _("All"))]
        choices: dict[str, list[tuple[str, object]]] = {
            "purpose": [(p.code, p.name) for p in PURPOSES.values()],
            "action": [(a.value, label) for a, label in ACTION_LABELS.items()],
            "category": [(c.value, label) for c, label in CATEGORY_LABELS.items()],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = everything + options

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data


class AccessRequestForm(forms.Form):
    """A newcomer's request for access (inzageverzoek): the log about them, by BSN. Posted,
    so the BSN never enters an address; looked up to the pseudonym, never stored."""

    bsn = forms.CharField(
        label=_("BSN of the person asking"),
        max_length=11,
        widget=forms.TextInput({**_TEXT, "inputmode": "numeric", "autocomplete": "off"}),
    )
