"""JSON bodies of the API, cleaned like form posts (spil.core.text)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from spil.core.text import clean_data


class CleanJSONParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as refused:
            # DRF's message is Python's English reason; say where, in the caller's language.
            raise ParseError(_not_json(refused.__context__)) from None
        return clean_data(data)


def _not_json(reason: BaseException | None) -> str:
    if isinstance(reason, json.JSONDecodeError):
        return _("The body is not valid JSON (line %(line)s, column %(column)s).") % {
            "line": reason.lineno,
            "column": reason.colno,
        }
    return _("The body is not valid JSON.")
