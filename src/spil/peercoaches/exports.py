"""The monthly hours statement as CSV and XLSX, for payment: per coach the activities
(date, kind, hours), the coach's hours, hourly rate and amount, and the totals. Hours and
amounts only, never a newcomer's name. Cells pass `spil.core.spreadsheet.safe_cell`."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from spil.core.spreadsheet import csv_bytes, safe_cell
from spil.peercoaches.models import ActivityKind
from spil.peercoaches.queries import Statement

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADER = 4  # the row with the column titles


def month_label(statement: Statement) -> str:
    return formats.date_format(statement.month, "YEAR_MONTH_FORMAT")


def lines(statement: Statement) -> Iterator[list[object]]:
    """Title, then one row per activity and one total row per coach, then the total."""
    yield [_("Peer coach hours statement"), month_label(statement)]
    yield [_("Month"), statement.month.strftime("%Y-%m")]
    yield []
    yield [
        _("Coach"),
        _("Organisation"),
        _("Paid or volunteer"),
        _("Date"),
        _("Activity"),
        _("Hours"),
        _("Hourly rate (euro)"),
        _("Amount (euro)"),
    ]
    for entry in statement.coaches:
        coach = entry.coach
        for line in entry.lines:
            yield [
                coach.display_name,
                coach.organisation.name,
                coach.get_kind_display(),
                line.date.isoformat(),
                str(ActivityKind(line.kind).label),
                line.hours,
                "",
                "",
            ]
        yield [
            coach.display_name,
            coach.organisation.name,
            coach.get_kind_display(),
            "",
            _("Total for the coach"),
            entry.hours,
            entry.rate,
            entry.amount,
        ]
    yield [_("Total"), "", "", "", "", statement.hours, "", statement.amount]


def _plain(value: object) -> object:
    """Decimals as "12.50" in the CSV (a point, two decimals), whatever the locale."""
    return f"{value:.2f}" if isinstance(value, Decimal) else value


def to_csv(statement: Statement) -> bytes:
    return csv_bytes([_plain(value) for value in line] for line in lines(statement))


def to_xlsx(statement: Statement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = statement.month.strftime("%Y-%m")
    for line in lines(statement):
        sheet.append([safe_cell(value) for value in line])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for cell in sheet[HEADER]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=HEADER + 1):
        if row[4].value in (_("Total for the coach"),) or row[0].value == _("Total"):
            for cell in row:
                cell.font = Font(bold=True)
        for cell in row[5:8]:
            if isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    for letter, width in zip("ABCDEFGH", (28, 28, 16, 12, 36, 10, 18, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(statement: Statement, kind: str) -> bytes:
    if kind == "csv":
        return to_csv(statement)
    if kind == "xlsx":
        return to_xlsx(statement)
    raise ValueError(f"unknown export {kind!r}")
