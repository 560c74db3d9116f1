from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import phone_validator
from spil.core.form_helpers import StyledForm, style_widgets
from spil.rules.engine import MUNICIPAL_CHOICES


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
        error_messages={
            "required": _("Enter the six-digit code."),
            "min_length": _("The code has six digits."),
            "max_length": _("The code has six digits."),
        },
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code consists of digits only."))
        return token


#: What each municipal choice is called on the settings page.
MUNICIPAL_CHOICE_LABELS = {
    "pvt_hours": _("Hours of the participatieverklaringstraject (PVT)"),
    "aftercare_months": _("Months of aftercare after a paid job starts"),
}


class MunicipalChoicesForm(StyledForm):
    """Per rule that leaves the value to the municipality: its own value (empty: the rule
    book's value holds) and the decision that value rests on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, choice in MUNICIPAL_CHOICES.items():
            self.fields[key] = forms.IntegerField(
                label=MUNICIPAL_CHOICE_LABELS.get(key, key),
                required=False,
                min_value=choice.minimum,
                max_value=choice.maximum,
                help_text=_("Empty: the value in the rules holds."),
            )
            self.fields[f"{key}_decision"] = forms.CharField(
                label=_("Source of the municipality's choice"),
                required=False,
                max_length=300,
                help_text=_("The decision or policy the choice rests on, e.g. a council decision."),
            )
        self.fields["general_phone"] = forms.CharField(
            label=_("General phone number"),
            required=False,
            max_length=22,
            validators=[phone_validator],
            help_text=_(
                "Given to DUO as the contact person's number for a client manager who has "
                "no phone number of their own."
            ),
        )
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in MUNICIPAL_CHOICES:
            if data.get(key) is not None and not str(data.get(f"{key}_decision") or "").strip():
                self.add_error(f"{key}_decision", _("Name the decision this choice rests on."))
        return data


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Enrolment code from your functioneel beheerder"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
        error_messages={"required": _("Enter the enrolment code.")},
    )


class PhoneForm(StyledForm):
    """The user's own phone number, given to DUO as the contactpersoon of their people."""

    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=22,
        validators=[phone_validator],
        help_text=_(
            "DUO gets it with your name and e-mail address as the contact person of the "
            "people you are client manager of. Empty: the municipality's general number."
        ),
    )
