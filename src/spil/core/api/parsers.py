"""JSON bodies of the API, cleaned like form posts (spil.core.text)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.parsers import JSONParser

from spil.core.text import clean_data


class CleanJSONParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        return clean_data(super().parse(stream, media_type, parser_context))
