"""Text that users type: without the invisible controls that make text display as
something else."""

from __future__ import annotations

import re
from typing import Any

# Bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069): with them
# a name can render as another name ("Trojan Source"). Arabic, Farsi and Hebrew text needs
# none of them; the direction marks (U+200E, U+200F) stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    return _BIDI_CONTROLS.sub("", text)


def clean_data(value: Any) -> Any:
    """The same structure with every string stripped of bidirectional controls."""
    if isinstance(value, str):
        return strip_bidi_controls(value)
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    if isinstance(value, dict):
        return {k: clean_data(v) for k, v in value.items()}
    return value
