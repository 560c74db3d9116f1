"""Test support for intake and plans: a new trajectory, and DUO's sandbox in-process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import httpx
import pytest

from spil.accounts.models import Organisation
from spil.duo import services as duo_services
from spil.persons.models import Person
from spil.trajectories.models import Trajectory, TrajectoryStatus
from spil_dev.duo_sandbox import SANDBOX_DUO_OIN, SandboxStore, make_app

BASE_URL = "http://duo.test/v1"
PLICHT_START = date(2026, 1, 5)
SETTLED = date(2026, 2, 2)


def new_trajectory(person: Person, **fields: object) -> Trajectory:
    values: dict[str, object] = {
        "person": person,
        "municipality": person.municipality,
        "status": TrajectoryStatus.INTAKE,
        "plicht_start": PLICHT_START,
    }
    values.update(fields)
    return Trajectory.objects.create(**values)


@dataclass
class Duo:
    store: SandboxStore

    def register(self, person: Person, *, plicht_start: date = PLICHT_START) -> None:
        self.store.add_person(
            person.bsn,
            gemeente_oin=person.municipality.oin,
            plicht_begindatum=plicht_start,
            vestigingsdatum=person.settlement_date,
        )


def sandbox(monkeypatch: pytest.MonkeyPatch, *gemeenten: Organisation, retries: int = 2) -> Duo:
    """Point the DUO exchange's client factory at an in-process sandbox."""
    store = SandboxStore()
    for number, gemeente in enumerate(gemeenten, start=1):
        store.add_gemeente(gemeente.oin, f"{number:04d}", gemeente.name)
    app = make_app(store)

    def factory(bron: str) -> duo_services.RecordingDuoClient:
        return duo_services.RecordingDuoClient(
            BASE_URL,
            bron,
            SANDBOX_DUO_OIN,
            transport=httpx.WSGITransport(app=app),
            retries=retries,
            sleep=lambda _s: None,
        )

    monkeypatch.setattr(duo_services, "client_factory", factory)
    return Duo(store)
