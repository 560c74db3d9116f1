"""Selects written in Python are the markup Django's templates write."""

from __future__ import annotations

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from spil.core.form_renderer import FormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(
        label="Plain",
        choices=[("", "—"), ("a", "A & B"), ("b", 'The "quoted" one'), (3, "Three")],
        widget=forms.Select(attrs={"class": "utrecht-select", "aria-describedby": "x-help"}),
    )
    grouped = forms.ChoiceField(
        label="Grouped",
        required=False,
        choices=[
            ("Talen", [("nl", "Nederlands"), ("ar", "العربية")]),
            ("other", "<other>"),
            ("lazy", gettext_lazy("Name & number")),
            ("safe", mark_safe("<b>marked</b> safe")),
        ],
    )
    several = forms.MultipleChoiceField(
        label="Several", required=False, choices=[("x", "X"), ("y", "Y"), ("z", "Z")]
    )
    maybe = forms.NullBooleanField(label="Maybe", required=False)


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_selects_are_written_as_djangos_templates_write_them() -> None:
    form = Choices(data={"plain": "b", "grouped": "ar", "several": ["x", "z"], "maybe": "true"})
    assert isinstance(form.renderer, FormRenderer)  # settings.FORM_RENDERER
    form.fields["grouped"].widget.attrs["disabled"] = True
    form.fields["plain"].widget.attrs["data-off"] = False
    for name in form.fields:
        ours = form[name].as_widget()
        form.renderer = DjangoTemplates()
        django = form[name].as_widget()
        form.renderer = FormRenderer()
        assert _normalised(ours) == _normalised(django), name
        assert "<option" in ours


def test_labels_and_values_are_escaped() -> None:
    html = Choices()["plain"].as_widget()
    assert 'value="b">The &quot;quoted&quot; one</option>' in html
    assert '<option value="a">A &amp; B</option>' in html


def test_translated_labels_are_escaped_and_marked_up_labels_kept() -> None:
    html = Choices()["grouped"].as_widget()
    assert '<option value="lazy">Name &amp; number</option>' in html
    assert '<option value="safe"><b>marked</b> safe</option>' in html
