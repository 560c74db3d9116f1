"""The reports pages: the beleidsmedewerker's start page, the report with a chart beside
every table, the exports, and the drill-down for staff with a caseload."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import urlencode

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from spil.audit.models import ProcessingRecord
from spil.audit.purposes import ProcessingAction
from spil.core.spreadsheet import safe_cell
from spil.persons.models import Person
from spil.reports.tests.support import Out, Spec, make_person
from spil.testing import PersonalDataAccessMixin, World, logged_person_ids, sign_in
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db

URL = "/rapportages/funnel/"


def cohort(world: World) -> list[Person]:
    people = []
    for number in range(12):
        outcomes = [Out("paid_job", date(2025, 9, 1), hours=36)] if number < 7 else []
        people.append(
            make_person(world.gemeente_a, Spec(start=date(2025, 1, 6), outcomes=outcomes))
        )
    return people


def test_the_beleidsmedewerker_starts_on_the_reports(world: World) -> None:
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/rapportages/"
    page = client.get("/rapportages/")
    assert page.status_code == 200
    assert b"/rapportages/funnel/" in page.content
    assert "Regio Test" in page.content.decode()


def test_a_report_page_has_a_chart_beside_every_table_and_names_nobody(world: World) -> None:
    people = cohort(world)
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    response = client.get(URL, {"area": str(world.gemeente_a.pk), "template": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<table") == html.count('role="img"') == 3
    assert html.count("<caption") == 3
    for person in people:
        assert person.family_name not in html and str(person.public_id) not in html
    assert "/personen/" not in html  # no drill-down for the beleidsmedewerker
    record = ProcessingRecord.objects.get()
    assert record.purpose_code == "verantwoording" and not record.persons.exists()


def test_the_default_selection_is_the_first_area(world: World) -> None:
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    html = client.get(URL).content.decode()
    assert "Regio Test" in html and "<table" in html


def test_an_invalid_cohort_shows_the_form_again_without_a_report(world: World) -> None:
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    response = client.get(
        URL,
        {
            "area": str(world.regio.pk),
            "cohort": "2025-13",
            "basis": "start",
            "granularity": "quarter",
        },
    )
    assert response.status_code == 200
    assert "<table" not in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ProcessingRecord.objects.exists()


def test_an_area_outside_the_scope_is_refused(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    response = client.get(
        URL, {"area": str(world.gemeente_b.pk), "basis": "start", "granularity": "quarter"}
    )
    assert response.status_code == 200 and "<table" not in response.content.decode()
    assert not ProcessingRecord.objects.exists()


@pytest.mark.parametrize(
    "key", ["trainer", "jobcoach", "partner_staff", "employer_contact", "buddy"]
)
def test_roles_without_reports_are_refused(world: World, key: str) -> None:
    client = sign_in(Client(), world.user(key))
    assert client.get("/rapportages/").status_code == 403
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export/", {"format": "csv"}).status_code == 403


def test_exports_carry_what_the_page_shows(world: World) -> None:
    cohort(world)
    world.regio.name = '=HYPERLINK("http://example.org")'  # a hostile name stays text
    world.regio.save()
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    params = {"area": str(world.regio.pk), "basis": "start", "granularity": "quarter"}
    csv_response = client.get(URL + "export/", {**params, "format": "csv"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[1][1].startswith("'=HYPERLINK")
    funnel_rows = {row[0]: row[1:] for row in rows if len(row) == 2}
    assert funnel_rows["In de selectie"] == ["12"]  # Dutch by default
    xlsx = client.get(URL + "export/", {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert '\'=HYPERLINK("http://example.org")' in values
    assert 12 in values and "< 5" in values
    pdf = client.get(URL + "export/", {**params, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "HYPERLINK" in text  # the region's name, on the report
    assert "2026" in text  # the date
    exported = ProcessingRecord.objects.filter(handeling=ProcessingAction.EXPORT)
    assert exported.count() == 3 and not exported.filter(persons__isnull=False).exists()


def test_a_klantmanager_drills_down_to_persons_of_their_own_caseload_only(world: World) -> None:
    mine = cohort(world)
    theirs = make_person(
        world.gemeente_b, Spec(start=date(2025, 1, 6), outcomes=[Out("paid_job", date(2025, 9, 1))])
    )
    client = sign_in(Client(), world.user("klantmanager_a"))
    page = client.get(
        URL, {"area": str(world.gemeente_a.pk), "basis": "start", "granularity": "quarter"}
    )
    assert "/rapportages/funnel/personen/?" in page.content.decode()
    response = client.get(
        URL + "personen/",
        {
            "area": str(world.gemeente_a.pk),
            "basis": "start",
            "granularity": "quarter",
            "cell": "outcomes.end.paid",
        },
    )
    assert response.status_code == 200  # nobody ended yet: the list is empty
    response = client.get(
        URL + "personen/",
        {
            "area": str(world.gemeente_a.pk),
            "basis": "start",
            "granularity": "quarter",
            "cell": "outcomes.12.paid",
        },
    )
    html = response.content.decode()
    shown = [p for p in mine if str(p.public_id) in html]
    assert len(shown) == 7
    assert str(theirs.public_id) not in html
    record = ProcessingRecord.objects.filter(actie_naam__contains="persons behind").get()
    assert logged_person_ids(record) == {p.pk for p in shown}


def test_the_beleidsmedewerker_cannot_drill_down(world: World) -> None:
    cohort(world)
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    response = client.get(
        URL + "personen/",
        {
            "area": str(world.gemeente_a.pk),
            "basis": "start",
            "granularity": "quarter",
            "cell": "outcomes.12.paid",
        },
    )
    assert response.status_code == 403


@pytest.mark.parametrize("text", ["=1+1", "+31", "-2", "@SUM(A1)", "\tx"])
def test_formula_like_text_is_quoted(text: str) -> None:
    assert safe_cell(text) == "'" + text
    assert safe_cell("12") == "12" and safe_cell(12) == 12 and safe_cell("< 5") == "< 5"


class TestDrillDown(PersonalDataAccessMixin):
    """Staff with a caseload see the persons behind a figure as far as they may see them
    anyway; one processing record names them. The beleidsmedewerker gets 403."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        Trajectory.objects.create(person=world.person_a, municipality=world.gemeente_a)
        query = urlencode({"area": world.gemeente_a.pk, "cell": "funnel.total"})
        return f"{URL}personen/?{query}"


@pytest.mark.parametrize("kind", ["funnel", "language", "milestones", "map-pvt", "placements"])
def test_every_report_renders_with_a_chart_beside_each_table(world: World, kind: str) -> None:
    cohort(world)
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    response = client.get(f"/rapportages/{kind}/", {"area": str(world.regio.pk)})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<table") == html.count('role="img"') >= 1
    assert (
        client.get(
            f"/rapportages/{kind}/export/", {"area": str(world.regio.pk), "format": "pdf"}
        ).status_code
        == 200
    )
    assert client.get("/rapportages/nope/").status_code == 404
