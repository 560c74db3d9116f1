"""A report as XLSX, CSV or PDF: exactly what the page shows (suppressed counts stay
"< 5" or hidden), with the selection, the date and the explanation of the marks.

CSV and XLSX cells that start with = + - @ (or a tab or carriage return) get a leading
apostrophe, so a spreadsheet never runs a cell as a formula (CSV injection;
`spil.core.spreadsheet`, shared with the other apps' exports).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

from spil.core.spreadsheet import safe_cell
from spil.reports.charts import bar_chart
from spil.reports.selection import describe
from spil.reports.tables import Report, Shown, explanation

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _value(cell: Shown) -> object:
    return cell.value if cell.state == "shown" and isinstance(cell.value, int) else cell.text


def lines(report: Report) -> Iterator[list[object]]:
    """The report as rows of cells: title, selection, then each table under its title."""
    yield [str(report.title)]
    for what, which in describe(report.selection):
        yield [what, which]
    yield [_("Date"), formats.date_format(report.as_of, "SHORT_DATE_FORMAT")]
    yield [explanation()]
    for table in report.tables:
        yield []
        yield [str(table.title)]
        if table.dimensions:
            # A dimensioned table (the national monitor): one column per dimension, then
            # the measures by code, so a spreadsheet or script reads it as data.
            names = list(next(iter(table.dimensions.values())))
            yield [*names, *(c.key for c in table.columns)]
            for row, cells in report.grid(table):
                values = table.dimensions[row.key]
                yield [*(values[name] for name in names), *(_value(cell) for cell in cells)]
            continue
        yield ["", *(str(c.label) for c in table.columns)]
        for row, cells in report.grid(table):
            yield [str(row.label), *(_value(cell) for cell in cells)]


def to_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in lines(report):
        writer.writerow([safe_cell(value) for value in line])
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM tells Excel it is UTF-8


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Report"))[:31]
    bold = Font(bold=True)
    for line in lines(report):
        sheet.append([safe_cell(value) for value in line])
        if len(line) == 1:
            sheet.cell(row=sheet.max_row, column=1).font = bold
    for cell in sheet[1]:
        cell.font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 48
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(report: Report) -> bytes:
    """A4 with the municipality's (or region's) name and the date on every page."""
    from weasyprint import HTML

    html = render_to_string(
        "reports/pdf.html",
        {
            "report": report,
            "selection": describe(report.selection),
            "explanation": explanation(),
            "tables": [
                (table, report.grid(table), bar_chart(report, table, f"pdf-{table.key}"))
                for table in report.tables
            ],
        },
    )
    return bytes(HTML(string=html).write_pdf())


def file_name(report: Report) -> str:
    """The file's name without extension: spil-KIND-AREA-DATE."""
    area = slugify(report.selection.area_name)
    return f"spil-{report.kind}-{area}-{report.as_of.isoformat()}"


def export(report: Report, kind: str) -> bytes:
    if kind == "csv":
        return to_csv(report)
    if kind == "xlsx":
        return to_xlsx(report)
    if kind == "pdf":
        return to_pdf(report)
    raise ValueError(f"unknown export {kind!r}")
