"""Peer coaches as the klantmanager, the functioneel beheerder and the coach meet them:
suggestions by language, gender and load; assignment only with consent; activities with
hours; the monthly statement on the page, as CSV and as XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from spil.dossier.models import TimelineEntry, TimelineKind
from spil.dossier.texts import timeline_text
from spil.peercoaches import queries, services
from spil.peercoaches.models import (
    Activity,
    Assignment,
    CoachKind,
    Gender,
    PeerCoach,
)
from spil.peercoaches.tests.support import coach_world
from spil.persons.models import AccessBasis
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _log(
    world: World, assignment: Assignment, day: int, minutes: int, kind: str = "other"
) -> Activity:
    return services.log_activity(
        world.user("buddy"), assignment, on=date(2026, 11, day), kind=kind, minutes=minutes
    )


# --------------------------------------------------------------------------- suggestions


def test_suggestions_rank_language_then_preferred_gender_then_load() -> None:
    world, yonas, _assignment = coach_world()
    assert world.person_b is not None
    welzijn = yonas.organisation
    beheer = world.user("functioneel_beheerder")
    senait = services.save_coach(
        beheer,
        PeerCoach(
            organisation=welzijn,
            display_name="Senait Haile",
            languages=["tir"],
            gender=Gender.FEMALE,
            kind=CoachKind.VOLUNTEER,
        ),
    )
    person = world.person_b
    person.languages = ["tir", "ara"]
    person.preferred_language = "tir"
    person.save()

    # No preference: both speak Tigrinya; Senait supports nobody yet, Yonas one person.
    ranked = queries.suggestions(person)
    assert [s.coach for s in ranked[:2]] == [senait, yonas]
    assert ranked[0].reasons[0] == "Speaks Tigrinya, the preferred language"
    assert "Supports 1 people at the moment" in ranked[1].reasons
    assert ranked[-1].coach.display_name == "Mariam Ahmadi"
    assert ranked[-1].reasons[0] == "Speaks none of the newcomer's languages"

    # The newcomer prefers a man: Yonas first despite his load.
    ranked = queries.suggestions(person, gender_preference=Gender.MALE)
    assert ranked[0].coach == yonas
    assert "Man, as the newcomer prefers" in ranked[0].reasons


def test_dari_and_farsi_speakers_understand_each_other() -> None:
    world, _yonas, _assignment = coach_world()
    assert world.person_b is not None
    world.person_b.preferred_language = "pes"  # Iranian Persian
    world.person_b.save()
    first = queries.suggestions(world.person_b)[0]
    assert first.coach.display_name == "Mariam Ahmadi"  # speaks Dari
    assert first.language_points == 2


# --------------------------------------------------------------------------- assignment


def test_the_assignment_page_refuses_without_consent_and_names_the_field() -> None:
    world, _yonas, _assignment = coach_world()
    assert world.person_a is not None
    mariam = PeerCoach.objects.get(display_name="Mariam Ahmadi")
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("peercoaches:person", args=[world.person_a.public_id])
    response = client.post(url, {"coach": mariam.pk, "started_on": "2026-11-23"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Without the newcomer&#x27;s consent no coach is assigned." in body
    assert "How the newcomer gave consent" in body
    assert not Assignment.objects.filter(coach=mariam).exists()


def test_assigning_records_consent_and_a_timeline_line() -> None:
    world, yonas, assignment = coach_world()
    assert world.person_a is not None
    consent = AccessBasis.objects.get(
        person=world.person_a, purpose="ervaringsdeskundige_begeleiding"
    )
    assert consent.organisation == yonas.organisation and consent.given_how == "interpreter"
    assert queries.consent_in_place(world.person_a, yonas.organisation)
    entry = TimelineEntry.objects.get(person=world.person_a, kind=TimelineKind.PEER_COACH)
    assert (
        timeline_text(entry.kind, entry.code, entry.params)
        == "Peer coach Yonas Tesfay (Welzijn) assigned, with the newcomer's consent"
    )
    with pytest.raises(ValidationError, match="already assigned"):
        services.assign(world.user("klantmanager_a"), world.person_a, yonas, consent_how="paper")
    assert assignment.reason == "Eerste weken MAP"


def test_ending_the_assignment_closes_the_coach_page() -> None:
    world, _yonas, assignment = coach_world()
    services.end_assignment(world.user("klantmanager_a"), assignment)
    page = reverse("peercoaches:my_person", args=[assignment.public_id])
    assert sign_in(Client(), world.user("buddy")).get(page).status_code == 404


# --------------------------------------------------------------------------- activities


def test_the_coach_logs_an_activity_and_sees_it_in_their_hours() -> None:
    world, _yonas, assignment = coach_world()
    client = sign_in(Client(), world.user("buddy"))
    page = reverse("peercoaches:my_person", args=[assignment.public_id])
    response = client.post(
        page, {"date": "2026-11-23", "kind": "public_transport", "hours": "1.5", "note": "Bus 15"}
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.minutes == 90 and activity.logged_by == world.user("buddy")
    entry = TimelineEntry.objects.filter(code="activity_public_transport").get()
    assert "first trip by public transport (1.50 h)" in timeline_text(
        entry.kind, entry.code, entry.params
    )
    hours = client.get(reverse("peercoaches:my_hours") + "?month=2026-11").content.decode()
    assert "Testpersoon" in hours and "First trip by public transport" in hours
    assert "27.75" in hours  # 1.5 h at EUR 18.50


def test_an_activity_in_the_future_or_before_the_start_is_refused() -> None:
    world, _yonas, assignment = coach_world()
    client = sign_in(Client(), world.user("buddy"))
    page = reverse("peercoaches:my_person", args=[assignment.public_id])
    future = client.post(page, {"date": "2026-11-24", "kind": "other", "hours": "1"})
    assert future.status_code == 400
    assert "The date cannot be in the future." in future.content.decode()
    early = client.post(page, {"date": "2026-10-01", "kind": "other", "hours": "1"})
    assert "The date is before the start of the assignment." in early.content.decode()
    too_long = client.post(page, {"date": "2026-11-20", "kind": "other", "hours": "13"})
    assert too_long.status_code == 400
    assert not Activity.objects.exists()


def test_only_the_assigned_coach_logs() -> None:
    world, _yonas, assignment = coach_world()
    with pytest.raises(PermissionDenied):
        services.log_activity(
            world.user("klantmanager_a"),
            assignment,
            on=date(2026, 11, 20),
            kind="other",
            minutes=60,
        )


def test_my_hours_hide_the_name_once_consent_is_withdrawn() -> None:
    world, yonas, assignment = coach_world()
    assert world.person_a is not None
    _log(world, assignment, 20, 60)
    services.withdraw_consent(world.user("klantmanager_a"), world.person_a, yonas.organisation)
    hours = sign_in(Client(), world.user("buddy")).get(
        reverse("peercoaches:my_hours") + "?month=2026-11"
    )
    body = hours.content.decode()
    assert "Testpersoon" not in body and "someone you no longer coach" in body


# --------------------------------------------------------------------------- the statement


def _statement_world() -> tuple[World, PeerCoach, PeerCoach]:
    world, yonas, assignment = coach_world()
    assert world.person_b is not None
    _log(world, assignment, 3, 90, "first_session")
    _log(world, assignment, 10, 45, "public_transport")
    _log(world, assignment, 20, 120, "first_workday")
    # October's hour is not in November's statement.
    Activity.objects.create(
        assignment=assignment, date=date(2026, 10, 30), kind="other", minutes=60
    )
    # Mariam (volunteer) coaches person B of gemeente B: hours, no amount.
    mariam = PeerCoach.objects.get(display_name="Mariam Ahmadi")
    other = services.assign(
        world.user("klantmanager_b"),
        world.person_b,
        mariam,
        consent_how="paper",
        started_on=date(2026, 11, 1),
    )
    Activity.objects.create(assignment=other, date=date(2026, 11, 5), kind="other", minutes=30)
    return world, yonas, mariam


def test_the_statement_adds_up_hours_times_rate() -> None:
    world, _yonas, _mariam = _statement_world()
    statement = queries.statement_for_user(world.user("functioneel_beheerder"), date(2026, 11, 1))
    by_coach = {entry.coach.display_name: entry for entry in statement.coaches}
    assert by_coach["Yonas Tesfay"].hours == Decimal("4.25")  # 90 + 45 + 120 minutes
    assert by_coach["Yonas Tesfay"].amount == Decimal("78.63")  # 4.25 h at 18.50 = 78.625
    assert by_coach["Mariam Ahmadi"].hours == Decimal("0.50")
    assert by_coach["Mariam Ahmadi"].amount == Decimal("0.00")
    assert statement.hours == Decimal("4.75") and statement.amount == Decimal("78.63")

    # A klantmanager sees the hours with the people of their own municipality only.
    own = queries.statement_for_user(world.user("klantmanager_b"), date(2026, 11, 1))
    assert [entry.coach.display_name for entry in own.coaches] == ["Mariam Ahmadi"]


def test_the_statement_page_names_no_newcomer() -> None:
    world, _yonas, _mariam = _statement_world()
    client = sign_in(Client(), world.user("klantmanager_a"))
    response = client.get(reverse("peercoaches:statement") + "?month=2026-11")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Yonas Tesfay" in body and "78.63" in body
    assert "Testpersoon" not in body and "Amal" not in body
    for key in ("trainer", "buddy", "employer_contact", "beleidsmedewerker"):
        assert (
            sign_in(Client(), world.user(key)).get(reverse("peercoaches:statement")).status_code
            == 403
        )


def test_the_statement_as_csv() -> None:
    world, yonas, _mariam = _statement_world()
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    url = reverse("peercoaches:statement_export", args=["csv"])
    response = client.get(url, {"month": "2026-11", "coach": str(yonas.pk)})
    assert response["Content-Type"].startswith("text/csv")
    assert "urenstaat-ervaringsdeskundigen-2026-11" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["Month", "2026-11"]
    assert rows[3][:6] == [
        "Coach",
        "Organisation",
        "Paid or volunteer",
        "Date",
        "Activity",
        "Hours",
    ]
    lines = rows[4:7]
    assert [r[3] for r in lines] == ["2026-11-03", "2026-11-10", "2026-11-20"]
    assert [r[5] for r in lines] == ["1.50", "0.75", "2.00"]
    assert rows[7][4:] == ["Total for the coach", "4.25", "18.50", "78.63"]
    assert rows[8][0] == "Total" and rows[8][5] == "4.25" and rows[8][7] == "78.63"
    assert "Testpersoon" not in response.content.decode()


def test_the_statement_as_xlsx_with_every_coach() -> None:
    world, _yonas, _mariam = _statement_world()
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    response = client.get(
        reverse("peercoaches:statement_export", args=["xlsx"]), {"month": "2026-11"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    totals = {r[0]: r for r in rows if r[4] == "Total for the coach"}
    assert float(totals["Yonas Tesfay"][5]) == 4.25 and float(totals["Yonas Tesfay"][7]) == 78.63
    assert float(totals["Mariam Ahmadi"][7]) == 0
    grand = next(r for r in rows if r[0] == "Total")
    assert float(grand[5]) == 4.75 and float(grand[7]) == 78.63


def test_a_coach_name_that_looks_like_a_formula_stays_text() -> None:
    world, yonas, _mariam = _statement_world()
    yonas.display_name = '=HYPERLINK("http://x")'
    yonas.save()
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    url = reverse("peercoaches:statement_export", args=["csv"])
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"month": "2026-11"}).content.decode("utf-8-sig")))
    )
    assert any(r and r[0] == '\'=HYPERLINK("http://x")' for r in rows)
    xlsx = client.get(reverse("peercoaches:statement_export", args=["xlsx"]), {"month": "2026-11"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert any(row[0].value == '\'=HYPERLINK("http://x")' for row in sheet.iter_rows())


# --------------------------------------------------------------------------- the register


def test_the_register_form_checks_rate_and_sign_in() -> None:
    world, _yonas, _assignment = coach_world()
    welzijn = PeerCoach.objects.first().organisation  # type: ignore[union-attr]
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("peercoaches:coach_new")
    response = client.post(
        url,
        {
            "display_name": "Nadia",
            "organisation": welzijn.pk,
            "user": world.user("buddy").pk,  # already Yonas's sign-in
            "languages": ["ara"],
            "kind": "paid",
            "hourly_rate": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "A paid coach needs an hourly rate." in body
    ok = client.post(
        url,
        {
            "display_name": "Nadia Haddad",
            "organisation": welzijn.pk,
            "languages": ["ara", "kmr"],
            "availability": ["0", "2"],
            "gender": "female",
            "kind": "volunteer",
            "hourly_rate": "12",
            "is_active": "on",
        },
    )
    assert ok.status_code == 302
    nadia = PeerCoach.objects.get(display_name="Nadia Haddad")
    assert nadia.languages == ["ara", "kmr"] and nadia.availability == [0, 2]
    assert nadia.hourly_rate == Decimal("0.00")  # a volunteer gets no hourly rate
    listing = client.get(reverse("peercoaches:coaches")).content.decode()
    assert "Nadia Haddad" in listing and "Arabic" in listing
    for key in ("trainer", "buddy", "employer_contact", "jobcoach"):
        assert (
            sign_in(Client(), world.user(key)).get(reverse("peercoaches:coaches")).status_code
            == 403
        )
