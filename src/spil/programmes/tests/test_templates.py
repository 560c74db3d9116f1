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

PILOT_CODES = {
    "taalsnelweg-naar-werk",
    "up-roermond-leudal",
    "startprogramma-inburgering-plus",
    "dordrecht-drechtsteden",
    "leerhuis-hoeksche-waard",
    "almere-map-b1",
    "dalfsen-map-13-weken",
    "pvt-standaard",
}


@pytest.mark.django_db
def test_pilot_templates_are_present() -> None:
    assert set(ProgrammeTemplate.objects.values_list("code", flat=True)) >= PILOT_CODES
    taalsnelweg = ProgrammeTemplate.objects.get(code="taalsnelweg-naar-werk")
    assert [p.duration_weeks for p in taalsnelweg.phases.all()] == [18, 18]
    phase1 = taalsnelweg.phases.get(order=1)
    assert sum(c.hours_per_week for c in phase1.components.all()) == 20  # 4 days x 5 h
    evening = taalsnelweg.phases.get(order=2).components.get(kind="language")
    assert (evening.hours_per_week, evening.moment) == (Decimal(6), "evening")
    assert ProgrammeTemplate.objects.get(code="startprogramma-inburgering-plus").total_weeks == 26
    up = ProgrammeTemplate.objects.get(code="up-roermond-leudal")
    for phase in up.phases.all():
        assert sum(c.hours_per_week for c in phase.components.all()) == 36


@pytest.mark.django_db
def test_loading_again_creates_nothing_and_keeps_edits() -> None:
    template = ProgrammeTemplate.objects.get(code="dalfsen-map-13-weken")
    template.name = "Dalfsen MAP (edited)"
    template.save()
    before = (Phase.objects.count(), PhaseComponent.objects.count())
    assert load_pilot_templates(ProgrammeTemplate, Phase, PhaseComponent) == 0
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
        f"c{phase.pk}-1-day_parts": "0",  # the empty extra form, as a browser sends it
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    template.refresh_from_db()
    component.refresh_from_db()
    assert template.name == "PVT, 15 hours"
    assert template.total_weeks == 5
    assert component.moment == "evening"
    assert not ProcessingRecord.objects.exists()  # templates hold no personal data


@pytest.mark.django_db
def test_template_pages(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    listing = client.get(reverse("programmes:templates"))
    assert listing.status_code == 200
    assert "Taalsnelweg naar werk" in listing.content.decode()
    detail = client.get(reverse("programmes:template", args=["almere-map-b1"]))
    assert detail.status_code == 200
    buddy = sign_in(Client(), world.user("buddy"))
    assert buddy.get(reverse("programmes:templates")).status_code == 403
