"""The beleidsmedewerker's reports in the browser, in Dutch and in English: the start page
opens on the reports, a report shows each table with its chart, a new selection, and an
export downloads. Every page has zero WCAG 2.2 A/AA violations."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from spil.programmes.models import Phase, PhaseComponent, ProgrammeTemplate
from spil.programmes.pilot_templates import load_pilot_templates
from spil.reports.tests.support import DORDRECHT, Out, Spec, make_person
from spil.testing import TEST_PASSWORD, World, build_world
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_programme(world: World) -> None:
    """Thirty people in Dordrecht's programme: outcomes for some, a few who stopped."""
    load_pilot_templates(ProgrammeTemplate, Phase, PhaseComponent)  # flushed between tests
    for number in range(30):
        outcomes = []
        if number < 9:
            outcomes.append(Out("paid_job", date(2025, 11, 3), hours=36 if number < 6 else 20))
        elif number < 20:
            outcomes.append(Out("internship", date(2025, 9, 1)))
        if number % 3 == 0:
            outcomes.append(Out("certificate", date(2025, 6, 2)))
        stopped = {"enrolment_status": "stopped", "enrolment_end": date(2025, 8, 1)}
        make_person(
            world.gemeente_a if number % 2 else world.gemeente_b,
            Spec(
                start=date(2025, 1, 6) if number < 18 else date(2025, 4, 7),
                outcomes=outcomes,
                **(stopped if number >= 27 else {}),
            ),
        )


def test_the_beleidsmedewerker_reads_and_exports_a_report_in_dutch(
    context: Any, live_server: Any, tmp_path: Path
) -> None:
    world = build_world()
    a_programme(world)
    user = world.user("beleidsmedewerker")
    page = context.new_page()
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    page.wait_for_url("**/rapportages/")  # the start page opens on the reports
    check_axe(page)
    assert page.locator("h1").inner_text() == "Rapportages"
    page.click("a:has-text('Trechter en uitstroom')")
    page.wait_for_url("**/rapportages/funnel/")
    check_axe(page)
    tables = page.locator("table.spil-report-table")
    assert tables.count() == 3
    assert page.locator("figure.spil-chart svg[role=img]").count() == 3
    funnel = tables.first.inner_text()
    assert "In de selectie" in funnel and "30" in funnel
    # Narrow to the programme in Gemeente Aadorp, by month of the start.
    page.select_option("#id_area", label="Gemeente Aadorp")
    page.select_option("#id_template", value=DORDRECHT)
    page.select_option("#id_granularity", value="month")
    with page.expect_navigation():
        page.click("form.spil-report-filters button[type=submit]")
    check_axe(page)
    assert "Gemeente Aadorp" in page.locator("dl.spil-selection").inner_text()
    cohorts = page.locator("table.spil-report-table").nth(1).inner_text()
    assert "2025-01" in cohorts and "2025-04" in cohorts
    assert "< 5" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.click("button[name=format][value=xlsx]")
    target = tmp_path / "rapport.xlsx"
    download.value.save_as(target)
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(target).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Gemeente Aadorp" in values and 15 in values
    # Every other report, each axe-clean.
    for title in (
        "Taal (ERK per vaardigheid)",
        "Doorlooptijden",
        "MAP en PVT",
        "Plaatsingen en betaald werk",
    ):
        page.goto("/rapportages/")
        page.click(f"a:has-text('{title}')")
        page.wait_for_load_state("load")
        check_axe(page)
        assert (
            page.locator("table.spil-report-table").count()
            == page.locator("figure.spil-chart svg").count()
        )
    # On a phone the page does not scroll sideways: the tables scroll in their own region.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    check_axe(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_beleidsmedewerker_reads_and_exports_a_report_in_english(
    context: Any, live_server: Any
) -> None:
    set_language(context, live_server.url, "en")
    world = build_world()
    a_programme(world)
    user = world.user("beleidsmedewerker")
    page = context.new_page()
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    page.wait_for_url("**/rapportages/")
    check_axe(page)
    page.click("a:has-text('Funnel and outcomes')")
    page.wait_for_url("**/rapportages/funnel/")
    check_axe(page)
    outcomes = page.locator("table.spil-report-table").nth(2).inner_text()
    assert "Persons who reached this moment" in outcomes and "Paid work" in outcomes
    with page.expect_download() as download:
        page.click("button[name=format][value=pdf]")
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Regio Test" in text and "Funnel and outcomes" in text
    assert "23 November 2026" in text  # the date of the figures
    with page.expect_download() as download:
        page.click("button[name=format][value=csv]")
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "In the selection,30" in content
