"""The placement lifecycle through the services: transitions, team, momentum signal,
aftercare with scheduled check-ins, outcomes and consent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spil.audit.models import ProcessingRecord
from spil.dossier.models import Signal, Task
from spil.persons.models import AccessBasis
from spil.placements import services
from spil.placements.models import CheckIn, CheckInKind, Outcome, PlacementStatus
from spil.placements.tests.support import placement_world
from spil.rules.engine import aftercare_end, momentum_deadline

pytestmark = pytest.mark.django_db


def test_full_lifecycle_to_end_with_next_step() -> None:
    world, placement = placement_world()
    coach = world.user("jobcoach")
    assert placement.status == PlacementStatus.INTRODUCTION
    services.start(coach, placement, date(2026, 9, 7), date(2026, 12, 31))
    services.evaluate(coach, placement, date(2026, 10, 15), "Goed op weg")
    before = ProcessingRecord.objects.count()
    services.end(
        coach,
        placement,
        date(2026, 12, 31),
        "completed",
        next_step="MBO-opleiding kok",
        next_step_on=date(2027, 2, 1),
        outcome="internship",
    )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED
    assert ProcessingRecord.objects.count() == before + 1
    assert not Signal.objects.filter(code=services.MOMENTUM_SIGNAL).exists()
    outcome = Outcome.objects.get()
    assert (outcome.kind, outcome.placement, outcome.started_on) == (
        "internship",
        placement,
        date(2026, 9, 7),
    )


def test_ending_without_next_step_raises_momentum_signal_until_planned() -> None:
    world, placement = placement_world()
    km = world.user("klantmanager_a")
    services.start(km, placement, date(2026, 9, 7))
    services.end(km, placement, date(2026, 10, 1), "not_suitable")
    signal = Signal.objects.get(code=services.MOMENTUM_SIGNAL, resolved_at__isnull=True)
    assert signal.params["next_step_due"] == momentum_deadline(date(2026, 10, 1)).due.isoformat()
    services.set_next_step(km, placement, "Vrijwilligerswerk bij de bibliotheek", None)
    assert not Signal.objects.filter(
        code=services.MOMENTUM_SIGNAL, resolved_at__isnull=True
    ).exists()


def test_placement_ending_within_the_window_without_next_step_is_signalled() -> None:
    world, placement = placement_world()
    services.start(world.user("jobcoach"), placement, date(2026, 9, 7), date(2026, 12, 31))
    weeks = (momentum_deadline(date(2026, 12, 31)).due - date(2026, 12, 31)).days
    assert services.check_momentum(date(2026, 12, 31) - timedelta(days=weeks + 1)) == 0
    assert not Signal.objects.exists()
    assert services.check_momentum(date(2026, 12, 31) - timedelta(days=weeks - 1)) == 1
    assert Signal.objects.filter(code=services.MOMENTUM_SIGNAL).count() == 1


def test_conversion_to_paid_work_starts_aftercare_with_scheduled_checkins() -> None:
    world, placement = placement_world()
    coach = world.user("jobcoach")
    services.start(coach, placement, date(2026, 9, 7))
    services.convert_to_paid_work(coach, placement, date(2027, 1, 4))
    placement.refresh_from_db()
    due = aftercare_end(date(2027, 1, 4)).due
    assert placement.status == PlacementStatus.CONVERTED
    assert placement.aftercare_until == due
    planned = list(CheckIn.objects.filter(kind=CheckInKind.AFTERCARE).order_by("scheduled_for"))
    assert len(planned) == 4 and planned[-1].scheduled_for == due
    assert all(c.done_at is None for c in planned)
    tasks = Task.objects.filter(code=services.AFTERCARE_TASK)
    assert tasks.count() == 4 and {t.assignee for t in tasks} == {coach}
    assert Outcome.objects.get().kind == "paid_job"
    # an aftercare check-in by the employer fills the scheduled one
    employer = world.user("employer_contact")
    done = services.check_in(employer, placement, mood="good", note="Prima", scheduled=planned[0])
    assert done.pk == planned[0].pk and done.author_role == "employer_contact"


def test_transitions_are_guarded() -> None:
    world, placement = placement_world()
    km = world.user("klantmanager_a")
    with pytest.raises(ValidationError):
        services.evaluate(km, placement, date(2026, 9, 8), "te vroeg")
    with pytest.raises(PermissionDenied):
        services.start(world.user("employer_contact"), placement, date(2026, 9, 7))
    with pytest.raises(PermissionDenied):
        services.start(world.user("klantmanager_b"), placement, date(2026, 9, 7))
    with pytest.raises(ValidationError):
        services.start(km, placement, date(2026, 9, 7), date(2026, 9, 1))
    services.end(km, placement, date(2026, 9, 2), "stopped", next_step="Taalcursus")
    with pytest.raises(ValidationError):
        services.start(km, placement, date(2026, 9, 7))


def test_employer_sees_only_with_consent_and_only_consented_categories() -> None:
    from spil.placements import queries

    world, placement = placement_world()
    employer_user = world.user("employer_contact")
    placement = queries.placements_for_user(employer_user).get()
    assert queries.visible_categories(employer_user, placement) == {
        "identity",
        "contact",
        "language",
        "work",
    }  # the consent of placement_world: everything but the check-in notes
    km = world.user("klantmanager_a")
    services.give_consent(km, placement.person, placement.offer.employer, ["language"])
    assert queries.visible_categories(employer_user, placement) == {"language", "work"}
    from django.test import Client
    from django.urls import reverse

    from spil.testing import sign_in

    client = sign_in(Client(), employer_user)
    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    page = client.get(reverse("placements:placement_detail", args=[placement.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert placement.person.family_name not in body and placement.person.phone not in body
    assert "A2 / A2" in body
    record = ProcessingRecord.objects.exclude(pk__in=before).get()
    assert set(record.data_categories) == {"language", "work"}
    consent = AccessBasis.objects.get(withdrawn_at__isnull=True)
    services.withdraw_consent(km, consent)
    assert not queries.placements_for_user(employer_user).exists()
    assert queries.visible_categories(employer_user, placement) == frozenset()
    with pytest.raises(PermissionDenied):
        services.check_in(employer_user, placement, mood="good")


def test_the_employer_reads_check_in_notes_only_when_the_newcomer_shares_them() -> None:
    from django.test import Client
    from django.urls import reverse

    from spil.testing import sign_in

    world, placement = placement_world()
    km, coach = world.user("klantmanager_a"), world.user("jobcoach")
    employer_user = world.user("employer_contact")
    services.give_consent(km, placement.person, placement.offer.employer, ["work"])
    services.check_in(coach, placement, mood="hard", note="Moeite met de vroege dienst")
    services.check_in(employer_user, placement, mood="good", note="Helpt collega's graag")
    client = sign_in(Client(), employer_user)
    url = reverse("placements:placement_detail", args=[placement.public_id])

    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    body = client.get(url).content.decode()
    assert "Helpt collega&#x27;s graag" in body  # what they wrote themselves
    assert "Moeite met de vroege dienst" not in body  # the job coach's note is not shared
    record = ProcessingRecord.objects.exclude(pk__in=before).get()
    assert "checkin_notes" not in record.data_categories

    services.give_consent(km, placement.person, placement.offer.employer, ["work", "checkin_notes"])
    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    body = client.get(url).content.decode()
    assert "Moeite met de vroege dienst" in body
    record = ProcessingRecord.objects.exclude(pk__in=before).get()
    assert "checkin_notes" in record.data_categories
    coach_page = sign_in(Client(), coach).get(url).content.decode()
    assert "Moeite met de vroege dienst" in coach_page and "Helpt collega" in coach_page


def test_outcomes_several_per_person() -> None:
    world, placement = placement_world()
    km = world.user("klantmanager_a")
    person = placement.person
    services.record_outcome(
        km, person, kind="internship", started_on=date(2026, 9, 7), placement=placement
    )
    services.record_outcome(
        km, person, kind="certificate", started_on=date(2026, 12, 1), course="VCA basis"
    )
    assert Outcome.objects.filter(person=person).count() == 2
    with pytest.raises(PermissionDenied):
        services.record_outcome(
            world.user("jobcoach"), person, kind="education", started_on=date(2027, 1, 1)
        )


def test_momentum_task_runs_the_service() -> None:
    from spil.placements.tasks import check_momentum_task

    placement_world()
    assert check_momentum_task.delay().get() == 0


def test_only_the_caseload_is_offered_the_outcomes_link() -> None:
    """The job coach works on the placement but not on the person's outcomes page."""
    from django.test import Client
    from django.urls import reverse

    from spil.testing import sign_in

    world, placement = placement_world()
    detail = reverse("placements:placement_detail", args=[placement.public_id])
    outcomes = reverse("placements:outcomes", args=[placement.person.public_id])
    coach = sign_in(Client(), world.user("jobcoach"))
    assert outcomes not in coach.get(detail).content.decode()
    assert coach.get(outcomes).status_code == 404
    km = sign_in(Client(), world.user("klantmanager_a"))
    assert outcomes in km.get(detail).content.decode()


def test_a_paid_job_recorded_as_an_outcome_starts_aftercare() -> None:
    """Issue 16: a paid job found without a placement gets the same six months of aftercare,
    its check-ins as tasks of the klantmanager who recorded it; other outcomes get none."""
    from django.test import Client
    from django.urls import reverse

    from spil.dossier.models import Task
    from spil.testing import sign_in

    world, placement = placement_world()
    person = placement.person
    km = world.user("klantmanager_a")
    client = sign_in(Client(), km)
    url = reverse("placements:outcomes", args=[person.public_id])
    response = client.post(
        url, {"kind": "paid_job", "started_on": "2026-12-01", "description": "Bakkerij"}
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(kind="paid_job")
    assert outcome.placement is None
    assert outcome.aftercare_until == date(2027, 5, 31)
    tasks = Task.objects.filter(person=person, code=services.AFTERCARE_TASK).order_by("due")
    assert [t.due for t in tasks] == [
        date(2026, 12, 15),
        date(2027, 1, 12),
        date(2027, 3, 2),
        date(2027, 5, 31),
    ]
    assert {t.assignee for t in tasks} == {km}
    assert "Aftercare until" in client.get(url).content.decode()
    services.record_outcome(km, person, kind="volunteering", started_on=date(2026, 12, 2))
    assert Task.objects.filter(person=person, code=services.AFTERCARE_TASK).count() == 4


def test_converting_a_placement_starts_aftercare_once() -> None:
    from spil.dossier.models import Task

    world, placement = placement_world()
    coach = world.user("jobcoach")
    services.start(coach, placement, date(2026, 11, 30))
    services.convert_to_paid_work(coach, placement, date(2026, 12, 7))
    outcome = Outcome.objects.get(placement=placement)
    assert outcome.aftercare_until == placement.aftercare_until
    before = Task.objects.filter(code=services.AFTERCARE_TASK).count()
    services.record_outcome(
        world.user("klantmanager_a"), placement.person, kind="paid_job",
        started_on=date(2026, 12, 7), placement=placement,
    )  # fmt: skip
    assert Task.objects.filter(code=services.AFTERCARE_TASK).count() == before
