"""The ketenoverleg from preparation to follow-up, as its participants notice it."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from spil.audit.models import ProcessingRecord
from spil.dossier import services as dossier
from spil.dossier.models import Task, TaskStatus, TimelineEntry, TimelineKind
from spil.dossier.texts import timeline_text
from spil.ketenoverleg import queries, services
from spil.ketenoverleg.models import Cadence, CaseSource, MeetingSeries, MeetingStatus
from spil.ketenoverleg.tests.support import (
    action_for,
    case_for,
    next_meeting,
    prepared,
    series_of,
    signal,
)
from spil.partners.tests.support import contract_school_for_person_a
from spil.persons import services as person_services
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_monthly_meetings_keep_the_weekday_of_the_first(world: World) -> None:
    series = MeetingSeries(
        name="x",
        organisation=world.gemeente_a,
        cadence=Cadence.MONTHLY,
        first_date=date(2026, 12, 8),  # the second Tuesday of December
        start_time=time(9, 30),
    )
    after = timezone.make_aware(datetime(2026, 12, 1))
    dates = [m.date() for m in services.occurrences(series, after, count=3)]
    assert dates == [date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9)]
    # The clock time stays 09:30 in winter and summer.
    later = services.occurrences(series, timezone.make_aware(datetime(2027, 6, 1)))
    assert timezone.localtime(later[0]).time() == time(9, 30)


def test_signals_propose_cases_of_the_area_with_their_reasons(world: World) -> None:
    assert world.person_a and world.person_b
    signal(world.person_a, "absence_streak")
    signal(world.person_a, "deadline_near")
    signal(world.person_b, "absence_streak")  # gemeente Bedorp: another area
    signal(world.person_a, "pip_revision_needed")  # not a ketenoverleg signal: same person
    meeting = next_meeting(series_of(world))
    km = world.user("klantmanager_a")

    proposals = queries.proposals(meeting, km)
    assert [p.person for p in proposals] == [world.person_a]
    assert proposals[0].reason_texts == [
        "Meerdere lessen achter elkaar afwezig",
        "Termijn dichtbij",
    ]

    (case,) = services.add_proposed_cases(km, meeting, [world.person_a.pk])
    assert case.source == CaseSource.SIGNAL
    assert queries.proposals(meeting, km) == []  # on the agenda, no longer proposed
    record = ProcessingRecord.objects.latest("pk")
    assert record.purpose_code == "ketenoverleg"


def test_a_participant_sees_only_the_cases_of_people_they_may_see(
    world: World, client: Client
) -> None:
    assert world.person_a and world.person_b
    series = series_of(world, world.regio, users=("klantmanager_b",))
    meeting = next_meeting(series)
    case_for(world, meeting, world.person_a)
    # Bedorp's klantmanager organises the regio's meeting too, and adds their own person.
    services.add_case_by_hand(world.user("klantmanager_b"), meeting, world.person_b)
    url = reverse("ketenoverleg:meeting", args=[meeting.public_id])

    page = sign_in(client, world.user("klantmanager_b")).get(url).content.decode()
    assert world.person_b.full_name in page
    assert world.person_a.family_name not in page
    assert "1 casus buiten uw toegang" in page

    own = sign_in(Client(), world.user("klantmanager_a")).get(url).content.decode()
    assert world.person_a.full_name in own
    assert world.person_b.family_name not in own

    # The taalschool takes part as an organisation: it sees the meeting, not the person
    # (until its organisation has a basis for them).
    school = sign_in(Client(), world.user("partner_staff")).get(url)
    assert school.status_code == 200
    assert world.person_a.family_name not in school.content.decode()
    # Somebody outside the meeting does not find it.
    assert sign_in(Client(), world.user("employer_contact")).get(url).status_code == 404

    # Once the municipality contracts the taalschool for person A, it sees A's case, and
    # still not B's.
    basis = contract_school_for_person_a(world)
    school_page = sign_in(Client(), world.user("partner_staff")).get(url).content.decode()
    assert world.person_a.full_name in school_page
    assert world.person_b.family_name not in school_page
    # The agreement's access ends: the case is hidden again on the next request.
    person_services.withdraw_basis(basis, actor=world.user("klantmanager_a"))
    again = sign_in(Client(), world.user("partner_staff")).get(url).content.decode()
    assert world.person_a.family_name not in again


def test_actions_land_in_the_owners_task_list_and_follow_up(world: World, client: Client) -> None:
    assert world.person_a
    meeting, case = prepared(world)
    km = world.user("klantmanager_a")
    with pytest.raises(ValidationError) as error:
        action_for(world, case, owner=world.user("klantmanager_b"))  # may not see person_a
    assert "owner" in error.value.message_dict
    action = action_for(world, case)
    task = Task.objects.get(pk=action.task_id)
    assert (task.assignee, task.status, task.due) == (km, TaskStatus.OPEN, action.due)
    assert task.title == "Bel de taalschool over de afwezigheid"

    index = sign_in(client, km).get(reverse("ketenoverleg:index")).content.decode()
    assert "Bel de taalschool over de afwezigheid" in index
    detail = client.get(reverse("persons:detail", args=[world.person_a.public_id]))
    assert "Bel de taalschool over de afwezigheid" in detail.content.decode()

    services.close_meeting(km, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    entry = TimelineEntry.objects.get(person=world.person_a, kind=TimelineKind.CHAIN_MEETING)
    assert "Bel de taalschool" in entry.text
    assert "Ketenoverleg Aadorp" in timeline_text(entry.kind, entry.code, entry.params)

    # The open action puts the person on the next meeting's proposal.
    following = next_meeting(meeting.series)
    assert following.starts_at > meeting.starts_at
    (proposal,) = queries.proposals(following, km)
    assert proposal.reasons == [queries.OPEN_ACTION]
    assert queries.open_actions_before(following, [world.person_a.pk])[world.person_a.pk] == [
        action
    ]

    # Done in the dossier is done in the ketenoverleg: one source of truth.
    dossier.complete_task(task, actor=km)
    assert queries.open_actions_for(km) == []
    assert queries.proposals(following, km) == []


def test_done_from_the_list_completes_the_task(world: World, client: Client) -> None:
    _meeting, case = prepared(world)
    action = action_for(world, case)
    response = sign_in(client, world.user("klantmanager_a")).post(
        reverse("ketenoverleg:action_done", args=[action.pk])
    )
    assert response.status_code == 302
    action.task.refresh_from_db()
    assert action.task.status == TaskStatus.DONE
    assert ProcessingRecord.objects.latest("pk").purpose_code == "ketenoverleg"


def test_a_closed_meeting_no_longer_changes(world: World) -> None:
    meeting, case = prepared(world)
    services.close_meeting(world.user("klantmanager_a"), meeting)
    case.meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        services.add_note(world.user("klantmanager_a"), case, "Te laat")


def test_the_pdfs_hold_only_the_cases_the_reader_may_see(world: World, client: Client) -> None:
    assert world.person_a and world.person_b
    series = series_of(world, world.regio, users=("klantmanager_b",))
    meeting = next_meeting(series)
    case = case_for(world, meeting, world.person_a)
    services.add_note(world.user("klantmanager_a"), case, "Gaat goed op de taalschool")
    action_for(world, case)
    services.close_meeting(world.user("klantmanager_a"), meeting)

    own = sign_in(client, world.user("klantmanager_a"))
    agenda = own.get(reverse("ketenoverleg:agenda_pdf", args=[meeting.public_id]))
    assert agenda["Content-Type"] == "application/pdf"
    assert world.person_a.full_name in _pdf_text(agenda.content)
    minutes = _pdf_text(
        own.get(reverse("ketenoverleg:minutes_pdf", args=[meeting.public_id])).content
    )
    assert "Gaat goed op de taalschool" in minutes and "Bel de taalschool" in minutes

    other = sign_in(Client(), world.user("klantmanager_b"))
    text = _pdf_text(
        other.get(reverse("ketenoverleg:minutes_pdf", args=[meeting.public_id])).content
    )
    assert world.person_a.family_name not in text
    assert "Gaat goed" not in text and "Bel de taalschool" not in text


def test_add_by_hand_searches_only_the_users_own_people(world: World, client: Client) -> None:
    assert world.person_a and world.person_b
    meeting = next_meeting(series_of(world, world.regio))
    km = world.user("klantmanager_a")
    assert queries.people_to_add(meeting, km, "Anderpersoon") == []  # gemeente Bedorp
    assert queries.people_to_add(meeting, km, "Testpersoon") == [world.person_a]
    response = sign_in(client, km).post(
        reverse("ketenoverleg:add_case", args=[meeting.public_id]),
        {"person": str(world.person_b.public_id)},
    )
    assert response.status_code == 404
    assert not meeting.cases.exists()


def test_creating_a_series_plans_the_first_meeting(world: World, client: Client) -> None:
    km = world.user("klantmanager_a")
    first = timezone.localdate() + timedelta(days=10)
    response = sign_in(client, km).post(
        reverse("ketenoverleg:series_new"),
        {
            "name": "Ketenoverleg",
            "organisation": world.gemeente_a.pk,
            "cadence": Cadence.MONTHLY,
            "first_date": first.isoformat(),
            "start_time": "09:30",
            "duration_minutes": "90",
            "location": "Stadhuis",
            "participant_users": [world.user("jobcoach").pk],
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    meeting = series.meetings.get()
    assert timezone.localdate(meeting.starts_at) == first
    assert set(series.participant_users.all()) == {km, world.user("jobcoach")}
    # Another gemeente is not the klantmanager's to organise.
    refused = client.post(
        reverse("ketenoverleg:series_new"),
        {"name": "x", "organisation": world.gemeente_b.pk, "first_date": first.isoformat()},
    )
    assert refused.status_code == 200
    assert "organisation" in refused.context["form"].errors
    # A partner cannot plan one.
    partner = sign_in(Client(), world.user("partner_staff"))
    assert partner.get(reverse("ketenoverleg:series_new")).status_code == 403


def test_a_bad_action_names_the_field(world: World, client: Client) -> None:
    meeting, case = prepared(world)
    response = sign_in(client, world.user("klantmanager_a")).post(
        reverse("ketenoverleg:add_action", args=[meeting.public_id, case.pk]),
        {
            f"case-{case.pk}-action-description": "",
            f"case-{case.pk}-action-owner": str(world.user("klantmanager_a").pk),
            f"case-{case.pk}-action-due": "2026-13-01",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Besluit (actie)" in body or "Decision (action)" in body
    assert not case.actions.exists()


def test_the_api_gives_a_participant_their_meetings_and_actions(
    world: World, client: Client
) -> None:
    assert world.person_a
    meeting, case = prepared(world)
    action_for(world, case)
    own = sign_in(client, world.user("klantmanager_a"))
    (row,) = own.get("/api/v1/chain-meetings/").json()["results"]
    assert row["id"] == str(meeting.public_id) and row["hidden_cases"] == 0
    detail = own.get(f"/api/v1/chain-meetings/{meeting.public_id}/").json()
    assert detail["cases"] == row["cases"]
    assert [c["person"] for c in row["cases"]] == [str(world.person_a.public_id)]
    (action,) = own.get("/api/v1/chain-actions/").json()["results"]
    assert action["description"] == "Bel de taalschool over de afwezigheid"
    assert action["status"] == "open"

    other = sign_in(Client(), world.user("klantmanager_b"))
    (row,) = other.get("/api/v1/chain-meetings/").json()["results"]
    assert row["cases"] == [] and row["hidden_cases"] == 1
    assert other.get("/api/v1/chain-actions/").json()["results"] == []


def test_a_programmes_chain_meeting_cadence_plans_the_series(world: World) -> None:
    """Roermond's UP meets monthly: ketenoverleg offers it and fills in name and cadence."""
    client = sign_in(Client(), world.user("klantmanager_a"))
    index = client.get(reverse("ketenoverleg:index")).content.decode()
    assert "?programme=up-roermond-leudal" in index
    form = client.get(reverse("ketenoverleg:series_new") + "?programme=up-roermond-leudal")
    body = form.content.decode()
    assert 'value="Ketenoverleg UP"' in body
    assert '<option value="monthly" selected>' in body
