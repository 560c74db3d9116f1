from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.plans.models import ComponentKind, PipComponent, PipVersion

if TYPE_CHECKING:
    _VersionFormBase = forms.ModelForm[PipVersion]
    _ComponentFormBase = forms.ModelForm[PipComponent]
else:
    _VersionFormBase = _ComponentFormBase = forms.ModelForm

_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_DATE = {**_TEXT, "type": "date"}
_SELECT = {"class": "utrecht-select utrecht-select--html-select"}
_CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
_TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}


class VersionForm(_VersionFormBase):
    class Meta:
        model = PipVersion
        fields = [
            "leerroute",
            "niveau",
            "geschatte_intensiteit",
            "alfabetisering",
            "mag_opleiding_afmaken",
            "childcare_arranged",
            "transport",
            "interpreter",
            "coach_roles",
            "support",
            "goal_language",
            "goal_work",
            "goal_self_reliance",
            "goal_other",
            "progress_every_weeks",
            "first_progress_meeting",
            "acknowledged_on",
            "acknowledgement_note",
            "change_note",
        ]
        widgets = {
            "leerroute": forms.Select(_SELECT),
            "niveau": forms.Select(_SELECT),
            "alfabetisering": forms.Select(_SELECT),
            "geschatte_intensiteit": forms.NumberInput(_TEXT),
            "progress_every_weeks": forms.NumberInput(_TEXT),
            "mag_opleiding_afmaken": forms.CheckboxInput(_CHECKBOX),
            "childcare_arranged": forms.CheckboxInput(_CHECKBOX),
            "interpreter": forms.CheckboxInput(_CHECKBOX),
            "transport": forms.TextInput(_TEXT),
            "coach_roles": forms.TextInput(_TEXT),
            "acknowledgement_note": forms.TextInput(_TEXT),
            "change_note": forms.TextInput(_TEXT),
            "support": forms.Textarea(_TEXTAREA),
            "goal_language": forms.Textarea(_TEXTAREA),
            "goal_work": forms.Textarea(_TEXTAREA),
            "goal_self_reliance": forms.Textarea(_TEXTAREA),
            "goal_other": forms.Textarea(_TEXTAREA),
            "first_progress_meeting": forms.DateInput(_DATE, format="%Y-%m-%d"),
            "acknowledged_on": forms.DateInput(_DATE, format="%Y-%m-%d"),
        }


class ComponentForm(_ComponentFormBase):
    class Meta:
        model = PipComponent
        fields = ["kind", "provider", "hours_per_week", "start", "end", "planned_hours"]
        widgets = {
            "kind": forms.Select(_SELECT, choices=ComponentKind.choices),
            "provider": forms.TextInput(_TEXT),
            "hours_per_week": forms.NumberInput({**_TEXT, "step": "0.5"}),
            "start": forms.DateInput(_DATE, format="%Y-%m-%d"),
            "end": forms.DateInput(_DATE, format="%Y-%m-%d"),
            "planned_hours": forms.NumberInput(_TEXT),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "component")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end may not be before the start."))
        return data


class EstablishForm(forms.Form):
    dagtekening = forms.DateField(
        label=_("Date of the decision (dagtekening)"),
        required=False,
        widget=forms.DateInput(_DATE, format="%Y-%m-%d"),
    )
    route_switch_late = forms.BooleanField(
        label=_("I confirm a route switch after 18 months"),
        required=False,
        widget=forms.CheckboxInput(_CHECKBOX),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "establish")
        super().__init__(*args, **kwargs)
