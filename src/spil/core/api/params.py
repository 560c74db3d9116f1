"""Query parameters of the REST API, checked: a value that does not parse is a 400 that
names the parameter, never a server error."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def uuid_param(params: Mapping[str, Any], name: str = "person") -> uuid.UUID | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise ValidationError({name: [_("Enter the public id of a person (a UUID).")]}) from None


def flag_param(params: Mapping[str, Any], name: str) -> bool:
    return str(params.get(name, "")).strip().lower() in {"1", "true", "yes"}


def date_param(params: Mapping[str, Any], name: str) -> date | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        day = parse_date(str(raw))
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]})
    return day


def choice_param(
    params: Mapping[str, Any], name: str, choices: Iterable[str], default: str = ""
) -> str:
    """The value of an enum filter: absent is `default`, anything not in `choices` a 400
    naming the parameter and the values it takes (never a filter silently ignored)."""
    raw = params.get(name)
    if raw is None:
        return default
    allowed = list(choices)
    value = str(raw)
    if value not in allowed:
        raise ValidationError(
            {name: [_("Choose one of: %(choices)s.") % {"choices": ", ".join(allowed)}]}
        )
    return value
