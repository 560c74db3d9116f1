"""The national-monitor export: per gemeente, cohort and characteristic the CBS-style
measures for each gemeente of a regio, suppressed like every report, and as a
flat CSV or XLSX (one column per dimension and per measure) from the page and the API."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from spil.reports import facts, monitor
from spil.reports.selection import Basis, Granularity
from spil.reports.suppression import exposed_keys
from spil.reports.tables import Report
from spil.reports.tests.support import Out, Spec, make_person, selection_of
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 23)


def known(world: World) -> None:
    """Aadorp (CBS 0001), notified in 2025: five on B1 (asylum) of whom four work full-time
    now, one with a benefit; two on the Z-route (family), one volunteering. Bedorp, notified
    in 2024: six on B1, one moved."""
    world.gemeente_a.cbs_code = "0001"
    world.gemeente_a.save()
    world.gemeente_b.cbs_code = "0002"
    world.gemeente_b.save()
    for n in range(5):
        work = [Out("paid_job", date(2026, 5, 1), hours=38, benefit=n == 0)] if n < 4 else []
        make_person(
            world.gemeente_a,
            Spec(
                notified=date(2025, 3, 3),
                pip=date(2025, 5, 1),
                start=date(2025, 6, 2),
                outcomes=work,
            ),
        )
    for n in range(2):
        make_person(
            world.gemeente_a,
            Spec(
                notified=date(2025, 4, 1),
                pip=date(2025, 6, 2),
                start=date(2025, 7, 7),
                leerroute="z",
                doelgroep="gezin_overig",
                outcomes=[Out("volunteering", date(2025, 10, 1))] if n == 0 else [],
            ),
        )
    for n in range(6):
        spec = Spec(notified=date(2024, 5, 6), pip=date(2024, 7, 1), start=date(2024, 9, 2))
        if n == 0:
            spec.status, spec.end_reason, spec.ended_on = "moved", "moved", date(2025, 2, 1)
        make_person(world.gemeente_b, spec)


def report_of(world: World) -> Report:
    selection = selection_of(
        world.regio,
        [world.gemeente_a, world.gemeente_b],
        basis=Basis.NOTIFICATION,
        granularity=Granularity.YEAR,
    )
    return monitor.build(facts.population(selection, AS_OF))


def raw(report: Report, row: str, measure: str) -> int:
    return report.values[f"m.{row}.{measure}"]


def test_every_measure_per_gemeente_cohort_and_characteristic(world: World) -> None:
    known(world)
    report = report_of(world)
    a25 = "GM0001|2025|totaal"
    assert {m: raw(report, a25, m) for m in monitor.MEASURE_CODES} == {
        "inburgeringsplichtigen": 7,
        "pip_vastgesteld": 7,
        "zonder_pip": 0,
        "duaal_gestart": 7,
        "actief": 7,
        "voldaan": 0,
        "ontheffing": 0,
        "verhuisd": 0,
        "gestopt": 0,
        "betaald_werk": 4,
        "werk_voltijd": 4,
        "werk_deeltijd": 0,
        "werk_met_uitkering": 1,
        "onderwijs": 0,
        "participatie": 1,
    }
    assert raw(report, "GM0001|2025|leerroute_b1", "inburgeringsplichtigen") == 5
    assert raw(report, "GM0001|2025|doelgroep_gezin_overig", "participatie") == 1
    assert raw(report, "GM0002|2024|totaal", "verhuisd") == 1
    # A gemeente and cohort without persons has no rows.
    assert "m.GM0001|2024|totaal.inburgeringsplichtigen" not in report.values
    assert [row.key for row in report.tables[0].rows][:2] == [
        "GM0001|2025|totaal",
        "GM0001|2025|leerroute_b1",
    ]


def test_small_numbers_are_suppressed_and_cannot_be_worked_out(world: World) -> None:
    known(world)
    report = report_of(world)
    table = report.tables[0]
    shown = {
        row.key: {c.key: cell.text for c, cell in zip(table.columns, cells, strict=True)}
        for row, cells in report.grid(table)
    }
    a25 = shown["GM0001|2025|totaal"]
    assert a25["inburgeringsplichtigen"] == "7"
    assert a25["werk_met_uitkering"] == "< 5" and a25["participatie"] == "< 5"
    assert shown["GM0001|2025|leerroute_z"]["inburgeringsplichtigen"] == "< 5"
    # 7 = 5 on B1 + "< 5" on Z + 0 + 0 would give the 2 away: B1 is hidden too.
    assert shown["GM0001|2025|leerroute_b1"]["inburgeringsplichtigen"] != "5"
    assert not exposed_keys(report.values, report.equations, report.state)


def _sign_in(world: World) -> Client:
    return sign_in(Client(), world.user("beleidsmedewerker"))


PARAMS: dict[str, str | int] = {"basis": "notification", "granularity": "year"}


def test_csv_from_the_page_has_one_column_per_dimension_and_measure(world: World) -> None:
    known(world)
    client = _sign_in(world)
    response = client.get(
        "/rapportages/monitor/export/", {"area": world.regio.pk, "format": "csv", **PARAMS}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "gemeentecode")
    assert rows[header] == [*monitor.DIMENSIONS, *monitor.MEASURE_CODES]
    data = {tuple(row[:4]): row[4:] for row in rows[header + 1 :] if len(row) > 4}
    a25 = dict(
        zip(
            monitor.MEASURE_CODES,
            data[("GM0001", "Gemeente Aadorp", "2025", "totaal")],
            strict=True,
        )
    )
    assert a25["inburgeringsplichtigen"] == "7" and a25["werk_met_uitkering"] == "< 5"
    assert ("GM0002", "Gemeente Bedorp", "2024", "doelgroep_asiel") in data


def test_xlsx_through_the_api(world: World) -> None:
    known(world)
    client = _sign_in(world)
    response = client.get(
        "/api/v1/reports/monitor/export/", {"area": world.regio.pk, "file_type": "xlsx", **PARAMS}
    )
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == "gemeentecode")
    row = next(
        r for r in rows[header + 1 :] if r[:4] == ["GM0001", "Gemeente Aadorp", "2025", "totaal"]
    )
    assert row[4] == 7 and row[4 + monitor.MEASURE_CODES.index("werk_met_uitkering")] == "< 5"
    wrong = client.get("/api/v1/reports/monitor/export/", {"file_type": "doc"})
    assert wrong.status_code == 400 and "file_type" in wrong.json()


def test_the_monitor_counts_yearly_cohorts_by_duo_notification_unless_asked(world: World) -> None:
    known(world)
    client = _sign_in(world)
    body = client.get("/api/v1/reports/monitor/", {"area": world.regio.pk}).json()
    keys = [row["key"] for row in body["tables"][0]["rows"]]
    assert "GM0001|2025|totaal" in keys and "GM0002|2024|totaal" in keys
    quarterly: dict[str, str | int] = {"area": world.regio.pk, "granularity": "quarter"}
    by_quarter = client.get("/api/v1/reports/monitor/", quarterly).json()
    assert "GM0001|2025-Q1|totaal" in [row["key"] for row in by_quarter["tables"][0]["rows"]]
    funnel = client.get("/api/v1/reports/funnel/", {"area": world.regio.pk}).json()
    cohorts = [row["key"] for row in funnel["tables"][1]["rows"]]
    assert "2025-Q2" in cohorts  # other reports keep cohorts per quarter of the start
