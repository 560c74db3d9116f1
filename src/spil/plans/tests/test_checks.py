"""DUO's rules and Spil's Wi2021 rules are checked before vaststelling, each refusal
naming its field in a clear message."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from spil.persons.models import Doelgroep
from spil.plans import services
from spil.plans.models import ComponentKind, PipVersion
from spil.plans.tests.support import SETTLED, new_trajectory
from spil.testing import World
from spil.trajectories.models import Leerroute, Niveau

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world: World) -> PipVersion:
    person = world.person_a
    assert person is not None
    person.settlement_date = SETTLED
    person.doelgroep = Doelgroep.ASIEL
    person.save()
    new_trajectory(person)
    version = services.draft_for(person, actor=world.user("klantmanager_a"))
    version.niveau = Niveau.B1
    version.save()
    return version


def refused(version: PipVersion, day: date | None, **kwargs: bool) -> dict[str, str]:
    with pytest.raises(services.PipNotAllowed) as caught:
        services.vaststellen(
            version,
            dagtekening=day,
            confirm_late_switch=kwargs.get("confirm", False),
            actor=version.created_by,  # type: ignore[arg-type]
        )
    return {p.code: f"{p.field}: {p.message}" for p in caught.value.problems}


def test_a_valid_first_b1_pip_passes(draft: PipVersion) -> None:
    established = services.vaststellen(
        draft,
        dagtekening=date(2026, 3, 2),
        confirm_late_switch=False,
        actor=draft.created_by,  # type: ignore[arg-type]
    )
    assert established.status == "vastgesteld"
    trajectory = established.pip.trajectory
    assert trajectory is not None
    trajectory.refresh_from_db()
    assert trajectory.pip_dagtekening == date(2026, 3, 2)
    assert trajectory.termijn_start == date(2026, 3, 3)


def test_dagtekening_is_required(draft: PipVersion) -> None:
    assert "dagtekening" in refused(draft, None)["required"]


def test_a2_not_with_the_onderwijsroute(draft: PipVersion) -> None:
    draft.leerroute, draft.niveau = Leerroute.ONDERWIJS, Niveau.A2
    draft.save()
    message = refused(draft, date(2026, 3, 2))["a2_onderwijs"]
    assert message.startswith("niveau: Level: A2 is not allowed with the education route")


def test_b1_not_with_the_zroute(draft: PipVersion) -> None:
    draft.leerroute, draft.niveau = Leerroute.Z, Niveau.B1
    draft.save()
    assert "B1 is not allowed with the Z-route" in refused(draft, date(2026, 3, 2))["b1_zroute"]


def test_a2_not_in_a_first_b1_route_pip(draft: PipVersion) -> None:
    draft.niveau = Niveau.A2
    draft.save()
    assert "first PIP with the B1-route" in refused(draft, date(2026, 3, 2))["a2_first_b1"]


def test_a2_in_a_b1_route_revision_is_allowed(draft: PipVersion) -> None:
    user = draft.created_by
    services.vaststellen(draft, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user)  # type: ignore[arg-type]
    revision = services.draft_for(draft.pip.person, actor=user)  # type: ignore[arg-type]
    revision.niveau = Niveau.A2
    revision.save()
    done = services.vaststellen(
        revision,
        dagtekening=date(2026, 6, 1),
        confirm_late_switch=False,
        actor=user,  # type: ignore[arg-type]
    )
    assert done.niveau == "A2"
    draft.refresh_from_db()
    assert draft.status == "superseded"


def test_dagtekening_not_before_the_start_of_the_obligation(draft: PipVersion) -> None:
    problems = refused(draft, date(2025, 12, 1))
    assert "start of the obligation (05-01-2026)" in problems["before_plicht"]


def test_dagtekening_not_before_settlement(draft: PipVersion) -> None:
    problems = refused(draft, date(2026, 1, 20))
    assert "settlement in the municipality (02-02-2026)" in problems["before_settlement"]


def test_dagtekening_not_before_the_current_pip(draft: PipVersion) -> None:
    user = draft.created_by
    services.vaststellen(draft, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user)  # type: ignore[arg-type]
    revision = services.draft_for(draft.pip.person, actor=user)  # type: ignore[arg-type]
    problems = refused(revision, date(2026, 3, 1))
    assert "current PIP (02-03-2026)" in problems["before_current_pip"]


def test_estimated_intensity_only_b1_route_and_asylum(draft: PipVersion) -> None:
    person = draft.pip.person
    person.doelgroep = Doelgroep.GEZIN_OVERIG
    person.save()
    draft.geschatte_intensiteit = 10
    draft.save()
    draft.pip.person.refresh_from_db()
    problems = refused(PipVersion.objects.get(pk=draft.pk), date(2026, 3, 2))
    assert "only for asylum permit holders" in problems["intensity_doelgroep"]


def _add(version: PipVersion, kind: str, hours: int) -> None:
    services.add_component(
        version,
        {
            "kind": kind,
            "provider": "Taalschool",
            "hours_per_week": Decimal(10),
            "start": date(2026, 3, 9),
            "end": date(2027, 3, 9),
            "planned_hours": hours,
        },
        actor=version.created_by,  # type: ignore[arg-type]
    )


def test_zroute_hours_must_add_up_to_800_and_800(draft: PipVersion) -> None:
    draft.leerroute, draft.niveau = Leerroute.Z, ""
    draft.save()
    _add(draft, ComponentKind.LANGUAGE, 800)
    _add(draft, ComponentKind.PARTICIPATION, 500)
    message = refused(draft, date(2026, 3, 2))["zroute_hours"]
    assert message.startswith("components: Components: the Z-route needs at least 800 hours")
    assert "planned now: 800 and 500" in message
    _add(draft, ComponentKind.MAP, 300)
    done = services.vaststellen(
        draft,
        dagtekening=date(2026, 3, 2),
        confirm_late_switch=False,
        actor=draft.created_by,  # type: ignore[arg-type]
    )
    assert done.status == "vastgesteld"


def test_route_switch_after_18_months_is_flagged(draft: PipVersion) -> None:
    user = draft.created_by
    services.vaststellen(draft, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user)  # type: ignore[arg-type]
    revision = services.draft_for(draft.pip.person, actor=user)  # type: ignore[arg-type]
    revision.leerroute, revision.niveau = Leerroute.Z, ""
    revision.save()
    _add(revision, ComponentKind.LANGUAGE, 800)
    _add(revision, ComponentKind.PARTICIPATION, 800)
    late = date(2027, 10, 1)
    assert "more than 18 months" in refused(revision, late)["route_switch_late"]
    done = services.vaststellen(revision, dagtekening=late, confirm_late_switch=True, actor=user)  # type: ignore[arg-type]
    assert done.route_switch_late is True
