from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.core.form_helpers import style_widgets
from spil.elearning import content as content_rules


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the report (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ModuleForm(forms.Form):
    content = forms.CharField(
        label=_("Content (JSON)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "dir": "ltr"}),
        help_text=_("Saving makes a new version; newcomers keep the version they started."),
    )
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)

    def clean_content(self) -> dict[str, Any]:
        try:
            return content_rules.parse(self.cleaned_data["content"])
        except content_rules.ContentError as error:
            raise forms.ValidationError(error.messages) from error


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Module file (JSON)"))


class SettingForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("MAP themes followed as e-learning"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    window_weeks = forms.IntegerField(
        label=_("Weeks to finish"),
        min_value=1,
        max_value=104,
        help_text=_("Counted from the day the newcomer starts (Almere: 5 themes in 9 weeks)."),
    )
    counts_as_practice_hours = forms.BooleanField(
        label=_("Time spent counts as MAP practice hours"), required=False
    )
    cap_hours_per_module = forms.DecimalField(
        label=_("At most hours per module"),
        min_value=0,
        max_digits=4,
        decimal_places=1,
        required=False,
    )

    def __init__(self, *args: Any, themes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(t, t) for t in themes]  # type: ignore[attr-defined]
        style_widgets(self)
