"""A partner world: the test world's taalschool under a processing agreement of Gemeente
Aadorp for person A (none for person B), a registered client with every scope, and a MAP
group the taalschool provides with both persons in it and a session this morning."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from spil.accounts.models import Organisation
from spil.audit.purposes import DataCategory, Purpose
from spil.partner_api import services
from spil.partner_api.models import PartnerClient
from spil.partner_api.scopes import Scope
from spil.persons import services as person_services
from spil.persons.models import AccessBasis, Person, ProcessingAgreement
from spil.programmes.models import Group, GroupMember, Session
from spil.testing import AMSTERDAM, World

AGREEMENT_CATEGORIES = [DataCategory.IDENTITY, DataCategory.TRAJECTORY, DataCategory.LANGUAGE]


@dataclass
class Partner:
    world: World
    school: Organisation
    client: PartnerClient
    secret: str
    agreement: ProcessingAgreement
    basis_a: AccessBasis
    group: Group
    session: Session
    later: Session

    @property
    def a(self) -> Person:
        assert self.world.person_a is not None
        return self.world.person_a

    @property
    def b(self) -> Person:
        assert self.world.person_b is not None
        return self.world.person_b


def token_for(client_id: str, secret: str, scope: str | None = None) -> Any:
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    return Client().post(
        "/api/v1/oauth/token/",
        data,
        secure=True,
        HTTP_AUTHORIZATION=_basic(client_id, secret),
    )


def _basic(client_id: str, secret: str) -> str:
    raw = f"{client_id}:{secret}".encode()
    return "Basic " + base64.b64encode(raw).decode()


class Api:
    """A partner's system calling the API with its bearer token (over HTTPS)."""

    def __init__(self, token: str | None) -> None:
        self.client = Client(raise_request_exception=False)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, url: str, params: dict[str, str] | None = None) -> Any:
        return self.client.get(url, params or {}, secure=True, headers=self.headers)

    def post(self, url: str, data: dict[str, Any]) -> Any:
        return self.client.post(
            url, data, content_type="application/json", secure=True, headers=self.headers
        )


def api_for(partner: Partner, scopes: Iterable[str] | None = None) -> Api:
    client_id, secret = partner.client.client_id, partner.secret
    if scopes is not None:
        registration = services.register_client(
            partner.school, "Beperkt systeem", list(scopes), actor=None
        )
        client_id, secret = registration.client.client_id, registration.client_secret
    response = token_for(client_id, secret)
    assert response.status_code == 200, response.content
    return Api(response.json()["access_token"])


def make_group(school: Organisation, municipality: Organisation, code: str = "map-taal") -> Group:
    return Group.objects.create(
        code=code,
        name="MAP Taalschool maandag",
        kind="map",
        municipality=municipality,
        provider=school,
        location="Aadorp",
        weekday="mon",
        moment="morning",
        start_time=time(9, 0),
        end_time=time(12, 0),
        start_date=date(2026, 11, 2),
    )


def make_session(group: Group, number: int, day: date) -> Session:
    return Session.objects.create(
        group=group,
        number=number,
        starts_at=datetime.combine(day, time(9, 0), tzinfo=AMSTERDAM),
        ends_at=datetime.combine(day, time(12, 0), tzinfo=AMSTERDAM),
        topic="Werk zoeken",
        hours=Decimal("3.0"),
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def partner(world: World, suite_today: date) -> Partner:
    school = Organisation.objects.get(name="Taalschool")
    agreement = person_services.save_agreement(
        municipality=world.gemeente_a,
        processor=school,
        reference="VWO-2026-07",
        purpose=Purpose.LANGUAGE_TRAINING,
        categories=AGREEMENT_CATEGORIES,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    assert world.person_a is not None and world.person_b is not None
    basis = person_services.grant_contracted_access(
        world.person_a, agreement, actor=world.user("klantmanager_a")
    )
    registration = services.register_client(
        school, "Leerlingvolgsysteem", [s.value for s in Scope], actor=None
    )
    group = make_group(school, world.gemeente_a)
    GroupMember.objects.create(group=group, person=world.person_a)
    GroupMember.objects.create(group=group, person=world.person_b)
    session = make_session(group, 1, suite_today - timedelta(days=0))  # this morning, 09:00
    later = make_session(group, 2, suite_today + timedelta(days=7))
    return Partner(
        world=world,
        school=school,
        client=registration.client,
        secret=registration.client_secret,
        agreement=agreement,
        basis_a=basis,
        group=group,
        session=session,
        later=later,
    )


@pytest.fixture
def api(partner: Partner) -> Api:
    return api_for(partner)
