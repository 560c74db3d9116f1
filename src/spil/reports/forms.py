"""The selection of a report, read from the query string (GET: a report is a page anyone
in scope can bookmark and reload)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation, User
from spil.intake.models import Focus
from spil.persons.models import Doelgroep
from spil.reports import queries
from spil.reports.selection import (
    BASIS_LABELS,
    GRANULARITY_LABELS,
    Basis,
    Granularity,
    Selection,
    cohort_period,
)
from spil.trajectories.models import Leerroute

_SELECT = {"class": "utrecht-select utrecht-select--html-select"}
_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
ANY = ("", _("All"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(attrs=dict(_TEXT), format="%Y-%m-%d")


class SelectionForm(forms.Form):
    area = forms.ChoiceField(label=_("Municipality or region"), widget=forms.Select(_SELECT))
    template = forms.ChoiceField(label=_("Programme"), required=False, widget=forms.Select(_SELECT))
    group = forms.ChoiceField(label=_("Group"), required=False, widget=forms.Select(_SELECT))
    leerroute = forms.ChoiceField(
        label=_("Learning route"),
        required=False,
        choices=[ANY, *Leerroute.choices],
        widget=forms.Select(_SELECT),
    )
    doelgroep = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[ANY, *Doelgroep.choices],
        widget=forms.Select(_SELECT),
    )
    focus = forms.ChoiceField(
        label=_("Intake focus"),
        required=False,
        choices=[ANY, *Focus.choices],
        widget=forms.Select(_SELECT),
    )
    basis = forms.ChoiceField(
        label=_("Cohort by"),
        required=False,
        choices=[(b.value, label) for b, label in BASIS_LABELS.items()],
        initial=Basis.START.value,
        widget=forms.Select(_SELECT),
    )
    cohort = forms.CharField(
        label=_("Cohort"),
        required=False,
        max_length=7,
        help_text=_("A month (2025-07) or a quarter (2025-Q3); or give a period below."),
        widget=forms.TextInput(_TEXT),
    )
    period_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    granularity = forms.ChoiceField(
        label=_("Cohorts per"),
        required=False,
        choices=[(g.value, label) for g, label in GRANULARITY_LABELS.items()],
        initial=Granularity.QUARTER.value,
        widget=forms.Select(_SELECT),
    )

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas: dict[str, Organisation] = {
            str(area.pk): area for area in queries.areas_for_user(user)
        }
        self.fields["area"].choices = [(pk, area.name) for pk, area in self.areas.items()]  # type: ignore[attr-defined]
        self.template_names = {t.code: t.name for t in queries.templates()}
        self.fields["template"].choices = [ANY, *self.template_names.items()]  # type: ignore[attr-defined]
        self.group_names = {g.code: g.name for g in queries.groups_for_user(user)}
        self.fields["group"].choices = [ANY, *self.group_names.items()]  # type: ignore[attr-defined]
        if self.areas and not self.is_bound:
            self.initial.setdefault("area", next(iter(self.areas)))

    def clean_cohort(self) -> str:
        value = str(self.cleaned_data.get("cohort") or "").strip().upper()
        if value and cohort_period(value) is None:
            raise forms.ValidationError(_("Give a month as 2025-07 or a quarter as 2025-Q3."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cohort = data.get("cohort")
        if cohort:
            period = cohort_period(cohort)
            if period is not None:
                data["period_from"], data["period_to"] = period
        start, end = data.get("period_from"), data.get("period_to")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("period_to", _("The end of the period lies before its start."))
        return data

    def selection(self) -> Selection:
        """The valid selection (call after `is_valid`)."""
        data = self.cleaned_data
        area = self.areas[data["area"]]
        labels = {}
        if data.get("template"):
            labels["template"] = self.template_names[data["template"]]
        if data.get("group"):
            labels["group"] = self.group_names[data["group"]]
        return Selection(
            area_id=area.pk,
            area_name=area.name,
            municipality_ids=frozenset(queries.area_municipality_ids(area)),
            template=data.get("template") or "",
            group=data.get("group") or "",
            leerroute=data.get("leerroute") or "",
            doelgroep=data.get("doelgroep") or "",
            focus=data.get("focus") or "",
            basis=Basis(data.get("basis") or Basis.START),
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
            granularity=Granularity(data.get("granularity") or Granularity.QUARTER),
            labels=labels,
        )


def bound_form(
    params: Any, user: User | AnonymousUser, defaults: Mapping[str, str] | None = None
) -> SelectionForm:
    """The form bound to the query string, or to the defaults when it names no area; a
    report's own `defaults` (the monitor: yearly cohorts by DUO notification) fill the
    choices the query string leaves empty."""
    extra = dict(defaults or {})
    if params.get("area"):
        if not extra:
            return SelectionForm(params, user=user)
        data = params.copy()
        for name, value in extra.items():
            if not data.get(name):
                data[name] = value
        return SelectionForm(data, user=user)
    form = SelectionForm(user=user)
    initial = {
        "area": form.initial.get("area", ""),
        "basis": Basis.START.value,
        "granularity": Granularity.QUARTER.value,
        **extra,
    }
    return SelectionForm(initial, user=user)
