from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.programmes.models import (
    Group,
    GroupKind,
    Moment,
    Phase,
    PhaseComponent,
    ProgrammeTemplate,
    ResultKind,
    SchoolHoliday,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MOMENTS = ("morning", "afternoon", "evening")
WEEKDAY_LABELS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
MOMENT_LABELS = dict(Moment.choices)

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE = {"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}
NUMBER = {"class": "utrecht-textbox utrecht-textbox--html-input spil-input--short"}


def daypart_choices() -> list[tuple[str, str]]:
    return [
        (f"{d}-{m}", f"{WEEKDAY_LABELS[d]} {str(MOMENT_LABELS[m]).lower()}")
        for d in WEEKDAYS[:5]
        for m in MOMENTS
    ]


class TemplateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProgrammeTemplate
        fields = ["name", "target_group", "source", "description", "is_active"]
        widgets = {
            "description": forms.Textarea(
                attrs={"rows": 4, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
            ),
            "is_active": forms.CheckboxInput(
                attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
            ),
        }


class PhaseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Phase
        fields = ["name", "duration_weeks"]
        widgets = {"duration_weeks": forms.NumberInput(attrs=NUMBER)}


class ComponentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PhaseComponent
        fields = ["kind", "hours_per_week", "day_parts", "moment", "note"]
        widgets = {
            "kind": forms.Select(attrs=SELECT),
            "moment": forms.Select(attrs=SELECT),
            "hours_per_week": forms.NumberInput(attrs=NUMBER),
            "day_parts": forms.NumberInput(attrs=NUMBER),
        }


class EnrolForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=ProgrammeTemplate.objects.filter(is_active=True),
        widget=forms.Select(attrs=SELECT),
    )
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class FeedForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", _("Make an agenda link")), ("revoke", _("Revoke the link"))],
        required=False,
    )

    def clean_action(self) -> str:
        return str(self.cleaned_data.get("action") or "create")


class WaitingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Waiting for"), choices=GroupKind.choices, widget=forms.Select(attrs=SELECT)
    )
    available = forms.MultipleChoiceField(
        label=_("Free day-parts"),
        choices=daypart_choices,
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
    )
    locations = forms.CharField(
        label=_("Acceptable locations"),
        help_text=_("Separate places with a comma."),
        max_length=300,
    )
    earliest_start = forms.DateField(
        label=_("Earliest start"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )

    def clean_locations(self) -> list[str]:
        raw: str = self.cleaned_data["locations"]
        return [part.strip() for part in raw.split(",") if part.strip()]


class GroupForm(forms.ModelForm):  # type: ignore[type-arg]
    weekday = forms.ChoiceField(
        label=_("Weekday"),
        choices=[(d, WEEKDAY_LABELS[d]) for d in WEEKDAYS[:6]],
        widget=forms.Select(attrs=SELECT),
    )
    interpreter = forms.CharField(
        label=_("Interpreter languages"),
        required=False,
        help_text=_("ISO 639-3 codes separated by commas, e.g. ara, tir."),
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "code",
            "kind",
            "municipality",
            "provider",
            "location",
            "language",
            "min_size",
            "max_size",
            "weekday",
            "moment",
            "start_time",
            "end_time",
            "start_date",
            "session_count",
            "interval_weeks",
            "elearning",
        ]
        widgets = {
            "elearning": forms.CheckboxInput(
                attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
            ),
            "kind": forms.Select(attrs=SELECT),
            "municipality": forms.Select(attrs=SELECT),
            "provider": forms.Select(attrs=SELECT),
            "moment": forms.Select(attrs=SELECT),
            "start_time": forms.TimeInput(attrs={**DATE, "type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={**DATE, "type": "time"}, format="%H:%M"),
            "start_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "min_size": forms.NumberInput(attrs=NUMBER),
            "max_size": forms.NumberInput(attrs=NUMBER),
            "session_count": forms.NumberInput(attrs=NUMBER),
            "interval_weeks": forms.NumberInput(attrs=NUMBER),
        }

    def __init__(self, *args: Any, municipalities: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[m.pk for m in municipalities]
        )
        self.fields["provider"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).exclude(type__in=[OrganisationType.GEMEENTE, OrganisationType.REGIO])
        self.fields["provider"].required = False

    def clean_interpreter(self) -> list[str]:
        raw: str = self.cleaned_data.get("interpreter") or ""
        codes = [c.strip().lower() for c in raw.split(",") if c.strip()]
        for code in codes:
            if len(code) != 3 or not code.isalpha():
                raise forms.ValidationError(_("Use three-letter ISO 639-3 codes."))
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        low, high = data.get("min_size"), data.get("max_size")
        if low is not None and high is not None and low > high:
            self.add_error("max_size", _("The maximum must be at least the minimum."))
        return data


class ResultForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Result"), choices=ResultKind.choices, widget=forms.Select(attrs=SELECT)
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    verwijtbaar = forms.ChoiceField(
        label=_("Culpable (verwijtbaar)"),
        required=False,
        choices=[("", _("Not applicable")), ("Nee", _("No")), ("Ja", _("Yes"))],
        help_text=_("Only when the date lies on or after the end of the term."),
        widget=forms.Select(attrs=SELECT),
    )

    def clean_on(self) -> Any:
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date may not lie in the future."))
        return value


class ImportForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        widget=forms.Select(attrs=SELECT),
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Attendance: columns bsn, date, status, hours (and optionally component, reason). "
            "Results: columns bsn, date, skill, level."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, providers: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in providers]
        )
        if len(providers) == 1:
            field.initial = providers[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class SchoolHolidayForm(forms.ModelForm):  # type: ignore[type-arg]
    """A school-holiday period: the last day not before the first, no overlap with another."""

    class Meta:
        model = SchoolHoliday
        fields = ["name", "first_day", "last_day"]
        widgets = {
            "first_day": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "last_day": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("The last day may not be before the first day."))
            else:
                overlap = (
                    SchoolHoliday.objects.filter(first_day__lte=last, last_day__gte=first)
                    .exclude(pk=self.instance.pk)
                    .first()
                )
                if overlap is not None:
                    self.add_error(
                        "first_day",
                        _("This period overlaps %(name)s (%(first)s to %(last)s).")
                        % {
                            "name": overlap.name,
                            "first": formats.date_format(overlap.first_day, "SHORT_DATE_FORMAT"),
                            "last": formats.date_format(overlap.last_day, "SHORT_DATE_FORMAT"),
                        },
                    )
        return data
