from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.programmes.models import Phase, PhaseComponent, PlanItem, ProgrammeTemplate
from spil.programmes.pilot_templates import PILOT_TEMPLATES, load_pilot_templates
from spil.programmes.services import enrolment as enrolment_service
from spil.testing import World, sign_in

PILOT_CODES = {t.code for t in PILOT_TEMPLATES}


def _template(code: str) -> ProgrammeTemplate:
    return ProgrammeTemplate.objects.get(code=code)


def _weeks(template: ProgrammeTemplate) -> list[int]:
    return [p.duration_weeks for p in template.phases.all()]


def _hours(phase: Phase) -> Decimal:
    return sum((c.hours_per_week for c in phase.components.all()), Decimal(0))


def _day_parts(phase: Phase) -> int:
    return sum(c.day_parts for c in phase.components.all())


def _roles(template: ProgrammeTemplate) -> set[str]:
    return set(template.roles.values_list("role", flat=True))


def _milestones(template: ProgrammeTemplate) -> list[tuple[str, int, int | None, str]]:
    return list(template.milestones.values_list("kind", "week", "repeat_every_weeks", "checked_by"))


@pytest.mark.django_db
def test_the_thirteen_seed_systems_are_templates_citing_their_seed() -> None:
    assert len(PILOT_CODES) == 13
    assert set(ProgrammeTemplate.objects.values_list("code", flat=True)) >= PILOT_CODES
    for template in ProgrammeTemplate.objects.filter(code__in=PILOT_CODES):
        assert template.description.startswith("Seed 00"), template.code
        assert '"' in template.description, f"{template.code} quotes its seed"


@pytest.mark.django_db
def test_taalsnelweg_seed_003_four_days_of_five_hours_then_work() -> None:
    t = _template("taalsnelweg-naar-werk")
    assert _weeks(t) == [18, 18]
    phase1, phase2 = t.phases.all()
    assert (_hours(phase1), _day_parts(phase1)) == (Decimal(20), 8)  # 4 days x 5 h
    evening = phase2.components.get(kind="language")
    assert (evening.hours_per_week, evening.moment) == (Decimal(6), "evening")
    assert phase2.components.get(kind="internship").day_parts == 10  # preferably 5 days
    assert _roles(t) == {"job_coach", "buddy"}


@pytest.mark.django_db
def test_up_roermond_seed_003_36_hours_monthly_chain_meeting_housing_coach_peer() -> None:
    t = _template("up-roermond-leudal")
    assert _weeks(t) == [13, 22, 22]  # 3, 5 and 5 months
    for phase in t.phases.all():
        assert _hours(phase) == 36
    phase1 = t.phases.get(order=1)
    assert phase1.components.get(kind="language").day_parts == 8  # 4 days
    assert phase1.components.get(kind="internship").day_parts == 2
    assert phase1.components.get(kind="sport").day_parts == 2
    assert t.phases.get(order=2).components.get(kind="language").day_parts == 3
    assert t.phases.get(order=2).components.get(kind="internship").day_parts == 5
    assert t.chain_meeting == "monthly"
    assert _roles(t) == {"housing_coach", "peer_coach", "buddy"}
    assert _milestones(t) == [("evaluation", 13, None, "klantmanager")]


@pytest.mark.django_db
def test_tilburg_seed_003_eight_weeks_showtime_in_week_8_then_17_weeks_volunteering() -> None:
    t = _template("startprogramma-inburgering-plus")
    assert _weeks(t) == [8, 1, 17]
    assert t.total_weeks == 26  # "een traject van 26 weken"
    assert _day_parts(t.phases.get(order=1)) == 4  # 4 dagdelen per week
    volunteering = t.phases.get(order=3).components.get(kind="volunteering")
    assert Decimal(10) <= volunteering.hours_per_week <= Decimal(15)
    assert _milestones(t) == [("showtime", 8, None, "klantmanager")]
    assert _roles(t) == {"buddy"}


@pytest.mark.django_db
def test_dordrecht_seed_003_talent_scan_forms_three_groups_24_hours() -> None:
    t = _template("dordrecht-drechtsteden")
    assert t.group_forming == "talent_scan"
    assert list(t.streams.values_list("focus", flat=True)) == [
        "education",
        "participation",
        "stabilisation",
    ]
    programme = t.phases.get(order=2)
    assert _hours(programme) - programme.components.get(kind="internship").hours_per_week == 24
    assert programme.components.get(kind="internship").hours_per_week == 8  # 8-24 h
    assert _roles(t) == {"peer_coach"}
    assert _milestones(t) == [("other", 2, None, "klantmanager")]


@pytest.mark.django_db
def test_leerhuis_seed_003_two_groups_by_time_in_nl_building_up_from_25_to_32() -> None:
    t = _template("leerhuis-hoeksche-waard")
    assert _weeks(t) == [78]  # anderhalf jaar
    assert t.group_forming == "time_in_nl"
    assert t.streams.count() == 2
    phase = t.phases.get()
    assert _hours(phase) == 25
    end = sum((c.hours_per_week_end or c.hours_per_week for c in phase.components.all()), 0)
    assert end == 32
    assert _roles(t) == {"job_coach"}


@pytest.mark.django_db
def test_almere_seed_000_21_sessions_from_end_a2_after_the_pvt() -> None:
    t = _template("almere-map-b1")
    assert _weeks(t) == [13, 13]  # 3 months of training, then the internship
    map_component = t.phases.get(order=1).components.get()
    assert (map_component.kind, map_component.cadence, map_component.sessions) == (
        "map",
        "sessions",
        21,
    )
    assert (t.entry_level, sorted(t.entry_skills), t.entry_after_pvt) == (
        "A2",
        ["listening", "speaking"],
        True,
    )
    assert _milestones(t) == [
        ("other", 13, None, "klantmanager"),
        ("evaluation", 13, 13, "trainer"),  # every three months
        ("eindgesprek", 26, None, "klantmanager"),
    ]


@pytest.mark.django_db
def test_dalfsen_seed_001_every_other_week_with_final_presentations() -> None:
    t = _template("dalfsen-map-13-weken")
    assert _weeks(t) == [13]
    component = t.phases.get().components.get()
    assert (component.kind, component.cadence) == ("map", "every_other_week")
    assert _milestones(t) == [("final_presentation", 13, None, "trainer")]


@pytest.mark.django_db
def test_pvt_seed_002_twelve_hours_ending_with_the_signing() -> None:
    t = _template("pvt-standaard")
    phase = t.phases.get()
    assert _hours(phase) * phase.duration_weeks == 12
    assert _milestones(t) == [("other", 4, None, "trainer")]


@pytest.mark.django_db
def test_arnhem_seed_003_learn_work_place_from_day_one_three_years() -> None:
    t = _template("arnhem-leerwerkplek")
    first = t.phases.get(order=1)
    assert first.components.all()[0].kind == "work"  # the learn-work place comes first
    assert t.total_weeks == 156  # "begeleiding duurt in totaal drie jaar"
    assert _roles(t) == {"work_floor_mentor", "job_coach", "buddy"}


@pytest.mark.django_db
def test_hengelo_seed_003_three_day_parts_at_the_roc_and_volunteering() -> None:
    t = _template("hengelo-weekvullend")
    phase = t.phases.get()
    assert phase.components.get(kind="language").day_parts == 3
    assert {c.kind for c in phase.components.all()} == {
        "language",
        "self_reliance",
        "vocational",
        "volunteering",
    }
    assert 1 <= phase.components.get(kind="volunteering").day_parts <= 5
    assert _roles(t) == {"job_coach", "jobhunter"}


@pytest.mark.django_db
def test_lochem_brummen_seed_003_individual_plans_language_on_the_work_floor() -> None:
    t = _template("lochem-brummen-individueel")
    phase = t.phases.get()
    assert phase.components.get(kind="language").day_parts in (3, 4)
    assert phase.components.get(kind="internship").hours_per_week_end is not None  # rustig
    assert t.group_forming == "exemption"
    assert t.streams.count() == 2
    assert _roles(t) == {"language_coach", "buddy"}
    assert [m[0] for m in _milestones(t)] == ["other", "other"]


@pytest.mark.django_db
def test_nederweert_seed_003_home_visit_jobhunter_buddy_language_coach_one_hour() -> None:
    t = _template("nederweert-weert-cranendonck")
    assert _milestones(t) == [("home_visit", 1, None, "klantmanager")]
    assert _roles(t) == {"jobhunter", "job_coach", "buddy", "language_coach"}
    assert t.roles.get(role="language_coach").hours_per_week == 1
    assert t.phases.get(order=1).name.startswith("Voorschakeltraject")
    assert t.group_forming == "readiness"


@pytest.mark.django_db
def test_maassluis_seed_002_dual_within_six_months_evening_pvt_paid_peer_coaches() -> None:
    t = _template("maassluis-vlaardingen-schiedam")
    start, dual = t.phases.all()
    assert start.duration_weeks <= 26  # dual within 3-6 months
    pvt = start.components.get(kind="pvt")
    assert (pvt.cadence, pvt.sessions, pvt.moment) == ("sessions", 5, "evening")
    assert pvt.hours_per_week * (pvt.sessions or 0) == 15
    assert {c.moment for c in dual.components.filter(kind__in=["language", "map"])} == {"evening"}
    assert _roles(t) == {"peer_coach"}
    assert ("other", 13, None, "klantmanager") in _milestones(t)


@pytest.mark.django_db
def test_loading_again_creates_nothing_and_keeps_edits() -> None:
    template = ProgrammeTemplate.objects.get(code="dalfsen-map-13-weken")
    template.name = "Dalfsen MAP (edited)"
    template.save()
    before = (Phase.objects.count(), PhaseComponent.objects.count())
    assert load_pilot_templates() == 0
    assert (Phase.objects.count(), PhaseComponent.objects.count()) == before
    template.refresh_from_db()
    assert template.name == "Dalfsen MAP (edited)"


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(PILOT_CODES))
def test_every_pilot_template_is_enrollable(world: World, code: str) -> None:
    assert world.person_a is not None
    template = ProgrammeTemplate.objects.get(code=code)
    enrolment = enrolment_service.enrol(
        world.person_a, template, date(2026, 9, 2), actor=world.user("klantmanager_a")
    )
    assert enrolment.start_date == date(2026, 8, 31)  # the Monday of that week
    items = list(PlanItem.objects.filter(enrolment=enrolment).order_by("phase_order", "pk"))
    spec = next(t for t in PILOT_TEMPLATES if t.code == code)
    assert len(items) == sum(len(p.components) for p in spec.phases)
    # Phases follow each other without a gap and last as long as the template says.
    last_end = enrolment.start_date - timedelta(days=1)
    for phase in template.phases.all():
        phase_items = [i for i in items if i.phase_order == phase.order]
        assert phase_items[0].starts_on == last_end + timedelta(days=1)
        assert (phase_items[0].ends_on - phase_items[0].starts_on).days + 1 == (
            7 * phase.duration_weeks
        )
        last_end = phase_items[0].ends_on
    # Enrolling again with the same start changes nothing.
    again = enrolment_service.enrol(world.person_a, template, date(2026, 9, 4), actor=None)
    assert again.pk == enrolment.pk
    assert PlanItem.objects.filter(enrolment=enrolment).count() == len(items)


@pytest.mark.django_db
def test_functioneel_beheerder_edits_a_template(world: World) -> None:
    """Phases, components with their cadence, milestones, roles and the chain meeting."""
    template = ProgrammeTemplate.objects.get(code="pvt-standaard")
    url = reverse("programmes:template_edit", args=[template.code])
    assert sign_in(Client(), world.user("klantmanager_a")).get(url).status_code == 403
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    page = client.get(url)
    assert page.status_code == 200
    phase = template.phases.get()
    component = phase.components.get()
    data = {
        "t-name": "PVT, 15 hours",
        "t-target_group": template.target_group,
        "t-source": template.source,
        "t-description": template.description,
        "t-is_active": "on",
        "phases-TOTAL_FORMS": "2",
        "phases-INITIAL_FORMS": "1",
        "phases-0-id": str(phase.pk),
        "phases-0-name": phase.name,
        "phases-0-duration_weeks": "5",
        "phases-1-name": "",
        "phases-1-duration_weeks": "",
        f"c{phase.pk}-TOTAL_FORMS": "2",
        f"c{phase.pk}-INITIAL_FORMS": "1",
        f"c{phase.pk}-0-id": str(component.pk),
        f"c{phase.pk}-0-kind": "pvt",
        f"c{phase.pk}-0-hours_per_week": "3",
        f"c{phase.pk}-0-day_parts": "1",
        f"c{phase.pk}-0-moment": "evening",
        f"c{phase.pk}-0-note": "library excursion in week 5",
        f"c{phase.pk}-0-cadence": "sessions",
        f"c{phase.pk}-0-sessions": "5",
        f"c{phase.pk}-1-day_parts": "0",  # the empty extra form, as a browser sends it
        f"c{phase.pk}-1-cadence": "weekly",
        "t-entry_level": "",
        "t-chain_meeting": "monthly",
        "t-group_forming": "",
        "ms-TOTAL_FORMS": "2",
        "ms-INITIAL_FORMS": "1",
        "ms-0-id": str(template.milestones.get().pk),
        "ms-0-kind": "other",
        "ms-0-name": "Participation statement signed",
        "ms-0-week": "5",
        "ms-0-checked_by": "trainer",
        "ms-1-kind": "other",
        "ms-1-name": "Library excursion",
        "ms-1-week": "3",
        "ms-1-checked_by": "trainer",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-0-role": "language_coach",
        "roles-0-hours_per_week": "1",
        "streams-TOTAL_FORMS": "1",
        "streams-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    template.refresh_from_db()
    component.refresh_from_db()
    assert template.name == "PVT, 15 hours"
    assert template.total_weeks == 5
    assert component.moment == "evening"
    assert (component.cadence, component.sessions) == ("sessions", 5)
    assert template.chain_meeting == "monthly"
    assert list(template.milestones.values_list("name", "week")) == [
        ("Library excursion", 3),
        ("Participation statement signed", 5),
    ]
    assert template.roles.get().hours_per_week == 1
    # A number of sessions needs the number.
    data[f"c{phase.pk}-0-sessions"] = ""
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Give the number of sessions in the phase." in refused.content.decode()
    assert not ProcessingRecord.objects.exists()  # templates hold no personal data


@pytest.mark.django_db
def test_template_pages(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    listing = client.get(reverse("programmes:templates"))
    assert listing.status_code == 200
    assert "Taalsnelweg naar werk" in listing.content.decode()
    detail = client.get(reverse("programmes:template", args=["almere-map-b1"]))
    assert detail.status_code == 200
    policy = sign_in(Client(), world.user("beleidsmedewerker"))
    assert (
        policy.get(reverse("programmes:template_edit", args=["almere-map-b1"])).status_code == 200
    )
    buddy = sign_in(Client(), world.user("buddy"))
    assert buddy.get(reverse("programmes:templates")).status_code == 403


@pytest.mark.django_db
def test_migration_corrects_templates_as_first_shipped_and_keeps_edited_ones() -> None:
    """An existing installation: Almere still as migration 0002 shipped it is rebuilt with 21
    sessions; Dalfsen, edited since, is left alone; a removed new template comes back."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("spil.programmes.migrations.0012_seed_templates")

    def ship_old(code: str) -> ProgrammeTemplate:
        template = _template(code)
        template.phases.all().delete()
        template.milestones.all().delete()
        for order, (name, weeks, components) in enumerate(migration.AS_SHIPPED[code], 1):
            phase = Phase.objects.create(
                template=template, order=order, name=name, duration_weeks=weeks
            )
            for kind, hours, day_parts, moment, note in components:
                PhaseComponent.objects.create(
                    phase=phase,
                    kind=kind,
                    hours_per_week=Decimal(hours),
                    day_parts=day_parts,
                    moment=moment,
                    note=note,
                )
        return template

    almere = ship_old("almere-map-b1")
    dalfsen = ship_old("dalfsen-map-13-weken")
    dalfsen.phases.get().components.update(hours_per_week=Decimal(4))  # edited since
    ProgrammeTemplate.objects.filter(code="arnhem-leerwerkplek").delete()
    migration.load(apps, None)
    component = almere.phases.get(order=1).components.get()
    assert (component.cadence, component.sessions) == ("sessions", 21)
    assert almere.milestones.count() == 3
    assert dalfsen.phases.get().components.get().cadence == "weekly"  # kept as edited
    assert not dalfsen.milestones.exists()
    assert ProgrammeTemplate.objects.filter(code="arnhem-leerwerkplek").exists()
