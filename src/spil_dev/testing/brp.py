"""Test support: a seeded BRP sandbox and clients talking to it in-process (no mocks).
Spil's BRP client tests and the sandbox's own tests use these fixtures (each tests
folder's conftest imports them)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from spil.brp.client import BrpClient
from spil_dev.brp_sandbox import BrpSandboxApp, SandboxStore, make_app

#: Test BSNs (999xxxxxx, passing the elfproef).
BSN_MAIN = "999990019"
BSN_SINGLE = "999990020"
BSN_PARTNER = "999990032"
BSN_UNKNOWN = "999990044"

TODAY = date(2025, 6, 16)
BASE_URL = "http://brp.test/haalcentraal/api/brp"
PERSONEN_URL = f"{BASE_URL}/personen"


def seed(store: SandboxStore) -> None:
    store.add_person(
        bsn=BSN_MAIN,
        voornamen="Yusuf Ahmad",
        geslachtsnaam="Haddad",
        geslacht="M",
        geboortedatum="1988-03-14",
        geboorteplaats="Aleppo",
        geboorteland_code="5016",
        geboorteland_omschrijving="Syrië",
        nationaliteit_code="0095",
        nationaliteit_omschrijving="Syrische",
        straat="Stationsstraat",
        huisnummer=12,
        huisletter="B",
        postcode="3511 AB",
        woonplaats="Utrecht",
        gemeente_code="0344",
        gemeente_naam="Utrecht",
        datum_inschrijving_in_gemeente="2024-02-01",
        datum_vestiging_in_nederland="2023-11-20",
        partners=[
            {
                "bsn": BSN_PARTNER,
                "voornamen": "Amina",
                "geslachtsnaam": "Haddad",
                "geboortedatum": "1990-07-02",
                "geslacht": "V",
                "soort_verbintenis": "H",
                "datum_aangaan": "2012-05-20",
            }
        ],
        kinderen=[
            {"voornamen": "Lina", "geslachtsnaam": "Haddad", "geboortedatum": "2015-09-10"},
            {"voornamen": "Omar", "geslachtsnaam": "Haddad", "geboortedatum": "2019-01"},
        ],
    )
    store.add_person(
        bsn=BSN_SINGLE,
        voornamen="Tigist",
        voorvoegsel="de",
        geslachtsnaam="Vries",
        geslacht="V",
        geboortedatum="19950000",
        geboorteland_code="6019",
        geboorteland_omschrijving="Eritrea",
        staatloos=True,
        straat="Lange Nieuwstraat",
        huisnummer=4,
        huisnummertoevoeging="bis",
        postcode="3512PH",
        woonplaats="Utrecht",
        gemeente_code="0344",
        gemeente_naam="Utrecht",
        geheimhouding=True,
    )
    store.add_person(
        bsn=BSN_PARTNER,
        voornamen="Amina",
        geslachtsnaam="Haddad",
        geboortedatum="1990-07-02",
        gemeente_code="0363",
        gemeente_naam="Amsterdam",
    )


@pytest.fixture
def store() -> SandboxStore:
    s = SandboxStore()
    seed(s)
    return s


@pytest.fixture
def app(store: SandboxStore) -> BrpSandboxApp:
    return make_app(store, today=lambda: TODAY)


@pytest.fixture
def http(app: BrpSandboxApp) -> Iterator[httpx.Client]:
    """A plain httpx client on the sandbox, for requests the BrpClient would refuse to send."""
    with httpx.Client(transport=httpx.WSGITransport(app=app)) as client:
        yield client


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(app: BrpSandboxApp, sleeps: list[float]) -> Iterator[BrpClient]:
    with BrpClient(BASE_URL, transport=httpx.WSGITransport(app=app), sleep=sleeps.append) as c:
        yield c
