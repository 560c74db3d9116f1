"""Server-rendered SVG bar charts beside the report tables.

A chart draws only what its table shows: a suppressed count has no bar, only its label
("< 5" or the hidden mark), so the chart can never show more than the table. The SVG is
an image (``role="img"``) named by its title; the table beside it is its text
alternative and carries every number. Each bar is labelled with its column and its
number, so no colour is needed to read it.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from spil.reports.tables import Report, Table

WIDTH = 560
LABEL_WIDTH = 200
VALUE_SPACE = 130
BAR_HEIGHT = 16
BAR_GAP = 4
GROUP_GAP = 14
FONT = 15
#: Bar colours, each with at least 3:1 contrast against white (WCAG 1.4.11).
COLOURS = ("#00456e", "#a34700", "#2e6b30", "#6a1b9a", "#4a4a4a")
MAX_LABEL = 24


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(report: Report, table: Table, chart_id: str) -> SafeString:
    columns = [c for c in table.columns if c.key in table.chart_columns]
    rows = [
        row
        for row in table.rows
        if (not table.chart_rows or row.key in table.chart_rows)
        and any(report.show(table.cell(row.key, c.key)).state != "na" for c in columns)
    ]
    shown = {
        (row.key, c.key): report.show(table.cell(row.key, c.key), c.unit)
        for row in rows
        for c in columns
    }
    largest = max([float(s.value) for s in shown.values() if s.value is not None] + [1.0])
    series = len(columns)
    group_height = series * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    bar_space = WIDTH - LABEL_WIDTH - VALUE_SPACE
    title = _("Chart: %(title)s") % {"title": table.title}
    parts: list[str] = []
    y = 4
    for row in rows:
        label = _short(str(row.label), MAX_LABEL - 2 * row.level)
        indent = 10 * row.level
        parts.append(
            f'<text x="{indent}" y="{y + group_height / 2 + FONT / 3:.1f}" '
            f'font-size="{FONT}">{escape(label)}</text>'
        )
        for index, column in enumerate(columns):
            cell = shown[(row.key, column.key)]
            top = y + index * (BAR_HEIGHT + BAR_GAP)
            width = 0.0 if cell.value is None else bar_space * float(cell.value) / largest
            if width > 0:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{top}" width="{max(width, 1.0):.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{COLOURS[index % len(COLOURS)]}"/>'
                )
            text = cell.text if series == 1 else f"{column.label}: {cell.text}"
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{top + BAR_HEIGHT - 3}" '
                f'font-size="{FONT - 1}">{escape(text)}</text>'
            )
        y += group_height + GROUP_GAP
    height = max(y, 24)
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spil-chart__svg" role="img" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {WIDTH} {height}" '
        f'preserveAspectRatio="xMinYMin meet" direction="ltr" '
        f'font-family="system-ui, sans-serif" fill="#1a1a1a">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" '
        f'stroke="#6b6b6b" stroke-width="1"/>'
        f"{''.join(parts)}</svg>"
    )
