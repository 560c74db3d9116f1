"""`spil zgw`: refused where the link is off; `register` and `drain` for switching it on."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from spil.testing import World
from spil.trajectories.models import Trajectory
from spil.zaken.models import ZaakRegistration
from spil_dev.zgw_sandbox import ZgwSandboxApp


@pytest.mark.django_db
def test_off_the_command_says_so() -> None:
    with pytest.raises(CommandError, match="SPIL_ZGW_ENABLED is off"):
        call_command("zgw", "drain")


@pytest.mark.django_db(transaction=True)
def test_register_then_drain(
    world: World, zgw: ZgwSandboxApp, capsys: pytest.CaptureFixture[str]
) -> None:
    assert world.person_a is not None
    trajectory = Trajectory.objects.create(person=world.person_a, municipality=world.gemeente_a)
    call_command("zgw", "register")
    call_command("zgw", "drain")
    registration = ZaakRegistration.objects.get(trajectory=trajectory)
    assert registration.zaak_url and registration.zaak_status == "Aangemeld"
    assert len(zgw.state.zaken) == 1
    assert "1 trajectories registered" in capsys.readouterr().out
