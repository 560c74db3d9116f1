"""The steps of the brede intake: one form per step, with the data categories it holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spil.audit.purposes import DataCategory
from spil.core.week import WORKDAYS, DayPart

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from spil.intake.models import BarrierKind, BarrierStatus, Focus
from spil.intake.picker import OccupationField

_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_DATE = {"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"}
_SELECT = {"class": "utrecht-select utrecht-select--html-select"}
_CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
_TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}

CEFR = [
    ("", _("Not assessed")),
    ("0", _("No knowledge yet")),
    ("A0", "A0"),
    ("A1", "A1"),
    ("A2", "A2"),
    ("B1", "B1"),
    ("B2", "B2"),
    ("C1", "C1"),
    ("C2", "C2"),
]
LITERACY = [
    ("none", _("Literate in the Latin script")),
    ("anders_gealfabetiseerd", _("Literate in another script (anders gealfabetiseerd)")),
    ("analfabeet", _("Not literate (analfabeet)")),
]
EDUCATION_LEVELS = [
    ("", _("Unknown")),
    ("none", _("No formal education")),
    ("primary", _("Primary education")),
    ("secondary_lower", _("Lower secondary education")),
    ("secondary_upper", _("Upper secondary education")),
    ("vocational", _("Vocational education")),
    ("bachelor", _("Bachelor or equivalent")),
    ("master", _("Master, doctorate or equivalent")),
]
RECOGNITION = [
    ("not_applicable", _("Not applicable")),
    ("not_requested", _("Not requested")),
    ("requested", _("Requested")),
    ("obtained", _("Obtained")),
    ("refused", _("Refused")),
]
SCALE_1_5 = [
    ("", _("Not assessed")),
    ("1", _("1 · very limited")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 · fully")),
]
YES_NO = [("", _("Not assessed")), ("yes", _("Yes")), ("no", _("No"))]
#: Means of transport, the codes of ``spil.core.travel.Transport``.
TRANSPORT = [
    ("", _("Not assessed")),
    ("bike", _("Bicycle")),
    ("public_transport", _("Public transport")),
    ("car", _("Car")),
    ("walk", _("On foot")),
]
#: Weekday day-parts (Monday to Friday) childcare can cover, as "mon-morning" codes.
CHILDCARE_DAYPARTS = [(dp.code, dp.label) for dp in DayPart if dp.weekday in WORKDAYS]
LBT_RESULTS = [
    ("", _("Not taken yet")),
    ("b1_reachable", _("B1 is reachable")),
    ("b1_doubtful", _("B1 is doubtful")),
    ("b1_not_reachable", _("B1 is not reachable")),
]


def _date(label: StrOrPromise, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=kwargs.pop("required", False),
        widget=forms.DateInput(_DATE, format="%Y-%m-%d"),
        **kwargs,
    )


def _text(label: StrOrPromise, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=kwargs.pop("required", False),
        max_length=kwargs.pop("max_length", 200),
        widget=forms.TextInput(_TEXT),
        **kwargs,
    )


def _area(label: StrOrPromise, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4000,
        widget=forms.Textarea(_TEXTAREA),
        **kwargs,
    )


def _choice(
    label: StrOrPromise, choices: list[tuple[str, Any]], **kwargs: Any
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=kwargs.pop("required", False),
        widget=forms.Select(_SELECT),
        **kwargs,
    )


def _check(label: StrOrPromise, **kwargs: Any) -> forms.BooleanField:
    return forms.BooleanField(
        label=label, required=False, widget=forms.CheckboxInput(_CHECKBOX), **kwargs
    )


class ConversationForm(forms.Form):
    date = _date(_("Date of the conversation"), required=True)
    home_visit = _check(_("This was a home visit"))
    interpreter_present = _check(_("An interpreter was present"))
    interpreter_language = _text(_("Language of the interpreter"), max_length=60)
    peer_expert_present = _check(_("A peer expert (ervaringsdeskundige) was present"))
    partner_present = _check(_("The partner was present"))
    own_conversation_offered = _check(
        _("The newcomer was told of the right to a conversation without the partner"),
    )
    own_conversation_wanted = _check(_("The newcomer wants a conversation without the partner"))
    others_present = _text(_("Others present"))


class EducationForm(forms.Form):
    highest_level = _choice(_("Highest level of education"), EDUCATION_LEVELS)
    years = forms.IntegerField(
        label=_("Years of education"),
        required=False,
        min_value=0,
        max_value=30,
        widget=forms.NumberInput(_TEXT),
    )
    diplomas = _area(_("Diplomas and certificates"))
    recognition = _choice(
        _("Recognition of diplomas (IDW / Nuffic)"), RECOGNITION, initial="not_requested"
    )
    notes = _area(_("Notes"))


class WorkForm(forms.Form):
    occupation_1 = OccupationField(label=_("Occupation 1"))
    years_1 = forms.IntegerField(
        label=_("Years in occupation 1"),
        required=False,
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(_TEXT),
    )
    country_1 = _text(_("Country of occupation 1"), max_length=60)
    occupation_2 = OccupationField(label=_("Occupation 2"))
    years_2 = forms.IntegerField(
        label=_("Years in occupation 2"),
        required=False,
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(_TEXT),
    )
    country_2 = _text(_("Country of occupation 2"), max_length=60)
    notes = _area(_("Other work experience"))


class LanguageForm(forms.Form):
    reading = _choice(_("Reading (CEFR)"), CEFR)
    listening = _choice(_("Listening (CEFR)"), CEFR)
    speaking = _choice(_("Speaking (CEFR)"), CEFR)
    writing = _choice(_("Writing (CEFR)"), CEFR)
    literacy = _choice(_("Literacy"), LITERACY, required=True, initial="none")
    other_languages = _text(_("Other languages spoken"))
    taalles_knm_hours = forms.IntegerField(
        label=_("Hours of Dutch and KNM lessons during the broad intake"),
        help_text=_("The total so far; Spil sends it to DUO (Gevolgde uren)."),
        min_value=0,
        max_value=9999,
        required=False,
    )


class HealthForm(forms.Form):
    """Positive health (Huber): six dimensions, each scored 0-10 by the newcomer."""

    bodily_functions = forms.IntegerField(
        label=_("Bodily functions (0-10)"), min_value=0, max_value=10, required=False
    )
    mental_wellbeing = forms.IntegerField(
        label=_("Mental well-being (0-10)"), min_value=0, max_value=10, required=False
    )
    meaningfulness = forms.IntegerField(
        label=_("Meaningfulness (0-10)"), min_value=0, max_value=10, required=False
    )
    quality_of_life = forms.IntegerField(
        label=_("Quality of life (0-10)"), min_value=0, max_value=10, required=False
    )
    participation = forms.IntegerField(
        label=_("Participation (0-10)"), min_value=0, max_value=10, required=False
    )
    daily_functioning = forms.IntegerField(
        label=_("Daily functioning (0-10)"), min_value=0, max_value=10, required=False
    )
    notes = _area(_("Notes on health"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            if name != "notes":
                self.fields[name].widget = forms.NumberInput({**_TEXT, "min": 0, "max": 10})


class LifeForm(forms.Form):
    family = _area(_("Family and household"))
    childcare = _area(_("Childcare"))
    childcare_needed = _choice(_("Needs childcare to take part"), YES_NO)
    childcare_dayparts = forms.MultipleChoiceField(
        label=_("Day-parts childcare is arranged"),
        choices=CHILDCARE_DAYPARTS,
        required=False,
        widget=forms.CheckboxSelectMultiple(_CHECKBOX),
        help_text=_(
            "Groups and placements outside these day-parts are not proposed, unless the "
            "group offers childcare itself."
        ),
    )
    transport = _choice(_("Means of transport"), TRANSPORT)
    max_travel_minutes = forms.IntegerField(
        label=_("Maximum travel time one way (minutes)"),
        required=False,
        min_value=5,
        max_value=180,
        widget=forms.NumberInput({**_TEXT, "min": 5, "max": 180}),
    )
    housing = _area(_("Housing"))
    finances = _area(_("Finances"))
    debts = _choice(_("Debts"), YES_NO)
    debts_notes = _area(_("Notes on debts"))
    network = _area(_("Social network"))
    self_reliance = _choice(_("Self-reliance"), SCALE_1_5)
    digital_skills = _choice(_("Digital skills"), SCALE_1_5)
    motivation = _area(_("Motivation"))


class AmbitionsForm(forms.Form):
    dream_job = OccupationField(label=_("Dream job"))
    dream_job_realism = _area(_("How realistic is the dream job, and what would it take?"))
    plan_b = OccupationField(label=_("Plan B"))
    plan_b_realism = _area(_("Realism of plan B"))
    plan_c = OccupationField(label=_("Plan C"))
    plan_c_realism = _area(_("Realism of plan C"))


class BarrierForm(forms.Form):
    kind = _choice(_("Kind of barrier"), [("", "—"), *BarrierKind.choices])
    description = _text(_("Description"), max_length=300)
    owner = _text(_("Owner (who takes this up)"))
    action = _text(_("Action"), max_length=300)
    status = _choice(_("Status"), BarrierStatus.choices, initial=BarrierStatus.OPEN)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and not (data.get("owner") and data.get("action")):
            raise forms.ValidationError(_("A barrier needs an owner and an action."))
        return data


class AssessmentForm(forms.Form):
    lbt_date = _date(_("Date of the learnability test"))
    lbt_provider = _text(_("Provider of the learnability test"))
    lbt_result = _choice(_("Result of the learnability test"), LBT_RESULTS)
    lbt_advice = _area(_("Advice of the learnability test"))
    talent_scan = _check(_("A talent scan was done"))
    talent_learnability = _area(_("Talent scan: learnability"))
    talent_interests = _area(_("Talent scan: interests"))
    talent_drivers = _area(_("Talent scan: drivers"))
    talent_wellbeing = _area(_("Talent scan: well-being"))
    talent_competences = _area(_("Talent scan: competences"))


class FocusForm(forms.Form):
    focus = forms.ChoiceField(
        label=_("Focus decided by the client manager"),
        choices=Focus.choices,
        widget=forms.RadioSelect(
            attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
        ),
    )
    focus_note = _area(_("Why this focus"))


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise
    form: type[forms.Form]
    categories: tuple[DataCategory, ...]
    special: bool = False


STEPS: tuple[Step, ...] = (
    Step("gesprek", _("The conversation"), ConversationForm, (DataCategory.CONTACT_MOMENTS,)),
    Step("opleiding", _("Education"), EducationForm, (DataCategory.EDUCATION,)),
    Step("werk", _("Work history"), WorkForm, (DataCategory.WORK,)),
    Step("taal", _("Language"), LanguageForm, (DataCategory.LANGUAGE,)),
    Step(
        "gezondheid",
        _("Health"),
        HealthForm,
        (DataCategory.HEALTH,),
        special=True,
    ),
    Step(
        "leefsituatie",
        _("Family, housing, finances and network"),
        LifeForm,
        (DataCategory.HOUSEHOLD, DataCategory.FINANCES),
    ),
    Step("ambities", _("Ambitions"), AmbitionsForm, (DataCategory.WORK,)),
    Step("belemmeringen", _("Barriers"), BarrierForm, (DataCategory.TRAJECTORY,)),
    Step(
        "leerbaarheid",
        _("Learnability test and talent scan"),
        AssessmentForm,
        (DataCategory.EDUCATION,),
    ),
    Step("focus", _("Focus"), FocusForm, (DataCategory.TRAJECTORY,)),
)
STEP_BY_SLUG = {s.slug: s for s in STEPS}


def next_step(slug: str) -> Step | None:
    slugs = [s.slug for s in STEPS]
    index = slugs.index(slug)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None
