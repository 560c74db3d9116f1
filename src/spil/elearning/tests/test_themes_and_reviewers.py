"""A module finished and confirmed counts as its MAP theme done (the portal's My progress
and the dossier's hours panel)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.elearning import queries, services
from spil.elearning.models import Completion
from spil.elearning.tests.support import THEMES, elearning_world
from spil.persons.models import Person
from spil.portal.tests.support import newcomer_client
from spil.programmes.models import (
    ThemeCredit,
)
from spil.programmes.queries import own_progress
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
    dossier = client.get(reverse("persons:detail", args=[person.public_id])).content.decode()
    panel = dossier.split("MAP-thema's</dt>")[1].split("</dd>")[0]
    assert "5 van 8" in panel
    assert "beroepenoriëntatie" in panel and "werk vinden" not in panel  # still to do
    # Confirming again credits nothing twice.
    services.confirm_completion(completion, actor=world.user("trainer"))
    assert ThemeCredit.objects.filter(person=person).count() == len(THEMES)
