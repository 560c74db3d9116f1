from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation, User
from spil.ketenoverleg import queries
from spil.ketenoverleg.models import Cadence, MeetingSeries

_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_SELECT = {"class": "utrecht-select utrecht-select--html-select"}
_CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
_TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}


class _UserChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        roles = ", ".join(
            f"{m.get_role_display()} · {m.organisation}" for m in user.active_memberships()
        )
        return f"{user} ({roles})" if roles else str(user)


class ParticipantsForm(forms.Form):
    participant_organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        help_text=_("Every active member of these organisations takes part."),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(_CHECKBOX),
    )
    participant_users = _UserChoice(
        label=_("Participants"),
        help_text=_("People who take part in their own name."),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(_CHECKBOX),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations: QuerySet[Organisation] = Organisation.objects.filter(
            is_active=True
        ).order_by("name")
        self.fields["participant_organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["participant_users"].queryset = queries.participant_candidates()  # type: ignore[attr-defined]


class SeriesForm(ParticipantsForm):
    name = forms.CharField(label=_("Name"), max_length=120, widget=forms.TextInput(_TEXT))
    organisation = forms.ModelChoiceField(
        label=_("Municipality or region"),
        queryset=Organisation.objects.none(),
        widget=forms.Select(_SELECT),
    )
    cadence = forms.ChoiceField(
        label=_("How often"),
        choices=Cadence.choices,
        initial=Cadence.MONTHLY,
        widget=forms.Select(_SELECT),
    )
    first_date = forms.DateField(
        label=_("Date of the first meeting"),
        help_text=_("A monthly meeting keeps this weekday: e.g. every second Tuesday."),
        widget=forms.DateInput({**_TEXT, "type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput({**_TEXT, "type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=15,
        max_value=480,
        initial=90,
        widget=forms.NumberInput(_TEXT),
    )
    location = forms.CharField(
        label=_("Place"), max_length=200, required=False, widget=forms.TextInput(_TEXT)
    )

    field_order = [
        "name",
        "organisation",
        "cadence",
        "first_date",
        "start_time",
        "duration_minutes",
        "location",
        "participant_organisations",
        "participant_users",
    ]

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = queries.organiser_organisations(user)  # type: ignore[attr-defined]


def participants_initial(series: MeetingSeries) -> dict[str, Any]:
    return {
        "participant_organisations": list(series.participant_organisations.all()),
        "participant_users": list(series.participant_users.all()),
    }


class ProposalForm(forms.Form):
    persons = forms.TypedMultipleChoiceField(
        label=_("Proposed cases"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(_CHECKBOX),
        error_messages={"required": _("Choose at least one case.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persons"].choices = choices  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or BSN"),
        required=False,
        max_length=100,
        widget=forms.TextInput({**_TEXT, "type": "search"}),
    )


class AddCaseForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Discussion note"), max_length=4000, widget=forms.Textarea(_TEXTAREA)
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Decision (action)"), max_length=200, widget=forms.TextInput(_TEXT)
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, widget=forms.Select(_SELECT))
    due = forms.DateField(
        label=_("Due date"), widget=forms.DateInput({**_TEXT, "type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, owners: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {u.pk: u for u in owners}
        self.fields["owner"].choices = [("", "—"), *[(u.pk, str(u)) for u in owners]]  # type: ignore[attr-defined]
