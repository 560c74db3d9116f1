"""Enrolment from the PIP: suggestions, the merged week plan, the page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.programmes import pip_plan
from spil.programmes.models import Enrolment, PlanItem, ProgrammeTemplate
from spil.programmes.services import enrolment as enrolment_service
from spil.programmes.tests.support import established_pip
from spil.programmes.tests.test_templates import PILOT_CODES
from spil.testing import PersonalDataAccessMixin, World, sign_in

pytestmark = pytest.mark.django_db

START = date(2026, 9, 7)  # a Monday
END = date(2027, 9, 5)
B1_PIP = [
    ("language", "Taalschool Noord", "10", START, END),
    ("map", "Werkwijs", "3", START, date(2026, 12, 6)),
    ("participation", "Kringloop", "16", date(2026, 10, 5), END),
]


def _person(world: World) -> Any:
    assert world.person_a is not None
    return world.person_a


def test_no_pip_means_no_enrolment_from_pip(world: World) -> None:
    assert pip_plan.read_pip(_person(world)) is None
    with pytest.raises(enrolment_service.NoEstablishedPip):
        enrolment_service.enrol_from_pip(
            _person(world), ProgrammeTemplate.objects.all()[0], START, actor=None
        )


def test_a_draft_pip_is_not_read(world: World) -> None:
    version = established_pip(_person(world), B1_PIP)
    version.status = "draft"
    version.save()
    assert pip_plan.read_pip(_person(world)) is None


@pytest.mark.parametrize("code", sorted(PILOT_CODES))
def test_every_pilot_template_can_be_enrolled_from_a_pip(world: World, code: str) -> None:
    person = _person(world)
    established_pip(person, B1_PIP)
    template = ProgrammeTemplate.objects.get(code=code)
    enrolment = enrolment_service.enrol_from_pip(
        person, template, actor=world.user("klantmanager_a"), accept_unmet=True
    )
    assert enrolment.start_date == START  # the PIP's first component
    assert enrolment.pip_version is not None
    items = list(enrolment.items.all())
    assert items
    assert all(i.starts_on <= i.ends_on for i in items)
    from_pip = [i for i in items if i.from_pip]
    # every PIP bucket is in the plan, with the PIP's provider
    assert {pip_plan.BUCKET[i.kind] for i in from_pip} == {"language", "map", "participation"}
    providers = {pip_plan.BUCKET[i.kind]: i.provider for i in from_pip}
    assert providers == {
        "language": "Taalschool Noord",
        "map": "Werkwijs",
        "participation": "Kringloop",
    }
    # the PIP's periods are kept: no participation before 5 Oct, no MAP after 6 Dec
    assert min(
        i.starts_on
        for i in from_pip
        if i.kind
        in (
            "work",
            "internship",
            "volunteering",
            "sport",
            "coaching",
            "workshop",
            "self_reliance",
            "vocational",
        )
    ) >= date(2026, 10, 5)
    assert max(i.ends_on for i in from_pip if i.kind == "map") <= date(2026, 12, 6)
    assert ProcessingRecord.objects.filter(actie_naam="Enrol in programme from the PIP").exists()


def test_the_pip_decides_the_hours_in_the_template_proportions(world: World) -> None:
    person = _person(world)
    established_pip(person, B1_PIP)
    template = ProgrammeTemplate.objects.get(code="taalsnelweg-naar-werk")
    enrolment = enrolment_service.enrol_from_pip(person, template, actor=None)
    first_phase = PlanItem.objects.filter(enrolment=enrolment, phase_order=1)
    language = first_phase.filter(kind="language")
    assert [i.hours_per_week for i in language] == [Decimal("10.0")]  # PIP: 10 h, template 8
    participation = first_phase.exclude(kind="language")
    # sport 2 + workshop 3 + self-reliance 3 -> the PIP's 16 h in that proportion
    assert sum(i.hours_per_week for i in participation) == Decimal(16)
    assert sorted(i.hours_per_week for i in participation) == [4, 6, 6]
    # the template has no MAP: the PIP's MAP component is added as it stands
    added = PlanItem.objects.get(enrolment=enrolment, phase_order=0)
    assert (added.kind, added.hours_per_week, added.provider) == ("map", Decimal(3), "Werkwijs")
    assert (added.starts_on, added.ends_on) == (START, date(2026, 12, 6))


def test_buckets_the_pip_does_not_mention_keep_the_template() -> None:
    pip = pip_plan.PipSnapshot(
        version_id=1,
        number=1,
        leerroute="z",
        leerroute_label="Z-route",
        niveau="",
        dagtekening=None,
        parts=(pip_plan.PipPart("language", "Language", "ROC", Decimal(6), START, END),),
    )
    drafts = [
        pip_plan.Draft(1, "one", START, START + timedelta(days=27), "language", Decimal(8), 2, ""),
        pip_plan.Draft(1, "one", START, START + timedelta(days=27), "sport", Decimal(3), 1, ""),
    ]
    merged = pip_plan.merge(drafts, pip, START)
    assert [(d.kind, d.hours_per_week, d.from_pip) for d in merged] == [
        ("language", Decimal(6), True),
        ("sport", Decimal(3), False),
    ]


def test_share_sums_exactly() -> None:
    shares = pip_plan._share(Decimal(10), [Decimal(1), Decimal(1), Decimal(1)])
    assert sum(shares) == Decimal(10)
    assert pip_plan._share(Decimal(4), [Decimal(0), Decimal(0)]) == [Decimal(2), Decimal(2)]


def test_suggestions_fit_the_pip(world: World) -> None:
    person = _person(world)
    established_pip(person, [("pvt", "Bibliotheek", "3", START, START + timedelta(weeks=4))])
    pip = pip_plan.read_pip(person)
    assert pip is not None
    suggestions = pip_plan.suggest(ProgrammeTemplate.objects.all(), pip)
    assert suggestions[0].template.code == "pvt-standaard"
    assert any("PVT" in reason for reason in suggestions[0].reasons)


def test_map_pip_suggests_a_map_programme(world: World) -> None:
    person = _person(world)
    established_pip(person, [("map", "Werkwijs", "3.5", START, START + timedelta(weeks=13))])
    pip = pip_plan.read_pip(person)
    assert pip is not None
    best = pip_plan.suggest(ProgrammeTemplate.objects.all(), pip)[0].template.code
    assert best in {"almere-map-b1", "dalfsen-map-13-weken"}


def test_same_pip_again_changes_nothing_and_a_revision_remakes_the_plan(world: World) -> None:
    person = _person(world)
    version = established_pip(person, B1_PIP)
    template = ProgrammeTemplate.objects.get(code="dalfsen-map-13-weken")
    first = enrolment_service.enrol_from_pip(person, template, actor=None)
    items = sorted(PlanItem.objects.filter(enrolment=first).values_list("pk", flat=True))
    again = enrolment_service.enrol_from_pip(person, template, actor=None)
    assert again.pk == first.pk
    assert sorted(PlanItem.objects.filter(enrolment=first).values_list("pk", flat=True)) == items
    # a revision: version 2 with other hours
    from spil.plans.models import PipComponent, PipVersion

    version.status = "superseded"
    version.save()
    revised = PipVersion.objects.create(
        pip=version.pip,
        number=2,
        status="vastgesteld",
        leerroute="b1",
        dagtekening=date(2026, 9, 1),
    )
    PipComponent.objects.create(
        version=revised, kind="map", provider="Anders", hours_per_week=4, start=START, end=END
    )
    enrolment_service.enrol_from_pip(person, template, actor=None)
    first.refresh_from_db()
    assert first.pip_version == revised.pk
    assert set(first.items.filter(from_pip=True).values_list("provider", flat=True)) == {"Anders"}
    assert Enrolment.objects.filter(person=person).count() == 1


def test_page_shows_suggestions_and_preview_then_enrols(world: World) -> None:
    person = _person(world)
    established_pip(person, B1_PIP)
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("programmes:enrol_from_pip", args=[person.public_id])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Taalschool Noord" in body and "best fit" in body
    template = ProgrammeTemplate.objects.get(code="taalsnelweg-naar-werk")
    preview = client.get(url, {"template": str(template.pk), "start_date": "2026-09-07"})
    assert "Week plan with Taalsnelweg naar werk" in preview.content.decode()
    response = client.post(url, {"template": template.pk, "start_date": "2026-09-07"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person=person)
    assert enrolment.template == template and enrolment.pip_version
    person_page = client.get(reverse("programmes:person", args=[person.public_id])).content
    assert b"Enrol from the PIP" in person_page and b"Kringloop" in person_page


def test_page_without_pip_says_so(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    page = client.get(reverse("programmes:enrol_from_pip", args=[_person(world).public_id]))
    assert page.status_code == 200
    assert "no established PIP" in page.content.decode()


class TestEnrolFromPipPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories: tuple[str, ...] = ("identity", "trajectory")

    def url(self, world: World) -> str:
        person = _person(world)
        if not person.pips.exists():
            established_pip(person, B1_PIP)
        return reverse("programmes:enrol_from_pip", args=[person.public_id])


class TestEnrolFromPipSave(TestEnrolFromPipPage):
    expected_categories: tuple[str, ...] = ("trajectory",)
    method = "post"
    success_status = 302

    def request(self, client: Client, url: str) -> Any:
        Enrolment.objects.all().delete()
        template = ProgrammeTemplate.objects.get(code="almere-map-b1")
        data = {"template": template.pk, "start_date": "2026-09-07", "accept_unmet": "on"}
        return client.post(url, data)
