"""Test support: a DUO sandbox with two gemeenten, and clients talking to it in-process (no
mocks). Spil's DUO client tests and the sandbox's own tests use the `env` fixture (each
tests folder's conftest imports it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest

from spil.duo.client import DuoClient
from spil.testing import next_test_bsn
from spil_dev.duo_sandbox import SANDBOX_DUO_OIN, SandboxApp, SandboxStore, make_app

#: "Today" for the sandbox in these tests (a Monday). Rules like "not in the future" use it.
TODAY = date(2025, 6, 16)

GEM_A = "00000001001111111000"
GEM_A_CODE = "0363"
GEM_B = "00000001002222222000"
GEM_B_CODE = "0599"
GEM_C = "00000001003333333000"  # known to DUO, unrelated to the test persons
GEM_C_CODE = "0344"
UNKNOWN_OIN = "00000001009999999000"

INST_BOW = "1000000001"  # BoW keurmerk
INST_TST = "1000000002"  # TST erkenning only
INST_NONE = "1000000003"  # neither
INST_UNKNOWN = "1999999999"

PLICHT_START = date(2024, 1, 15)
VESTIGING = date(2024, 2, 1)

BASE_URL = "http://duo.test"


def seed_store(store: SandboxStore) -> None:
    store.add_gemeente(GEM_A, GEM_A_CODE, "Gemeente A")
    store.add_gemeente(GEM_B, GEM_B_CODE, "Gemeente B")
    store.add_gemeente(GEM_C, GEM_C_CODE, "Gemeente C")
    base = {"postcode": "1234AB", "huisnummer": 10, "plaatsnaam": "Utrecht"}
    store.add_instelling(
        {
            "instellingsnummer": INST_BOW,
            "naam": "Taalschool BoW",
            "bow": "12345",
            "indicatieBowKeurmerk": True,
            "indicatieTstKeurmerk": False,
            **base,  # type: ignore[typeddict-item]
        }
    )
    store.add_instelling(
        {
            "instellingsnummer": INST_TST,
            "naam": "ROC Taalschakel",
            "brin": "25PZ",
            "indicatieBowKeurmerk": False,
            "indicatieTstKeurmerk": True,
            **base,  # type: ignore[typeddict-item]
        }
    )
    store.add_instelling(
        {
            "instellingsnummer": INST_NONE,
            "naam": "Zonder keurmerk",
            "indicatieBowKeurmerk": False,
            "indicatieTstKeurmerk": False,
            **base,  # type: ignore[typeddict-item]
        }
    )


@dataclass
class Env:
    store: SandboxStore
    app: SandboxApp
    a: DuoClient  # gemeente A
    b: DuoClient  # gemeente B
    c: DuoClient  # gemeente C (unrelated)
    raw: httpx.Client  # bare HTTP, for requests the client would refuse to send
    sleeps: list[float] = field(default_factory=list)

    def person(
        self,
        *,
        gemeente: str = GEM_A,
        doelgroep: str = "asiel",
        plicht_begindatum: date | None = PLICHT_START,
        vestigingsdatum: date | None = VESTIGING,
        **kwargs: Any,
    ) -> str:
        bsn = next_test_bsn()
        self.store.add_person(
            bsn,
            gemeente_oin=gemeente,
            doelgroep=doelgroep,  # type: ignore[arg-type]
            plicht_begindatum=plicht_begindatum,
            vestigingsdatum=vestigingsdatum,
            **kwargs,
        )
        return bsn

    def headers(self, bron: str = GEM_A, **extra: str) -> dict[str, str]:
        return {
            "bron": bron,
            "doel": SANDBOX_DUO_OIN,
            "berichtId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            **extra,
        }


def make_client(
    app: Callable[..., Any], bron: str, sleeps: list[float] | None = None, retries: int = 2
) -> DuoClient:
    return DuoClient(
        BASE_URL,
        bron,
        SANDBOX_DUO_OIN,
        transport=httpx.WSGITransport(app=app),
        retries=retries,
        sleep=(sleeps.append if sleeps is not None else (lambda _s: None)),
    )


@pytest.fixture
def env() -> Iterator[Env]:
    store = SandboxStore()
    seed_store(store)
    app = make_app(store, clock=lambda: TODAY)
    sleeps: list[float] = []
    e = Env(
        store=store,
        app=app,
        a=make_client(app, GEM_A, sleeps),
        b=make_client(app, GEM_B),
        c=make_client(app, GEM_C),
        raw=httpx.Client(transport=httpx.WSGITransport(app=app), base_url=BASE_URL),
        sleeps=sleeps,
    )
    yield e
    for c in (e.a, e.b, e.c):
        c.close()
    e.raw.close()
