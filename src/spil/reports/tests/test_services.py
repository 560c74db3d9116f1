"""Who may run a report on what, and the processing record every run leaves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from spil.audit.models import ProcessingRecord
from spil.audit.purposes import ProcessingAction, Purpose
from spil.reports import queries, services
from spil.reports.tests.support import Spec, make_person, selection_of
from spil.testing import World

pytestmark = pytest.mark.django_db


def test_a_beleidsmedewerker_of_a_regio_reports_on_the_regio_and_each_gemeente(
    world: World,
) -> None:
    user = world.user("beleidsmedewerker")
    assert queries.report_scope(user) == {world.gemeente_a.pk, world.gemeente_b.pk}
    assert queries.areas_for_user(user) == [world.regio, world.gemeente_a, world.gemeente_b]
    assert not queries.may_drill_down(user)


def test_a_klantmanager_reports_on_their_own_gemeente_only(world: World) -> None:
    user = world.user("klantmanager_a")
    assert queries.areas_for_user(user) == [world.gemeente_a]
    assert queries.may_drill_down(user)
    with pytest.raises(PermissionDenied):
        services.run(user, "funnel", selection_of(world.gemeente_b, [world.gemeente_b]))


@pytest.mark.parametrize(
    "key", ["trainer", "jobcoach", "partner_staff", "employer_contact", "buddy"]
)
def test_other_roles_run_no_report(world: World, key: str) -> None:
    user = world.user(key)
    assert not queries.can_read_reports(user)
    with pytest.raises(PermissionDenied):
        services.run(user, "funnel", selection_of(world.gemeente_a, [world.gemeente_a]))
    assert not ProcessingRecord.objects.exists()


def test_running_a_report_leaves_one_aggregate_record_for_accountability(world: World) -> None:
    make_person(world.gemeente_a, Spec())
    user = world.user("beleidsmedewerker")
    services.run(user, "funnel", selection_of(world.regio, [world.gemeente_a, world.gemeente_b]))
    record = ProcessingRecord.objects.get()
    assert record.actor == user
    assert record.purpose_code == Purpose.ACCOUNTABILITY.value == "verantwoording"
    assert record.handeling == ProcessingAction.VIEW
    assert not record.persons.exists()  # aggregate: nobody named
    assert record.legal_ground and "aggregate" in record.actie_naam
    assert set(record.data_categories) == {"trajectory", "work", "education"}
