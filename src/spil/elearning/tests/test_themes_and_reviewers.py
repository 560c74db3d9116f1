"""A module finished and confirmed counts as its MAP theme done (the portal's My progress
and the dossier's hours panel); an e-learning from a programme template without a group
goes for review to the MAP provider's trainers, or else the klantmanager."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import Membership
from spil.accounts.roles import Role
from spil.elearning import queries, services
from spil.elearning.models import Completion
from spil.elearning.tests.support import START, THEMES, elearning_world
from spil.persons.models import Person
from spil.portal.tests.support import newcomer_client
from spil.programmes.models import (
    ComponentKind,
    Enrolment,
    GroupMember,
    PlanItem,
    ProgrammeTemplate,
    ThemeCredit,
)
from spil.programmes.queries import own_progress
from spil.programmes.tests.support import school
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db

REFLECTION = "Ik wil in de zorg werken, dichtbij huis."


def _finish_in_the_portal(client: Client, person: Person) -> None:
    """The newcomer works through every module page by page, as in the browser."""
    plan = queries.plan_for(person)
    assert plan is not None
    for state in plan.modules:
        code = state.module.code
        for number, page in enumerate(state.pages, start=1):
            url = reverse("portal:elearning_page", args=[code, number])
            assert client.get(url).status_code == 200
            data = {}
            if page["kind"] == "choice":
                data = {"answer": str(page["answer"])}
            elif page["kind"] == "reflection":
                data = {"answer": REFLECTION}
            assert client.post(url, data).status_code in (200, 302)


def _themes_on_progress_page(client: Client) -> str:
    page = client.get(reverse("portal:progress")).content.decode()
    return page.split('id="bar-map_themes"')[1].split("</section>")[0]


def test_confirmed_modules_count_as_map_themes_done(world: World) -> None:
    group, _setting = elearning_world(world)
    # A group without topics: no theme comes from the sessions.
    group.sessions.update(topic="")
    person = world.person_a
    assert person is not None
    portal = newcomer_client(person)
    _finish_in_the_portal(portal, person)
    completion = Completion.objects.get(person=person)
    # Finished but not yet confirmed: no theme done.
    assert own_progress(person).summary.map.themes_done == ()
    assert "✓" not in _themes_on_progress_page(portal)

    trainer = sign_in(Client(), world.user("trainer"))
    review = reverse("elearning:review", args=[completion.pk])
    assert trainer.post(review, {"note": "Goed gedaan."}).status_code == 302

    done = own_progress(person).summary.map.themes_done
    assert sorted(done) == sorted(THEMES)
    panel = _themes_on_progress_page(portal)
    for theme in THEMES:
        assert f"✓ {theme}" in panel
    assert "5" in panel.split("</strong>")[0]
    # The dossier's hours panel shares own_progress.
    client = sign_in(Client(), world.user("klantmanager_a"))
    section = reverse("persons:programmes", args=[person.public_id])
    dossier = client.get(section).content.decode()
    panel = dossier.split("MAP-thema's</dt>")[1].split("</dd>")[0]
    assert "5 van 8" in panel
    assert "beroepenoriëntatie" in panel and "werk vinden" not in panel  # still to do
    # Confirming again credits nothing twice.
    services.confirm_completion(completion, actor=world.user("trainer"))
    assert ThemeCredit.objects.filter(person=person).count() == len(THEMES)


def _template_only(world: World, *, provider: str) -> Person:
    """person_a's e-learning comes from their programme template; no MAP group."""
    services.load_starter()
    person = world.person_a
    assert person is not None
    person.regisseur = world.user("klantmanager_a")
    person.save()
    GroupMember.objects.filter(person=person).delete()
    template = ProgrammeTemplate.objects.create(code="almere-map", name="MAP Almere")
    enrolment = Enrolment.objects.create(person=person, template=template, start_date=START)
    PlanItem.objects.create(
        enrolment=enrolment,
        phase_order=1,
        phase_name="MAP",
        starts_on=START,
        ends_on=date(2027, 1, 25),
        kind=ComponentKind.MAP,
        hours_per_week=4,
        provider=provider,
    )
    services.set_setting(template_id=template.pk, themes=THEMES[:1], window_weeks=9)
    return person


def test_template_only_e_learning_goes_to_the_providers_trainers(
    world: World, mailoutbox: list[Any]
) -> None:
    person = _template_only(world, provider="Taalschool")
    trainer = world.user("trainer")
    trainer.email = "trainer@taalschool.example"
    trainer.save()
    assert Membership.objects.filter(user=trainer, organisation=school(), role=Role.TRAINER)
    _finish_in_the_portal(newcomer_client(person), person)
    completion = Completion.objects.get(person=person)
    assert list(completion.reviewers.all()) == [trainer]
    assert [m.to for m in mailoutbox] == [["trainer@taalschool.example"]]
    assert person.family_name not in mailoutbox[0].body
    page = sign_in(Client(), trainer).get(reverse("elearning:index")).content.decode()
    assert reverse("elearning:review", args=[completion.pk]) in page
    assert queries.completions_to_review(world.user("klantmanager_a")) == []


def test_template_only_questions_reach_the_providers_trainers(
    world: World, mailoutbox: list[Any]
) -> None:
    person = _template_only(world, provider="taalschool")  # the name in any case
    trainer = world.user("trainer")
    trainer.email = "trainer@taalschool.example"
    trainer.save()
    portal = newcomer_client(person)
    ask = reverse("portal:elearning_ask", args=["werk-vinden", 2])
    assert portal.post(ask, {"question": "Moet mijn cv in het Nederlands?"}).status_code == 302
    assert [m.to for m in mailoutbox] == [["trainer@taalschool.example"]]
    client = sign_in(Client(), trainer)
    assert "Moet mijn cv" in client.get(reverse("elearning:index")).content.decode()
    question = queries.open_questions(trainer)[0]
    answer = client.post(reverse("elearning:question", args=[question.pk]), {"answer": "Ja."})
    assert answer.status_code == 302
    assert "Ja." in portal.get(reverse("portal:elearning")).content.decode()
    assert queries.open_questions(world.user("klantmanager_a")) == []


def test_without_a_provider_trainer_the_klantmanager_reviews_and_confirms(
    world: World, mailoutbox: list[Any]
) -> None:
    person = _template_only(world, provider="Een aanbieder zonder Spil")
    klantmanager = world.user("klantmanager_a")
    klantmanager.email = "km@gemeente-a.example"
    klantmanager.save()
    _finish_in_the_portal(newcomer_client(person), person)
    completion = Completion.objects.get(person=person)
    assert [m.to for m in mailoutbox] == [["km@gemeente-a.example"]]
    client = sign_in(Client(), klantmanager)
    page = client.get(reverse("elearning:index")).content.decode()
    review = reverse("elearning:review", args=[completion.pk])
    assert review in page
    assert REFLECTION in client.get(review).content.decode()
    assert client.post(review, {"note": ""}).status_code == 302
    completion.refresh_from_db()
    assert completion.confirmed_by == klantmanager
    assert own_progress(person).summary.map.themes_done == (THEMES[0],)
    # Another klantmanager does not see it, nor does a trainer who does not train them.
    other = sign_in(Client(), world.user("klantmanager_b"))
    assert other.get(review).status_code == 404
    assert queries.completions_to_review(world.user("trainer")) == []
    # Questions go to the klantmanager too.
    portal = newcomer_client(person)
    ask = reverse("portal:elearning_ask", args=["werk-vinden", 2])
    portal.post(ask, {"question": "Wanneer is het eindgesprek?"})
    assert mailoutbox[-1].to == ["km@gemeente-a.example"]
    assert [q.text for q in queries.open_questions(klantmanager)] == ["Wanneer is het eindgesprek?"]
    assert queries.open_questions(world.user("klantmanager_b")) == []
