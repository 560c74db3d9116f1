"""Tests that read English texts on pages and in errors run in English explicitly: Dutch is
the product's default, and the complete Dutch catalogue would otherwise answer them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
