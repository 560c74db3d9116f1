"""The national-monitor export in the browser, as the beleidsmedewerker in Dutch and in
English: from the start page (the reports) to the monitor, a new selection (cohorts by
DUO notification, per year), the table with "< 5" and its chart, and the export (CSV,
XLSX) in the documented layout. Every page has zero WCAG 2.2 A/AA violations."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from spil.reports import monitor
from spil.testing import TEST_PASSWORD, World, build_world
from tests.browser.conftest import check_axe, set_language, sign_in_ui
from tests.browser.test_reports import a_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_world() -> World:
    world = build_world()
    world.gemeente_a.cbs_code = "0001"
    world.gemeente_a.save()
    world.gemeente_b.cbs_code = "0002"
    world.gemeente_b.save()
    a_programme(world)  # thirty persons notified in November 2023
    return world


def open_the_monitor(context: Any, world: World, title: str) -> Any:
    user = world.user("beleidsmedewerker")
    page = context.new_page()
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    page.wait_for_url("**/rapportages/")  # the start page opens on the reports
    check_axe(page)
    page.click(f"a:has-text('{title}')")
    page.wait_for_url("**/rapportages/monitor/")
    check_axe(page)
    page.select_option("#id_basis", value="notification")
    page.select_option("#id_granularity", value="year")
    with page.expect_navigation():
        page.click("form.spil-report-filters button[type=submit]")
    check_axe(page)
    table = page.locator("table.spil-report-table")
    assert table.count() == 1
    assert page.locator("figure.spil-chart svg[role=img]").count() == 1
    assert "< 5" in table.inner_text()
    return page


def test_the_monitor_as_csv_in_dutch(context: Any, live_server: Any) -> None:
    world = a_world()
    page = open_the_monitor(context, world, "Nationale monitor (CBS-indeling)")
    text = page.locator("table.spil-report-table").inner_text()
    assert "Gemeente Aadorp · 2023 · Alle personen" in text
    assert "Personen in het cohort" in text
    with page.expect_download() as download:
        page.click("button[name=format][value=csv]")
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "gemeentecode")
    assert rows[header] == [*monitor.DIMENSIONS, *monitor.MEASURE_CODES]
    data = {tuple(row[:4]): row[4:] for row in rows[header + 1 :] if len(row) > 4}
    aadorp = data[("GM0001", "Gemeente Aadorp", "2023", "totaal")]
    assert aadorp[0] == "15"  # persons in the cohort: every other of the thirty
    assert "< 5" in data[("GM0001", "Gemeente Aadorp", "2023", "totaal")]


def test_the_monitor_as_xlsx_in_english(context: Any, live_server: Any) -> None:
    set_language(context, live_server.url, "en")
    world = a_world()
    page = open_the_monitor(context, world, "National monitor (CBS layout)")
    assert "Persons in the cohort" in page.locator("table.spil-report-table").inner_text()
    with page.expect_download() as download:
        page.click("button[name=format][value=xlsx]")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == "gemeentecode")
    bedorp = next(
        r for r in rows[header + 1 :] if r[:4] == ["GM0002", "Gemeente Bedorp", "2023", "totaal"]
    )
    assert bedorp[4] == 15 and "< 5" in bedorp
