"""The matching profile is read from the intake (ambitions, language, work history) and the
programmes (the week); what neither knows takes a plain default."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.core.week import WEEKDAY_DAYTIME, DayPart
from spil.intake import services as intake_services
from spil.intake.queries import matching_profile
from spil.placements import matching
from spil.placements import profile as profile_module
from spil.placements.profile import CandidateProfile, cefr, profile_for
from spil.placements.queries import matchable_offers
from spil.placements.scoring import CEFR, Transport
from spil.placements.tests.support import BAKKER, KOK, MAGAZIJN, ambitions, employer_of, offer
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_without_an_intake_nothing_is_known(world: World) -> None:
    assert world.person_a is not None
    assert matching_profile(world.person_a) == {}
    profile = profile_for(world.person_a)
    assert profile == CandidateProfile()
    assert (profile.source, profile.week_source, profile.has_ambitions) == (
        "none",
        "default",
        False,
    )
    assert profile.free_dayparts == WEEKDAY_DAYTIME and profile.hours_available == 32.0


def test_the_week_comes_from_the_programmes(world: World) -> None:
    """Free day-parts and hours from the person's week plan (``programmes.queries.week_for``):
    language on three mornings, KNM on one open day-part, 16 hours for work."""
    from spil.programmes.models import Phase, PhaseComponent, ProgrammeTemplate
    from spil.programmes.queries import week_for
    from spil.programmes.services import enrolment

    person = world.person_a
    assert person is not None
    template = ProgrammeTemplate.objects.create(code="dual", name="dual")
    phase = Phase.objects.create(template=template, order=1, name="one", duration_weeks=104)
    for kind, hours, day_parts, moment in (
        ("language", "12", 3, "morning"),
        ("work", "16", 4, ""),
        ("knm", "2", 0, ""),
    ):
        PhaseComponent.objects.create(
            phase=phase, kind=kind, hours_per_week=hours, day_parts=day_parts, moment=moment
        )
    enrolment.enrol(person, template, timezone.localdate(), actor=None)
    week = week_for(person)
    assert week is not None
    profile = profile_for(person)
    assert profile.week_source == "programmes"
    assert profile.free_dayparts == week["free_dayparts"]
    assert WEEKDAY_DAYTIME - profile.free_dayparts == {
        DayPart.MON_MORNING,
        DayPart.TUE_MORNING,
        DayPart.WED_MORNING,
        DayPart.THU_MORNING,
    }
    assert all(isinstance(dp, DayPart) for dp in profile.free_dayparts)
    assert profile.hours_available == 16.0


def test_ambitions_language_and_work_history_come_from_the_intake(world: World) -> None:
    person = world.person_a
    assert person is not None
    intake = ambitions(person, dream=KOK, plan_b=BAKKER, speaking=CEFR.A1, listening=CEFR.A2,
                       work=((MAGAZIJN, 4), (BAKKER, None)))  # fmt: skip
    data = matching_profile(person)
    assert data == {
        "dream_job": KOK,
        "plan_b": BAKKER,
        "experience": [(MAGAZIJN, 4.0), (BAKKER, 1.0)],  # no years given: one year
        "speaking": "A1",
        "listening": "A2",
        "assessed_on": "2026-11-23",
    }
    profile = profile_for(person)
    assert profile.source == "intake"
    assert (profile.dream_job, profile.plan_b, profile.plan_c) == (KOK, BAKKER, None)
    assert (profile.speaking, profile.listening) == (CEFR.A1, CEFR.A2)
    assert profile.experience == ((MAGAZIJN, 4.0), (BAKKER, 1.0))
    assert (profile.transport, profile.max_travel_minutes) == (Transport.BIKE, 45)
    # nothing but these keys leaves the intake, however much else it records
    intake_services.save_step(intake, "leefsituatie", {"debts": "yes", "family": "x"},
                              actor=world.user("klantmanager_a"))  # fmt: skip
    assert set(matching_profile(person)) == set(data)


def test_transport_when_a_step_records_it(world: World) -> None:
    person = world.person_a
    assert person is not None
    intake = ambitions(person)
    intake_services.save_step(
        intake,
        "leefsituatie",
        {"transport": "public_transport", "max_travel_minutes": 60},
        actor=world.user("klantmanager_a"),
    )
    profile = profile_for(person)
    assert (profile.transport, profile.max_travel_minutes) == (Transport.PUBLIC_TRANSPORT, 60)


def test_not_assessed_and_no_knowledge_yet(world: World) -> None:
    person = world.person_a
    assert person is not None
    intake = ambitions(person)
    intake_services.save_step(intake, "taal", {"speaking": "0", "listening": ""},
                              actor=world.user("klantmanager_a"))  # fmt: skip
    assert matching_profile(person)["speaking"] == "A0"
    assert "listening" not in matching_profile(person)
    assert profile_for(person).listening == CEFR.A0
    assert [cefr(v) for v in ("C2", "b1", 7, "x", None)] == [CEFR.C1, CEFR.B1, CEFR.C1, None, None]


def test_the_current_intake_counts(world: World) -> None:
    person = world.person_a
    assert person is not None
    km = world.user("klantmanager_a")
    old = ambitions(person, dream=BAKKER)
    intake_services.decide_focus(old, focus="participation", note="", actor=km)
    ambitions(person, dream=KOK)  # a new (open) intake
    assert profile_for(person).dream_job == KOK


def test_ranked_offers_follow_the_intake(world: World, client: Client) -> None:
    person = world.person_a
    assert person is not None
    person.postcode = "4203"
    person.save()
    employer = employer_of(world)
    offer(employer, uri=MAGAZIJN, title="Magazijn")
    offer(employer, uri=BAKKER, title="Bakkerij")
    assert matching.rank_offers(person, [], include_infeasible=False) == []
    ambitions(person, dream=BAKKER, plan_b=None)
    ranked = matching.rank_offers(person, matchable_offers(), include_infeasible=False)
    assert ranked[0].offer.title == "Bakkerij"
    page = sign_in(client, world.user("klantmanager_a")).get(
        reverse("placements:person_matches", args=[person.public_id])
    )
    body = page.content.decode()
    assert "bakker" in body and "No intake yet" not in body
    assert "No week plan or group yet" in body  # no programme: the standard week


def test_week_from_the_programmes(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The adapter takes the programmes' week as its documented contract says."""
    person = world.person_a
    assert person is not None
    monkeypatch.setattr(
        profile_module,
        "week_for",
        lambda p: {"free_dayparts": frozenset({0, 3}), "hours_available": 12.0},
    )
    profile = profile_for(person)
    assert profile.week_source == "programmes"
    assert {int(d) for d in profile.free_dayparts} == {0, 3}
    assert profile.hours_available == 12.0
