"""The form renderer: Django's template renderer, except that a <select> is written in
Python.

Django renders a select through its template plus two templates per option (the option and
its attributes); the caseload's filter form has about a hundred options, which cost more
than the rest of the page's markup together. The markup is the same as Django's templates
write (spil/core/tests/test_form_renderer.py compares them); a select whose options use another
template goes through the templates as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.html import conditional_escape

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        if template_name == SELECT_TEMPLATE:
            html = select_html(context["widget"])
            if html is not None:
                return html
        return str(super().render(template_name, context, request))


def select_html(widget: Mapping[str, Any]) -> str | None:
    """What select.html writes for this widget context; None when an option has a
    template of its own."""
    parts = [
        '<select name="',
        conditional_escape(widget["name"]),
        '"',
        _attrs(widget["attrs"]),
        ">",
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts += ['\n  <optgroup label="', conditional_escape(group_name), '">']
        for option in options:
            if option.get("template_name", OPTION_TEMPLATE) != OPTION_TEMPLATE:
                return None
            parts += [
                '\n  <option value="',
                conditional_escape(option["value"]),
                '"',
                _attrs(option["attrs"]),
                ">",
                conditional_escape(option["label"]),
                "</option>",
            ]
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """attrs.html: `True` as a bare attribute, `False` left out, anything else as text."""
    if not attrs:
        return ""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
