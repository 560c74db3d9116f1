from __future__ import annotations

from django import forms

from spil.core.newcomer_texts import NEWCOMER_LANGUAGES


class AbsenceForm(forms.Form):
    reason = forms.CharField(max_length=200, required=True, strip=True)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        choices=[(code, name) for code, name in NEWCOMER_LANGUAGES.items()]
    )


class SignInLinkForm(forms.Form):
    """The klantmanager makes a new link; `email` also sends it to the newcomer."""

    email = forms.BooleanField(required=False)


class ElearningAnswerForm(forms.Form):
    """A page of a module: the choice (an option's number) or the reflection text."""

    answer = forms.CharField(max_length=4000, required=False, strip=True)


class ElearningQuestionForm(forms.Form):
    question = forms.CharField(max_length=2000, required=True, strip=True)
