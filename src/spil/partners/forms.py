from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation
from spil.audit.purposes import CATEGORY_LABELS, PURPOSES, Purpose
from spil.core.form_helpers import StyledForm
from spil.persons import queries as persons
from spil.persons.models import ConsentGivenHow, Person, ProcessingAgreement

CATEGORY_CHOICES = [(c.value, CATEGORY_LABELS[c]) for c in persons.SHAREABLE_CATEGORIES]
#: Purposes another organisation can be given access for (not the municipality's own).
PARTNER_PURPOSES = (
    Purpose.LANGUAGE_TRAINING,
    Purpose.PLACEMENT,
    Purpose.PEER_SUPPORT,
    Purpose.CHAIN_CONSULTATION,
)
PURPOSE_CHOICES = [(p.value, PURPOSES[p].name) for p in PARTNER_PURPOSES]


class DateInput(forms.DateInput):
    input_type = "date"


class ConsentForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=PURPOSE_CHOICES)
    categories = forms.MultipleChoiceField(
        label=_("Data the newcomer agrees to share"),
        widget=forms.CheckboxSelectMultiple,
        choices=CATEGORY_CHOICES,
    )
    given_how = forms.ChoiceField(
        label=_("How was consent given?"),
        widget=forms.RadioSelect,
        choices=[
            ("ask", _("Not yet: ask the newcomer in Mijn inburgering")),
            *[(c.value, c.label) for c in ConsentGivenHow if c != ConsentGivenHow.PORTAL],
        ],
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=DateInput, help_text=_("Optional.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = persons.consent_organisations()  # type: ignore[attr-defined]


class ContractForm(StyledForm):
    agreement = forms.ModelChoiceField(
        label=_("Processing agreement"), queryset=ProcessingAgreement.objects.none()
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=DateInput, help_text=_("Optional.")
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agreements: QuerySet[ProcessingAgreement] = persons.agreements_in_force(
            person.municipality_id
        )
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]
        self.fields["agreement"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.processor.name} · {a.reference} · {PURPOSES[Purpose(a.purpose)].name}"
        )


class AgreementForm(StyledForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.none()
    )
    processor = forms.ModelChoiceField(
        label=_("Contracted organisation"), queryset=Organisation.objects.none()
    )
    reference = forms.CharField(label=_("Agreement reference"), max_length=100)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=PURPOSE_CHOICES)
    categories = forms.MultipleChoiceField(
        label=_("Data the organisation may process"),
        widget=forms.CheckboxSelectMultiple,
        choices=CATEGORY_CHOICES,
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=DateInput, help_text=_("Optional.")
    )

    def __init__(self, *args: Any, municipalities: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[m.pk for m in municipalities]
        )
        self.fields["processor"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).exclude(type__in=["gemeente", "regio", "werkgever"])
