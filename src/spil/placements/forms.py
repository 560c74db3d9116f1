from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation, User
from spil.accounts.roles import Role
from spil.audit.purposes import CATEGORY_LABELS
from spil.core.form_helpers import StyledForm, style_widgets
from spil.core.week import DayPart
from spil.occupations.esco import get_occupation
from spil.occupations.search import search
from spil.placements import queries
from spil.placements.models import (
    CheckInMood,
    EmployerLocation,
    EndReason,
    OfferStatus,
    OutcomeKind,
    Placement,
    PlacementOffer,
)

DAYPART_CHOICES = [(str(int(dp)), dp.label) for dp in DayPart]
DAYPART_LABELS = dict(DAYPART_CHOICES)


if TYPE_CHECKING:
    _OfferFormBase = forms.ModelForm[PlacementOffer]
    _LocationFormBase = forms.ModelForm[EmployerLocation]
else:
    _OfferFormBase = _LocationFormBase = forms.ModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OfferForm(_OfferFormBase):
    """An offer with its ESCO occupation chosen from the occupation search: type a few words,
    press "Search occupations", then choose one of the occupations found."""

    occupation_query = forms.CharField(
        label=_("Search an occupation"),
        required=False,
        help_text=_("A few words in Dutch, for example 'kok' or 'magazijn'."),
    )
    esco_uri = forms.ChoiceField(
        label=_("ESCO occupation"), required=True, widget=forms.RadioSelect, choices=[]
    )
    dayparts = forms.MultipleChoiceField(
        label=_("Day-parts"),
        required=False,
        choices=DAYPART_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when the hours are flexible."),
    )

    class Meta:
        model = PlacementOffer
        fields = [
            "employer",
            "location",
            "title",
            "type",
            "esco_uri",
            "sector",
            "hours_per_week",
            "dayparts",
            "start_date",
            "end_date",
            "required_speaking",
            "required_listening",
            "support_buddy",
            "support_leermeester",
            "support_jobcoach",
            "places",
            "accessibility_notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = queries.employers_for_user(user)  # type: ignore[attr-defined]
        self.fields["location"].queryset = queries.locations_for_user(user)  # type: ignore[attr-defined]
        choices: list[tuple[str, str]] = []
        current = self.data.get("esco_uri") if self.is_bound else self.instance.esco_uri
        if current:
            try:
                occ = get_occupation(str(current))
                choices.append((occ.uri, f"{occ.label} (ISCO {occ.isco_code})"))
            except KeyError:
                pass
        query = self.data.get("occupation_query", "") if self.is_bound else ""
        for hit in search(str(query), limit=8) if query else []:
            if hit.occupation.uri != current:
                choices.append(
                    (hit.occupation.uri, f"{hit.occupation.label} (ISCO {hit.isco_code})")
                )
        self.fields["esco_uri"].choices = choices  # type: ignore[attr-defined]
        if not choices:
            self.fields["esco_uri"].help_text = _("Search an occupation first.")
        style_widgets(self)
        if self.instance.pk:
            self.initial["dayparts"] = [str(d) for d in self.instance.dayparts]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end lies before the start."))
        location = data.get("location")
        if location and data.get("employer") and location.employer_id != data["employer"].pk:
            self.add_error("location", _("The location belongs to another employer."))
        uri = data.get("esco_uri")
        if uri:
            occ = get_occupation(uri)
            self.instance.occupation_label = occ.label
            self.instance.isco_code = occ.isco_code
        data["dayparts"] = [int(d) for d in data.get("dayparts") or []]
        return data


class OfferStatusForm(forms.Form):
    """Open, pause or close an offer (the buttons on the offer page)."""

    status = forms.ChoiceField(choices=OfferStatus.choices)


class ProposeForm(forms.Form):
    """Propose the person for one of the offers on their matches page."""

    offer = forms.UUIDField()


class LocationForm(_LocationFormBase):
    class Meta:
        model = EmployerLocation
        fields = ["name", "street", "postcode", "city"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ConsentForm(StyledForm):
    organisation = forms.ModelChoiceField(label=_("Employer"), queryset=Organisation.objects.none())
    categories = forms.MultipleChoiceField(
        label=_("Data the newcomer agrees to share"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(c.value, CATEGORY_LABELS[c]) for c in queries.SHAREABLE_CATEGORIES],
        help_text=_("Only for the placement and coaching at this employer; can be withdrawn."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = queries.employers_for_user(user)  # type: ignore[attr-defined]


def _users_with(role: str) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, memberships__role=role, memberships__is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class TeamForm(StyledForm):
    job_coach = forms.ModelChoiceField(
        label=_("Job coach"), queryset=User.objects.none(), required=False
    )
    accountmanager = forms.ModelChoiceField(
        label=_("Account manager"), queryset=User.objects.none(), required=False
    )
    buddy = forms.ModelChoiceField(label=_("Buddy"), queryset=User.objects.none(), required=False)
    language_coach = forms.ModelChoiceField(
        label=_("Language coach"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, placement: Placement, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "job_coach": placement.job_coach_id,
                "accountmanager": placement.accountmanager_id,
                "buddy": placement.buddy_id,
                "language_coach": placement.language_coach_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["job_coach"].queryset = _users_with(Role.JOBCOACH)  # type: ignore[attr-defined]
        self.fields["accountmanager"].queryset = _users_with(Role.ACCOUNTMANAGER)  # type: ignore[attr-defined]
        self.fields["buddy"].queryset = _users_with(Role.BUDDY)  # type: ignore[attr-defined]
        self.fields["language_coach"].queryset = _users_with(Role.TRAINER)  # type: ignore[attr-defined]


class IntroductionForm(StyledForm):
    on = forms.DateField(label=_("Introduction meeting on"), widget=DateInput())


class StartForm(StyledForm):
    on = forms.DateField(label=_("First day"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput(), required=False)


class EvaluateForm(StyledForm):
    on = forms.DateField(label=_("Evaluated on"), widget=DateInput())
    text = forms.CharField(
        label=_("Evaluation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class EndForm(StyledForm):
    on = forms.DateField(label=_("Last day"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=300,
        help_text=_("Without a next step Spil raises a momentum signal."),
    )
    next_step_on = forms.DateField(label=_("Next step starts"), widget=DateInput(), required=False)
    outcome = forms.ChoiceField(
        label=_("Record as outcome"),
        required=False,
        choices=[("", _("No outcome")), *OutcomeKind.choices],
    )


class ConvertForm(StyledForm):
    on = forms.DateField(label=_("First day of the paid job"), widget=DateInput())


class NextStepForm(StyledForm):
    next_step = forms.CharField(label=_("Next step"), max_length=300)
    next_step_on = forms.DateField(label=_("Next step starts"), widget=DateInput(), required=False)


class CheckInForm(StyledForm):
    mood = forms.ChoiceField(
        label=_("How is it going?"), choices=CheckInMood.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Short note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(StyledForm):
    kind = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices)
    started_on = forms.DateField(label=_("Date"), widget=DateInput())
    ended_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    placement = forms.ModelChoiceField(
        label=_("From placement"), queryset=Placement.objects.none(), required=False
    )
    course = forms.CharField(label=_("From course"), required=False, max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    hours_per_week = forms.IntegerField(
        label=_("Hours per week (paid work)"), required=False, min_value=1, max_value=60
    )
    with_benefit = forms.NullBooleanField(
        label=_("A benefit continues beside the paid work"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    def __init__(self, *args: Any, person_placements: QuerySet[Placement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = person_placements  # type: ignore[attr-defined]
