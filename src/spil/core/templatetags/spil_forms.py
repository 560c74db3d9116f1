from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.inclusion_tag("core/field.html")
def form_field(field: BoundField) -> dict[str, object]:
    """Render a field with label, help and errors tied to the input for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        field.field.widget.attrs["aria-invalid"] = "true"
    if described:
        field.field.widget.attrs["aria-describedby"] = " ".join(described)
    css = field.field.widget.attrs.get("class", "")
    if "utrecht-" not in css:
        field.field.widget.attrs["class"] = (
            css + " utrecht-textbox utrecht-textbox--html-input"
        ).strip()
    return {"field": field}


@register.filter
def bdi(value: object) -> SafeString:
    """A name in its own direction: a Latin name in an Arabic sentence (or the reverse)
    keeps its place and its punctuation."""
    return format_html("<bdi>{}</bdi>", "" if value is None else value)
