"""Form styling shared by every app: NL Design System (Utrecht) classes per widget kind."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
]


def style_widgets(form: forms.BaseForm) -> None:
    """Utrecht classes per kind of widget (form_field would make every widget a textbox)."""
    for field in form.fields.values():
        for widget_type, css in _CLASSES:
            if isinstance(field.widget, widget_type):
                field.widget.attrs["class"] = css
                break


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def add_validation_errors(
    form: forms.BaseForm, exc: ValidationError, *, rename: dict[str, str] | None = None
) -> None:
    """A service's ValidationError on the form: on the field it names (renamed where the
    form calls it otherwise), else above the form."""
    if not hasattr(exc, "error_dict"):
        for error in exc.messages:
            form.add_error(None, error)
        return
    for name, errors in exc.message_dict.items():
        field = (rename or {}).get(name, name)
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)
