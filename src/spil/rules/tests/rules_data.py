"""Test helper: a mutable copy of the shipped rules data."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from spil.rules.engine import DEFAULT_RULES_PATH


def default_data() -> dict[str, Any]:
    """A fresh, mutable copy of the shipped rules data."""
    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return copy.deepcopy(data)
