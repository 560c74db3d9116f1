"""Cells a spreadsheet shows as they are (CSV and XLSX exports of every app).

Text that starts with = + - @ (or a tab or carriage return) gets a leading apostrophe, so a
spreadsheet never runs a cell as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value a spreadsheet shows as it is: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(lines: Iterable[Iterable[object]]) -> bytes:
    """Rows as CSV with safe cells, UTF-8 with the BOM that tells Excel it is UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in lines:
        writer.writerow([safe_cell(value) for value in line])
    return ("\ufeff" + buffer.getvalue()).encode()
