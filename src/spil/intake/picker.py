"""The occupation picker: search, then choose from a list (ESCO, with the ISCO group).

Accessible without a script: the search box has its own submit button (`_search`) that
re-renders the form with the hits as a group of radio buttons. With HTMX the hits appear
while typing (debounced), in a polite live region; choosing is still a radio button, so
keyboard and screen-reader use is the browser's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spil.occupations import esco
from spil.occupations.search import search

MAX_HITS = 8


@dataclass(frozen=True)
class Choice:
    uri: str
    label: str
    isco_code: str
    isco_label: str


def occupation_choice(uri: str) -> Choice | None:
    if not uri:
        return None
    try:
        occupation = esco.get_occupation(uri)
    except KeyError:
        return None
    return Choice(uri, occupation.label, occupation.isco_code, occupation.isco_label)


def search_choices(query: str) -> list[Choice]:
    return [
        Choice(h.occupation.uri, h.occupation.label, h.isco_code, h.isco_label)
        for h in search(query, limit=MAX_HITS)
    ]


class OccupationWidget(forms.Widget):
    template_name = "intake/occupation_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.query = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        self.query = str(data.get(f"{name}__q", ""))[:100]
        return data.get(name, "")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        current = occupation_choice(str(value or ""))
        hits = search_choices(self.query) if self.query.strip() else []
        if current is not None and all(h.uri != current.uri for h in hits):
            hits.insert(0, current)
        context["widget"].update(
            {"query": self.query, "hits": hits, "current": current, "searched": bool(self.query)}
        )
        return context


class OccupationField(forms.CharField):
    widget = OccupationWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        cleaned = str(super().clean(value) or "")
        if cleaned and occupation_choice(cleaned) is None:
            raise ValidationError(_("Choose an occupation from the list."), code="unknown")
        return cleaned
