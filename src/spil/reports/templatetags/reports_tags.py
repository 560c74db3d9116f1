from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def urlencode_params(params: Mapping[str, str]) -> str:
    """A selection's parameters as a query string (escaped by the template)."""
    return urlencode(params)
