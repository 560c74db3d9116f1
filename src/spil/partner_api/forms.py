from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation
from spil.partner_api import queries
from spil.partner_api.scopes import SCOPE_LABELS


class RegisterClientForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "The partner whose system will use the API. It sees only the persons for whom "
            "it has an active basis (processing agreement or consent)."
        ),
    )
    name = forms.CharField(
        label=_("Name of the system"),
        max_length=200,
        help_text=_("For example the name of the language school's student administration."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(scope.value, f"{scope.value}: {label}") for scope, label in SCOPE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
        help_text=_("Only what the system needs."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queries.partner_organisations().order_by("name")
