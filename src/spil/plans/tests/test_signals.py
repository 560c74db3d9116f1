"""Plan signals: intake not started, 10-week deadline near or passed, PIP vastgesteld but
not accepted by DUO, PIP revision needed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spil.dossier.models import Signal
from spil.intake import services as intake_services
from spil.persons.tests.factories import make_deadline
from spil.plans import services
from spil.plans.models import DuoStatus
from spil.plans.tests.support import new_trajectory
from spil.testing import World
from spil.trajectories.models import DeadlineKind, Niveau

pytestmark = pytest.mark.django_db


def _open(person_id: int) -> set[str]:
    return set(
        Signal.objects.filter(person_id=person_id, resolved_at__isnull=True).values_list(
            "code", flat=True
        )
    )


def test_intake_not_started_and_leerroute_deadline(world: World) -> None:
    person = world.person_a
    assert person is not None
    trajectory = new_trajectory(person)
    today = trajectory.created_at.date() + timedelta(days=30)
    make_deadline(trajectory, kind=DeadlineKind.LEERROUTE, due=today + timedelta(days=10))
    services.refresh_signals(person, today=today)
    assert _open(person.pk) == {"intake_not_started", "leerroute_deadline_near"}
    services.refresh_signals(person, today=today + timedelta(days=11))
    assert "leerroute_deadline_passed" in _open(person.pk)
    assert "leerroute_deadline_near" not in _open(person.pk)
    intake_services.start_intake(person, actor=world.user("klantmanager_a"))
    assert "intake_not_started" not in _open(person.pk)


def test_duos_ss126_stands_for_the_passed_deadline_alone(world: World) -> None:
    from spil.dossier import services as dossier_services

    person = world.person_a
    assert person is not None
    trajectory = new_trajectory(person)
    today = trajectory.created_at.date() + timedelta(days=80)
    make_deadline(trajectory, kind=DeadlineKind.LEERROUTE, due=today - timedelta(days=5))
    services.refresh_signals(person, today=today)
    assert "leerroute_deadline_passed" in _open(person.pk)
    dossier_services.raise_signal(person, "SS126")  # DUO says the same
    services.refresh_signals(person, today=today)
    assert "SS126" in _open(person.pk)
    assert "leerroute_deadline_passed" not in _open(person.pk)


def test_pip_not_accepted_and_revision_needed(world: World) -> None:
    person = world.person_a
    assert person is not None
    new_trajectory(person)
    user = world.user("klantmanager_a")
    draft = services.draft_for(person, actor=user)
    draft.niveau = Niveau.B1
    draft.save()
    version = services.vaststellen(
        draft, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user
    )
    assert version.duo_status == DuoStatus.NOT_SENT
    services.refresh_signals(person, today=date(2026, 3, 3))
    assert "pip_not_accepted_by_duo" in _open(person.pk)
    services.revision_needed(person, reason="SS142")
    assert "pip_revision_needed" in _open(person.pk)
    revision = services.draft_for(person, actor=user)
    services.vaststellen(
        revision, dagtekening=date(2026, 4, 1), confirm_late_switch=False, actor=user
    )
    assert "pip_revision_needed" not in _open(person.pk)


def test_diff_between_versions(world: World) -> None:
    from spil.plans.queries import diff

    person = world.person_a
    assert person is not None
    new_trajectory(person)
    user = world.user("klantmanager_a")
    first = services.draft_for(person, actor=user)
    first.niveau = Niveau.B1
    first.save()
    services.vaststellen(first, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user)
    second = services.draft_for(person, actor=user)
    services.update_draft(second, {"niveau": Niveau.A2, "transport": "OV-kaart"}, actor=user)
    changes = {c.label: (c.before, c.after) for c in diff(first, second)}
    assert changes["level"] == ("B1", "A2")
    assert changes["transport"] == ("—", "OV-kaart")
