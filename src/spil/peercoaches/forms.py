from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.core.form_helpers import style_widgets
from spil.core.week import DayPart
from spil.peercoaches import queries
from spil.peercoaches.models import ActivityKind, Gender, PeerCoach
from spil.persons.models import ConsentGivenHow
from spil.persons.presentation import COMMON_INTERPRETER_LANGUAGES, language_name

if TYPE_CHECKING:
    _CoachFormBase = forms.ModelForm[PeerCoach]
else:
    _CoachFormBase = forms.ModelForm

#: The languages a coach can be registered with: the common ones first, Dutch last.
LANGUAGE_CODES = (*COMMON_INTERPRETER_LANGUAGES, "nld")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def language_choices(current: list[str] | None = None) -> list[tuple[str, str]]:
    codes = list(dict.fromkeys([*LANGUAGE_CODES, *(current or [])]))
    return [(code, language_name(code)) for code in codes]


class CoachForm(_CoachFormBase):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    availability = forms.MultipleChoiceField(
        label=_("Available"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(str(int(dp)), dp.label) for dp in DayPart],
        required=False,
    )

    class Meta:
        model = PeerCoach
        fields = [
            "display_name",
            "organisation",
            "user",
            "phone",
            "languages",
            "gender",
            "availability",
            "kind",
            "hourly_rate",
            "is_active",
        ]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices(self.instance.languages)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = queries.coach_organisations()  # type: ignore[attr-defined]
        self.fields["user"].queryset = queries.coach_sign_ins()  # type: ignore[attr-defined]
        self.fields["user"].help_text = _(
            "The coach's own sign-in (role buddy / peer expert in the organisation), if any."
        )
        self.fields["hourly_rate"].help_text = _("For a paid coach; a volunteer gets none.")
        if self.instance.pk:
            self.initial["availability"] = [str(n) for n in self.instance.availability]
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user = data.get("user")
        organisation = data.get("organisation")
        if user is not None and organisation is not None:
            holds = user.memberships.filter(
                organisation=organisation, role="buddy", is_active=True
            ).exists()
            if not holds:
                self.add_error(
                    "user",
                    _("This user is not a buddy / peer expert of the chosen organisation."),
                )
        if data.get("kind") == "paid" and not (data.get("hourly_rate") or Decimal(0)) > 0:
            self.add_error("hourly_rate", _("A paid coach needs an hourly rate."))
        return data


class PreferenceForm(forms.Form):
    """The newcomer's preference, which orders the suggestions (GET)."""

    gender = forms.ChoiceField(
        label=_("Preferred gender of the coach"),
        choices=[("", _("No preference")), *Gender.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class AssignForm(forms.Form):
    coach = forms.ChoiceField(label=_("Coach"), widget=forms.RadioSelect, choices=())
    started_on = forms.DateField(label=_("Start"), widget=DateInput())
    reason = forms.CharField(
        label=_("What the coach helps with"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        help_text=_("For example: going along to the first MAP session and by bus."),
    )
    gender_preference = forms.ChoiceField(
        label=_("Preferred gender of the coach"),
        choices=[("", _("No preference")), *Gender.choices],
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "The newcomer agrees that the coach's organisation sees their name, phone, "
            "languages and next group session, for support by this coach."
        ),
        error_messages={"required": _("Without the newcomer's consent no coach is assigned.")},
    )
    consent_how = forms.ChoiceField(
        label=_("How the newcomer gave consent"),
        widget=forms.RadioSelect,
        choices=ConsentGivenHow.choices,
    )

    def __init__(self, *args: Any, suggestions: list[queries.Suggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coaches = {str(s.coach.pk): s.coach for s in suggestions}
        self.fields["coach"].choices = [  # type: ignore[attr-defined]
            (
                str(s.coach.pk),
                f"{s.coach.display_name} ({s.coach.organisation.name}): {'; '.join(s.reasons)}",
            )
            for s in suggestions
        ]
        self.fields["started_on"].initial = timezone.localdate()
        style_widgets(self)

    def chosen_coach(self) -> PeerCoach:
        return self.coaches[self.cleaned_data["coach"]]


class ActivityForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("What you did"), widget=forms.RadioSelect, choices=())
    hours = forms.DecimalField(
        label=_("Time spent (hours)"),
        min_value=Decimal("0.25"),
        max_value=Decimal("12"),
        decimal_places=2,
        help_text=_("In hours: 1.5 is an hour and a half."),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=500,
        help_text=_("Only what the client manager needs to know; no medical details."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ActivityKind.choices  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate()
        style_widgets(self)

    def minutes(self) -> int:
        return int((self.cleaned_data["hours"] * 60).to_integral_value())
