from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.core.week import WORKDAYS, DayPart, Weekday
from spil.intake.models import Focus
from spil.persons.models import Person
from spil.programmes.models import (
    AttendanceStatus,
    Cadence,
    Group,
    GroupKind,
    Milestone,
    Phase,
    PhaseComponent,
    ProgrammeRole,
    ProgrammeStream,
    ProgrammeTemplate,
    ResultKind,
    SchoolHoliday,
    Skill,
    WaitingEntry,
)

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE = {"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}
NUMBER = {"class": "utrecht-textbox utrecht-textbox--html-input spil-input--short"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


def daypart_choices() -> list[tuple[str, str | Promise]]:
    """The free day-parts a person can give for the waiting list: Monday to Friday."""
    return [(dp.code, dp.label) for dp in DayPart if dp.weekday in WORKDAYS]


class TemplateForm(forms.ModelForm):  # type: ignore[type-arg]
    entry_skills = forms.MultipleChoiceField(
        label=_("Skills the level applies to"),
        choices=Skill.choices,
        required=False,
        help_text=_("None chosen: all four."),
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )

    class Meta:
        model = ProgrammeTemplate
        fields = [
            "name",
            "target_group",
            "source",
            "description",
            "is_active",
            "entry_level",
            "entry_skills",
            "entry_after_pvt",
            "chain_meeting",
            "group_forming",
        ]
        widgets = {
            "description": forms.Textarea(
                attrs={"rows": 4, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
            ),
            "is_active": forms.CheckboxInput(attrs=CHECKBOX),
            "entry_after_pvt": forms.CheckboxInput(attrs=CHECKBOX),
            "entry_level": forms.Select(attrs=SELECT),
            "chain_meeting": forms.Select(attrs=SELECT),
            "group_forming": forms.Select(attrs=SELECT),
        }


class PhaseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Phase
        fields = ["name", "duration_weeks"]
        widgets = {"duration_weeks": forms.NumberInput(attrs=NUMBER)}


class ComponentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PhaseComponent
        fields = [
            "kind",
            "hours_per_week",
            "hours_per_week_end",
            "day_parts",
            "moment",
            "cadence",
            "sessions",
            "note",
        ]
        widgets = {
            "kind": forms.Select(attrs=SELECT),
            "moment": forms.Select(attrs=SELECT),
            "cadence": forms.Select(attrs=SELECT),
            "hours_per_week": forms.NumberInput(attrs=NUMBER),
            "hours_per_week_end": forms.NumberInput(attrs=NUMBER),
            "day_parts": forms.NumberInput(attrs=NUMBER),
            "sessions": forms.NumberInput(attrs=NUMBER),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cadence") == Cadence.SESSIONS and not data.get("sessions"):
            self.add_error("sessions", _("Give the number of sessions in the phase."))
        return data


class MilestoneForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Milestone
        fields = ["kind", "name", "week", "repeat_every_weeks", "checked_by"]
        widgets = {
            "kind": forms.Select(attrs=SELECT),
            "checked_by": forms.Select(attrs=SELECT),
            "week": forms.NumberInput(attrs=NUMBER),
            "repeat_every_weeks": forms.NumberInput(attrs=NUMBER),
        }


class RoleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProgrammeRole
        fields = ["role", "hours_per_week", "note"]
        widgets = {
            "role": forms.Select(attrs=SELECT),
            "hours_per_week": forms.NumberInput(attrs=NUMBER),
        }


class StreamForm(forms.ModelForm):  # type: ignore[type-arg]
    focus = forms.ChoiceField(
        label=_("Intake focus"),
        required=False,
        choices=[("", _("None")), *Focus.choices],
        help_text=_("With group forming by intake focus or talent scan: who joins this group."),
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = ProgrammeStream
        fields = ["name", "focus", "note"]


class EnrolForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=ProgrammeTemplate.objects.filter(is_active=True),
        widget=forms.Select(attrs=SELECT),
    )
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class EnrolFromPipForm(EnrolForm):
    accept_unmet = forms.BooleanField(
        label=_("Enrol although the entry conditions are not met"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )


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
        choices=Weekday.choices[:6],
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
            "postcode",
            "offers_childcare",
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
            "elearning": forms.CheckboxInput(attrs=CHECKBOX),
            "offers_childcare": forms.CheckboxInput(attrs=CHECKBOX),
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
    on = forms.DateField(
        label=_("Date"),
        required=False,
        help_text=_("Leave empty to withdraw the date sent to DUO earlier."),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    verwijtbaar = forms.ChoiceField(
        label=_("Culpable (verwijtbaar)"),
        required=False,
        choices=[("", _("Not applicable")), ("Nee", _("No")), ("Ja", _("Yes"))],
        help_text=_("Only when the date lies on or after the end of the term."),
        widget=forms.Select(attrs=SELECT),
    )

    def clean_on(self) -> Any:
        value = self.cleaned_data["on"]
        if value is not None and value > timezone.localdate():
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


class AssignmentKindForm(forms.Form):
    """Which waiting list the assignment page shows: the kind posted, else the one in the
    address (the page posts to its own address); MAP when none or an unknown one is asked."""

    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)

    @classmethod
    def of(cls, request: HttpRequest) -> AssignmentKindForm:
        return cls(request.POST if request.POST.get("kind") else request.GET)

    def chosen(self) -> str:
        return str(self.cleaned_data["kind"]) if self.is_valid() else GroupKind.MAP


class AssignmentForm(forms.Form):
    """The planner's adjustments to the proposal and the proposal they accept.

    For each waiting participant shown, named as the page posts them: ``adjust-<person id>``
    ("pin:<group id>" places them in that group, "forbid:<group id>" keeps them out, empty
    leaves it to the optimiser), ``place-<person id>`` (the group the proposal placed them
    in) and ``pinned-<person id>`` (the planner fixed that). Only the participants and groups
    on the page are fields and choices, so anything else posted is ignored; a value that is
    not one of the choices is an error naming the participant's field.
    """

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("propose", _("Make a proposal")), ("accept", _("Accept the proposal"))],
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        entries: Sequence[WaitingEntry],
        groups: Sequence[Group],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person_ids = [entry.person_id for entry in entries]
        options = self.group_options(groups)
        places = [(str(group.pk), group.name) for group in groups]
        for entry in entries:
            name = entry.person.full_name
            self.fields[f"adjust-{entry.person_id}"] = forms.ChoiceField(
                label=_("Adjust for %(name)s") % {"name": name},
                choices=[("", _("As proposed")), *options],
                required=False,
            )
            self.fields[f"place-{entry.person_id}"] = forms.TypedChoiceField(
                label=_("Proposal for %(name)s") % {"name": name},
                choices=places,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"pinned-{entry.person_id}"] = forms.BooleanField(required=False)

    @staticmethod
    def group_options(groups: Sequence[Group]) -> list[tuple[str, str]]:
        """The adjustments the page offers for every participant: in or out of each group."""
        return [
            option
            for group in groups
            for option in (
                (f"pin:{group.pk}", _("Place in %(name)s") % {"name": group.name}),
                (f"forbid:{group.pk}", _("Not in %(name)s") % {"name": group.name}),
            )
        ]

    def adjustments(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The (person id, group id) pairs the planner fixed and forbade."""
        fixed: list[tuple[int, int]] = []
        forbidden: list[tuple[int, int]] = []
        for person_id in self.person_ids:
            verb, _sep, group_id = str(self.cleaned_data[f"adjust-{person_id}"]).partition(":")
            if verb == "pin":
                fixed.append((person_id, int(group_id)))
            elif verb == "forbid":
                forbidden.append((person_id, int(group_id)))
        return fixed, forbidden

    def placements(self) -> list[tuple[int, int, bool]]:
        """The (person id, group id, pinned) placements of the proposal being accepted."""
        return [
            (person_id, group_id, bool(self.cleaned_data[f"pinned-{person_id}"]))
            for person_id in self.person_ids
            if (group_id := self.cleaned_data[f"place-{person_id}"]) is not None
        ]

    def error_list(self) -> list[tuple[str, str, str]]:
        """Each error as (anchor, field label, message) for the summary on the page; the
        anchor is the participant's adjustment on the page (empty for the action)."""
        return [
            (
                f"adjust-{name.partition('-')[2]}" if "-" in name else "",
                str(self.fields[name].label),
                str(message),
            )
            for name, messages in self.errors.items()
            for message in messages
        ]


class AttendanceForm(forms.Form):
    """The attendance of one session: a status per member and, for an excused absence, a
    reason. The page posts ``s-<person id>`` and ``r-<person id>`` for every member, or
    ``everyone=present`` for the button that marks everybody present — except those who
    reported their absence themselves (`reported`: person id → status and reason)."""

    everyone = forms.BooleanField(required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        members: Sequence[Person],
        reported: Mapping[int, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(data)
        self.members = list(members)
        self.reported = dict(reported or {})
        for member in self.members:
            self.fields[f"s-{member.pk}"] = forms.ChoiceField(
                choices=AttendanceStatus.choices,
                required=False,
                error_messages={"invalid_choice": _("Choose present, late, excused or absent.")},
            )
            self.fields[f"r-{member.pk}"] = forms.CharField(max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("everyone"):
            return cleaned
        for member in self.members:
            status = cleaned.get(f"s-{member.pk}")
            if f"s-{member.pk}" in self.errors:
                continue
            if not status:
                self.add_error(f"s-{member.pk}", _("Choose present, late, excused or absent."))
            elif status == AttendanceStatus.EXCUSED and not cleaned.get(f"r-{member.pk}"):
                self.add_error(f"r-{member.pk}", _("Give the reason for the excused absence."))
        return cleaned

    def marks(self) -> dict[int, tuple[str, str]]:
        """Person id → (status, reason), once the form is valid."""
        if self.cleaned_data.get("everyone"):
            present = (str(AttendanceStatus.PRESENT), "")
            return {member.pk: self.reported.get(member.pk, present) for member in self.members}
        return {
            member.pk: (
                self.cleaned_data[f"s-{member.pk}"],
                self.cleaned_data[f"r-{member.pk}"].strip(),
            )
            for member in self.members
        }

    def error_for(self, member: Person) -> str:
        for name in (f"s-{member.pk}", f"r-{member.pk}"):
            if name in self.errors:
                return str(self.errors[name][0])
        return ""

    def posted(self, member: Person) -> tuple[str, str] | None:
        """What was posted for `member` (to show it again with the errors), None unbound."""
        if not self.is_bound:
            return None
        status = self[f"s-{member.pk}"].value() or ""
        return str(status), str(self[f"r-{member.pk}"].value() or "")
