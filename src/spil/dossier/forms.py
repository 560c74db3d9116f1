from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation, User
from spil.dossier import queries as dossier_queries
from spil.dossier import texts
from spil.dossier.models import ContactKind
from spil.persons import queries as person_queries
from spil.persons.models import HouseholdMember, Person
from spil.persons.presentation import (
    COMMON_INTERPRETER_LANGUAGES,
    country_name,
    interpreter_language_choices,
    language_name,
)
from spil.persons.validators import bsn_in_search
from spil.trajectories.models import DeadlineKind, Leerroute, TrajectoryStatus

_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_SELECT = {"class": "utrecht-select utrecht-select--html-select"}
_CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
_TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 5}


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or BSN"),
        required=False,
        max_length=100,
        widget=forms.TextInput({**_TEXT, "type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=forms.Select(_SELECT))
    leerroute = forms.ChoiceField(
        label=_("Learning route"), required=False, widget=forms.Select(_SELECT)
    )
    signal = forms.ChoiceField(label=_("Open signal"), required=False, widget=forms.Select(_SELECT))
    municipality = forms.TypedChoiceField(
        label=_("Municipality"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(_SELECT),
    )
    focus = forms.ChoiceField(
        label=_("Intake focus"),
        required=False,
        choices=[
            ("", _("All")),
            ("education", _("Education")),
            ("participation", _("Participation")),
            ("stabilisation", _("Stabilisation")),
        ],
        widget=forms.Select(_SELECT),
    )
    programme = forms.ChoiceField(
        label=_("Programme"), required=False, widget=forms.Select(_SELECT)
    )
    group = forms.ChoiceField(label=_("Group"), required=False, widget=forms.Select(_SELECT))
    mine = forms.BooleanField(
        label=_("Only my persons"),
        required=False,
        widget=forms.CheckboxInput(_CHECKBOX),
    )
    deadline_kind = forms.ChoiceField(
        label=_("Next deadline"), required=False, widget=forms.Select(_SELECT)
    )
    due_within = forms.TypedChoiceField(
        label=_("Due within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Any time")),
            ("7", _("1 week")),
            ("14", _("2 weeks")),
            ("30", _("30 days")),
        ],
        widget=forms.Select(_SELECT),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("deadline", _("Next deadline")), ("name", _("Name"))],
        widget=forms.Select(_SELECT),
    )

    def __init__(
        self, *args: Any, user: User | AnonymousUser, municipalities: list[Organisation], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        every: list[tuple[str, object]] = [("", _("All"))]
        for name, choices in _fixed_choices(get_language()).items():
            self._set_choices(name, list(choices))
        self._set_choices("municipality", every + [(m.pk, m.name) for m in municipalities])
        # Read only when the page shows them or a chosen value is checked (a search that
        # redirects never does), and then once.
        self._set_choices(
            "programme", cache(lambda: [*every, *dossier_queries.caseload_programme_choices()])
        )
        self._set_choices(
            "group", cache(lambda: [*every, *dossier_queries.caseload_group_choices(user)])
        )
        self.show_municipality = len(municipalities) > 1

    #: Fields that are not a filter of who is in the list (kept out of "filtered").
    NOT_FILTERS = frozenset({"sort"})
    #: Fields never remembered or saved in a view: a search may be a BSN.
    NOT_REMEMBERED = frozenset({"q"})

    def query_filters(self) -> dict[str, Any]:
        """The valid form's values as keyword arguments of `dossier_queries.caseload`: each
        field by its own name, empty ones left out (the query's defaults apply)."""
        values = {k: v for k, v in self.cleaned_data.items() if v not in ("", None, False, [])}
        if "municipality" in values:
            values["municipality_id"] = values.pop("municipality")
        return values

    def clean_q(self) -> str:
        text: str = self.cleaned_data.get("q", "")
        bsn_in_search(text)  # a number that is not a valid BSN is refused, with the reason
        return text

    def searches_bsn(self) -> bool:
        return bsn_in_search(self.cleaned_data.get("q", "")) is not None

    def _set_choices(
        self,
        name: str,
        choices: list[tuple[Any, object]] | Callable[[], list[tuple[Any, object]]],
    ) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


@cache
def _fixed_choices(language: str) -> dict[str, tuple[tuple[Any, str], ...]]:
    """The caseload filters' options that are the same for every user, as text in one
    language: made once per process and language instead of on every visit (the caseload
    is the page opened most, and its hundred labels were translated on each)."""
    with translation.override(language):
        every = ("", gettext("All"))
        fixed: dict[str, list[tuple[Any, object]]] = {
            "status": [
                every,
                (dossier_queries.ACTIVE, _("Any active status")),
                *TrajectoryStatus.choices,
                (dossier_queries.NO_TRAJECTORY, _("No trajectory yet")),
            ],
            "leerroute": [every, *Leerroute.choices],
            "signal": [
                every,
                (dossier_queries.ANY_SIGNAL, _("Any open signal")),
                (dossier_queries.URGENT_SIGNAL, _("Any urgent signal")),
                *[(code, texts.signal_text(code)) for code in texts.known_signal_codes()],
            ],
            "deadline_kind": [every, *[(k, texts.deadline_kind_text(k)) for k in DeadlineKind]],
            **{
                name: list(CaseloadFilterForm.base_fields[name].choices)  # type: ignore[attr-defined]
                for name in ("focus", "due_within", "sort")
            },
        }
        return {
            name: tuple((value, str(label)) for value, label in choices)
            for name, choices in fixed.items()
        }


class ContactMomentForm(forms.Form):
    prefix = "cm"

    kind = forms.ChoiceField(
        label=_("Kind of contact"), choices=ContactKind.choices, widget=forms.Select(_SELECT)
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput({**_TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date of the contact."),
            "invalid": _("Enter the date of the contact as a valid date."),
        },
    )
    interpreter_present = forms.BooleanField(
        label=_("An interpreter was present"), required=False, widget=forms.CheckboxInput(_CHECKBOX)
    )
    interpreter_language = forms.ChoiceField(
        label=_("Language of the interpreter"),
        required=False,
        help_text=_("Required when an interpreter was present."),
        widget=forms.Select(_SELECT),
    )
    peer_expert_present = forms.BooleanField(
        label=_("A peer expert (ervaringsdeskundige) was present"),
        required=False,
        widget=forms.CheckboxInput(_CHECKBOX),
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        required=False,
        max_length=300,
        widget=forms.TextInput(_TEXT),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=10_000, widget=forms.Textarea(_TEXTAREA)
    )

    def __init__(self, *args: Any, person: Person, **kw: Any) -> None:
        kw.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kw)
        field = self.fields["interpreter_language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Choose a language")),
            *interpreter_language_choices([str(code) for code in person.languages]),
        ]
        if not self.is_bound and person.preferred_language:
            self.initial.setdefault("interpreter_language", person.preferred_language)

    def clean_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the contact cannot lie in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interpreter_present") and not data.get("interpreter_language"):
            self.add_error(
                "interpreter_language",
                _("Choose the language of the interpreter, or untick 'An interpreter was present'"),
            )
        if not data.get("interpreter_present"):
            data["interpreter_language"] = ""
        return data


class AppointmentForm(forms.Form):
    """Plan a meeting with the person (the contact moment later records what happened)."""

    prefix = "ap"

    kind = forms.ChoiceField(
        label=_("Kind of appointment"), choices=ContactKind.choices, widget=forms.Select(_SELECT)
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput({**_TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date of the appointment."),
            "invalid": _("Enter the date of the appointment as a valid date."),
        },
    )
    time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput({**_TEXT, "type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Enter the start time of the appointment."),
            "invalid": _("Enter the start time as hours and minutes, such as 10:30."),
        },
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=5,
        max_value=480,
        initial=60,
        widget=forms.NumberInput({**_TEXT, "step": 5, "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the duration of the appointment in minutes."),
            "invalid": _("Enter the duration as a whole number of minutes."),
            "min_value": _("The duration must be at least %(limit_value)s minutes."),
            "max_value": _("The duration can be at most %(limit_value)s minutes."),
        },
    )
    location = forms.CharField(
        label=_("Location"),
        required=False,
        max_length=200,
        help_text=_("For example the office and room, or 'Home visit'."),
        widget=forms.TextInput(_TEXT),
    )
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter"),
        required=False,
        help_text=_("Choose a language when an interpreter has to be arranged."),
        widget=forms.Select(_SELECT),
    )

    def __init__(self, *args: Any, person: Person, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["interpreter_language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("No interpreter needed")),
            *interpreter_language_choices([str(code) for code in person.languages]),
        ]
        if not self.is_bound and person.interpreter_needed and person.preferred_language:
            self.initial.setdefault("interpreter_language", person.preferred_language)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, at = data.get("date"), data.get("time")
        if day is not None and at is not None:
            starts_at = timezone.make_aware(dt.datetime.combine(day, at))
            if starts_at <= timezone.now():
                self.add_error("date", _("The appointment cannot start in the past."))
            else:
                data["starts_at"] = starts_at
        return data


class CancelAppointmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        widget=forms.TextInput(_TEXT),
        error_messages={"required": _("Give the reason for cancelling.")},
    )

    def __init__(self, *args: Any, appointment_id: int, **kw: Any) -> None:
        kw.setdefault("prefix", f"cancel-{appointment_id}")
        super().__init__(*args, **kw)
        self.appointment_id = appointment_id


class ReassignForm(forms.Form):
    prefix = "ra"

    regisseur = forms.ModelChoiceField(
        label=_("New client manager"),
        queryset=User.objects.none(),
        empty_label=_("Choose a client manager"),
        widget=forms.Select(_SELECT),
        error_messages={"required": _("Choose the new client manager.")},
    )

    def __init__(self, *args: Any, person: Person, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["regisseur"]
        assert isinstance(field, forms.ModelChoiceField)
        candidates = person_queries.regisseur_candidates(person)
        if person.regisseur_id:
            candidates = candidates.exclude(pk=person.regisseur_id)
        field.queryset = candidates


class HandOverForm(forms.Form):
    prefix = "ho"

    municipality = forms.ModelChoiceField(
        label=_("New municipality"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose the municipality"),
        widget=forms.Select(_SELECT),
        error_messages={"required": _("Choose the municipality the person moved to.")},
    )
    moved_on = forms.DateField(
        label=_("Date of the move"),
        widget=forms.DateInput({**_TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date of the move."),
            "invalid": _("Enter the date of the move as a valid date."),
        },
    )
    note = forms.CharField(
        label=_("Handover note for the new municipality"),
        widget=forms.Textarea(_TEXTAREA),
        max_length=4000,
        help_text=_(
            "What the new client manager needs to know: how the plan is going, what works, "
            "who is involved, what is agreed. Kept in the dossier with the move."
        ),
        error_messages={"required": _("Write a handover note for the new municipality.")},
    )

    def __init__(self, *args: Any, person: Person, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = person_queries.handover_municipalities(person)


# Languages offered as checkboxes: those newcomers in Dutch municipalities speak most often,
# plus whatever the person already has on record.
LANGUAGE_CODES = (
    *COMMON_INTERPRETER_LANGUAGES,
    "nld",
    "spa",
    "por",
    "pol",
    "ron",
    "bul",
    "urd",
    "orm",
    "hye",
    "sqi",
)


def _country_choices() -> list[tuple[str, Any]]:
    import pycountry

    names = [(c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries]
    return [("", _("Not known")), *sorted(names, key=lambda item: item[1])]


class PersonDetailsForm(forms.Form):
    prefix = "pd"

    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput({**_TEXT, "type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        widget=forms.EmailInput({**_TEXT, "autocomplete": "off"}),
        error_messages={"invalid": _("Enter a valid e-mail address, such as naam@voorbeeld.nl.")},
    )
    country_of_origin = forms.ChoiceField(
        label=_("Country of origin"), required=False, widget=forms.Select(_SELECT)
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, widget=forms.CheckboxSelectMultiple
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        help_text=_("The language for letters, summaries and reminders."),
        widget=forms.Select(_SELECT),
    )
    interpreter_needed = forms.BooleanField(
        label=_("An interpreter is needed in conversations"),
        required=False,
        widget=forms.CheckboxInput(_CHECKBOX),
    )
    arrival_date = forms.DateField(
        label=_("Date of arrival in the Netherlands"),
        required=False,
        widget=forms.DateInput({**_TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the date of arrival as a valid date.")},
    )
    remove_household = forms.MultipleChoiceField(
        label=_("Remove from the household"), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_member_relation = forms.ChoiceField(
        label=_("Relation"),
        required=False,
        choices=[("", _("Nobody to add")), *HouseholdMember.Relation.choices],
        widget=forms.Select(_SELECT),
    )
    new_member_name = forms.CharField(
        label=_("Name"), required=False, max_length=200, widget=forms.TextInput(_TEXT)
    )
    new_member_date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("For children: the childcare need follows from their age."),
        widget=forms.DateInput({**_TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the date of birth as a valid date.")},
    )

    def __init__(self, *args: Any, person: Person, **kw: Any) -> None:
        kw.setdefault(
            "initial",
            {
                "phone": person.phone,
                "email": person.email,
                "country_of_origin": person.country_of_origin,
                "languages": list(person.languages),
                "preferred_language": person.preferred_language,
                "interpreter_needed": person.interpreter_needed,
                "arrival_date": person.arrival_date,
            },
        )
        super().__init__(*args, **kw)
        codes = list(dict.fromkeys([*person.languages, *LANGUAGE_CODES]))
        languages = [(code, language_name(code)) for code in codes]
        self._choices("languages", languages)
        self._choices("preferred_language", [("", _("Not known")), *languages])
        self._choices("country_of_origin", _country_choices())
        members = person.household.all()
        self._choices(
            "remove_household",
            [(str(m.pk), f"{m.get_relation_display()}: {m.name or '—'}") for m in members],
        )

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_arrival_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("arrival_date")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date of arrival cannot lie in the future."))
        return value

    def clean_new_member_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("new_member_date_of_birth")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot lie in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        adds = data.get("new_member_name") or data.get("new_member_date_of_birth")
        if adds and not data.get("new_member_relation"):
            self.add_error("new_member_relation", _("Choose the relation of the person you add."))
        return data

    def details(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "phone": data["phone"].strip(),
            "email": data["email"].strip(),
            "country_of_origin": data["country_of_origin"],
            "languages": list(data["languages"]),
            "preferred_language": data["preferred_language"],
            "interpreter_needed": bool(data["interpreter_needed"]),
            "arrival_date": data["arrival_date"],
        }
