"""Shared helpers for the rules tests: build rule books from modified copies of the data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from spil.rules.engine import RuleBook

from .rules_data import default_data


@pytest.fixture
def data() -> dict[str, Any]:
    return default_data()


@pytest.fixture
def book_from_file(tmp_path: Path) -> Callable[[dict[str, Any]], RuleBook]:
    """Write data to a temporary YAML file and load it the way production does."""

    def build(payload: dict[str, Any]) -> RuleBook:
        path = tmp_path / "rules.yaml"
        path.write_text(yaml.safe_dump(payload, allow_unicode=True), encoding="utf-8")
        return RuleBook.from_path(path)

    return build
