"""The demo's cohorts give the beleidsmedewerker reports with figures: the funnel, the
language levels and the time to milestones of the regio show numbers, not just "< 5"."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import Organisation, User
from spil.programmes.models import ProgrammeTemplate
from spil.reports import services
from spil.reports.selection import Selection
from spil.reports.tables import Report
from spil.testing import morning_of, sign_in
from spil_dev.demo import scenario_reports
from spil_dev.demo.data import REGIO, load_demo_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 5)


@pytest.fixture(autouse=True)
def _the_clock_shows_today(clock: Any) -> None:
    clock.move_to(morning_of(TODAY))


def _shown(report: Report, table_key: str, row: str, column: str) -> int:
    table = next(t for t in report.tables if t.key == table_key)
    position = [c.key for c in table.columns].index(column)
    cells = {r.key: c for r, c in report.grid(table)}[row]
    cell = cells[position]
    assert cell.state == "shown", (table_key, row, column, cell.text)
    assert isinstance(cell.value, int | float)
    return int(cell.value)


def test_the_regio_reports_show_figures_from_the_demo_cohorts() -> None:
    load_demo_data()
    started = time.perf_counter()
    counts = scenario_reports.load(TODAY)
    assert time.perf_counter() - started < 30
    assert counts == {"report_cohort_persons": scenario_reports.PERSONS}
    assert scenario_reports.load(TODAY) == {"report_cohort_persons": 0}

    beleid = User.objects.get(username="beleid")
    regio = Organisation.objects.get(name=REGIO)
    selection = Selection(
        area_id=regio.pk,
        area_name=regio.name,
        municipality_ids=frozenset(regio.members.values_list("pk", flat=True)),
    )

    funnel = services.run(beleid, "funnel", selection, today=TODAY)
    total = _shown(funnel, "funnel", "total", "persons")
    assert total >= scenario_reports.PERSONS
    assert 5 <= _shown(funnel, "funnel", "started", "persons") < total
    assert _shown(funnel, "funnel", "active", "persons") >= 5
    assert _shown(funnel, "outcomes", "paid", "12") >= 5
    assert _shown(funnel, "outcomes", "with_outcome", "12") >= 5

    language = services.run(beleid, "language", selection, today=TODAY)
    for skill in ("listening", "speaking", "reading", "writing"):
        assert _shown(language, "intake", "A1", skill) >= 5
        assert _shown(language, "latest", "A2", skill) >= 5
        assert _shown(language, "progress", "measured", skill) >= 5

    milestones = services.run(beleid, "milestones", selection, today=TODAY)
    assert _shown(milestones, "milestones", "pip", "took") >= 5
    assert _shown(milestones, "milestones", "pip", "within") >= 5
    assert _shown(milestones, "milestones", "dual", "took") >= 5


def test_the_beleidsmedewerker_starts_on_the_reports() -> None:
    load_demo_data()
    scenario_reports.load(TODAY)
    client = sign_in(Client(), User.objects.get(username="beleid"))
    response = client.get(reverse("web:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:index")


def test_a_demo_without_the_pilot_programmes_gets_no_cohorts() -> None:
    # A browser test's flushed database has lost the programmes the migrations brought.
    ProgrammeTemplate.objects.update(is_active=False)
    load_demo_data(persons_per_municipality=3)
    assert scenario_reports.load(TODAY) == {"report_cohort_persons": 0}
