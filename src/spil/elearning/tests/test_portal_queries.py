"""The e-learning in the portal's menu costs the home and agenda pages one query (they must
stay fast on a cheap phone: `spil bench portal`, target p95 ≤ 50 ms)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spil.elearning import queries
from spil.elearning.models import Setting
from spil.elearning.tests.support import START, THEMES, elearning_world
from spil.portal.tests.support import newcomer_client
from spil.programmes.models import Enrolment, ProgrammeTemplate
from spil.testing import World

pytestmark = pytest.mark.django_db

#: Queries of the home and agenda pages for a newcomer with a MAP group and its sessions
#: (session, person, the page's reads, the processing record, the session renewal).
# The agenda reads the open programme milestones too (one query).
MOST = {"portal:home": 13, "portal:agenda": 19}


def _count(client: Client, name: str) -> int:
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_e_learning_in_the_menu_costs_one_query_on_home_and_agenda(world: World) -> None:
    _group, setting = elearning_world(world)
    person = world.person_a
    assert person is not None
    client = newcomer_client(person)
    assert 'href="/mijn/e-learning/"' in client.get(reverse("portal:home")).content.decode()
    with_elearning = {name: _count(client, name) for name in MOST}
    Setting.objects.filter(pk=setting.pk).delete()
    assert not queries.has_elearning(person)
    without = {name: _count(client, name) for name in MOST}
    for name, most in MOST.items():
        assert with_elearning[name] <= most, (name, with_elearning[name])
        assert with_elearning[name] - without[name] <= 1, name  # has_elearning: one query
    # From a programme template (no group's setting): still one query.
    template = ProgrammeTemplate.objects.create(code="almere-map", name="MAP Almere")
    Enrolment.objects.create(person=person, template=template, start_date=START)
    Setting.objects.create(template=template, themes=THEMES, window_weeks=9)
    assert queries.has_elearning(person)
    for name in MOST:
        assert _count(client, name) - without[name] <= 1, name
