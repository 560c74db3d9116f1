"""The personal-data access suite for the partner API: every endpoint, for every role.

Staff of every role (signed in to Spil, second factor passed) get nothing from the partner
API: it knows only OAuth tokens (401). A partner's system sees a person only under an
active basis of its organisation: a basis for person A and none for person B, a consent
withdrawn and a processing agreement ended each answer 404 on the next request. A token
without the endpoint's scope gets 403, no token 401. Every answer with personal data
leaves exactly one processing record, with the client as actor and the basis' purpose."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from spil.audit.models import ProcessingRecord
from spil.audit.purposes import DataCategory, Purpose
from spil.partner_api.scopes import Scope
from spil.partner_api.tests.conftest import Api, Partner, api_for
from spil.persons import services as person_services
from spil.testing import ALL_ROLE_KEYS, logged_person_ids, morning_of, sign_in

pytestmark = pytest.mark.django_db


def _records_since(before: set[Any]) -> list[ProcessingRecord]:
    return list(ProcessingRecord.objects.exclude(pk__in=before).order_by("tijdstip"))


def _record_ids() -> set[Any]:
    return set(ProcessingRecord.objects.values_list("pk", flat=True))


class PartnerEndpoint:
    """One endpoint of the partner API: `call(api, partner, person)` asks it about
    `person` (or, for a list, shows whom it lists); `scope` is what it needs."""

    scope: Scope
    method = "get"

    def call(self, api: Api, partner: Partner, person: Any) -> Any:
        raise NotImplementedError

    def shows(self, response: Any, person: Any) -> bool:
        """Whether the answer reveals `person`."""
        return response.status_code in (200, 201) and str(person.public_id) in (
            response.content.decode()
        )

    def test_no_token_is_401(self, partner: Partner) -> None:
        before = _record_ids()
        response = self.call(Api(None), partner, partner.a)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert not _records_since(before)

    def test_every_staff_role_is_refused(self, partner: Partner) -> None:
        before = _record_ids()
        for key in ALL_ROLE_KEYS:
            staff = sign_in(Client(raise_request_exception=False), partner.world.user(key))
            api = Api(None)
            api.client = staff
            response = self.call(api, partner, partner.a)
            assert response.status_code in (401, 403), f"{key}: {response.status_code}"
            assert not self.shows(response, partner.a), key
        assert not _records_since(before)

    def test_a_token_without_the_scope_is_403(self, partner: Partner) -> None:
        others = [s.value for s in Scope if s != self.scope]
        api = api_for(partner, others)
        before = _record_ids()
        assert self.call(api, partner, partner.a).status_code == 403
        assert not _records_since(before)

    def test_a_person_outside_the_basis_is_not_there(self, partner: Partner, api: Api) -> None:
        before = _record_ids()
        response = self.call(api, partner, partner.b)
        assert not self.shows(response, partner.b)
        for record in _records_since(before):
            assert partner.b.pk not in logged_person_ids(record)

    def test_the_basis_opens_the_person_with_one_record_naming_the_client(
        self, partner: Partner, api: Api
    ) -> None:
        before = _record_ids()
        response = self.call(api, partner, partner.a)
        assert response.status_code in (200, 201), response.content
        assert self.shows(response, partner.a)
        [record] = _records_since(before)
        assert record.actor is None and not record.gebruiker.startswith("betrokkene:")
        assert record.actor_label == "Leerlingvolgsysteem (Taalschool)"
        assert record.gebruiker == f"client:{partner.client.pk}"
        assert record.organisation == partner.school
        assert logged_person_ids(record) == {partner.a.pk}
        assert record.purpose_code in {Purpose.LANGUAGE_TRAINING, Purpose.REGIE}
        assert record.legal_ground

    def test_a_withdrawn_consent_closes_on_the_next_request(
        self, partner: Partner, api: Api
    ) -> None:
        consent = person_services.record_consent(
            partner.b,
            partner.school,
            purpose=Purpose.LANGUAGE_TRAINING,
            categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY, DataCategory.LANGUAGE],
            given_how="in_person",
            actor=partner.world.user("klantmanager_b"),
        )
        assert self.shows(self.call(api, partner, partner.b), partner.b)
        person_services.withdraw_basis(consent, by_newcomer=True)
        before = _record_ids()
        response = self.call(api, partner, partner.b)
        assert not self.shows(response, partner.b)
        for record in _records_since(before):
            assert partner.b.pk not in logged_person_ids(record)

    def test_an_ended_processing_agreement_closes_access(
        self, partner: Partner, clock: Any
    ) -> None:
        clock.move_to(morning_of(date(2027, 1, 4)))  # the agreement ended on 31 December
        api = api_for(partner)
        before = _record_ids()
        response = self.call(api, partner, partner.a)
        assert not self.shows(response, partner.a)
        for record in _records_since(before):
            assert partner.a.pk not in logged_person_ids(record)


class TestParticipantList(PartnerEndpoint):
    scope = Scope.PARTICIPANTS_READ

    def call(self, api: Api, partner: Partner, person: Any) -> Any:
        return api.get("/api/v1/partner/participants/")


class TestParticipantDetail(PartnerEndpoint):
    scope = Scope.PARTICIPANTS_READ

    def call(self, api: Api, partner: Partner, person: Any) -> Any:
        return api.get(f"/api/v1/partner/participants/{person.public_id}/")

    def test_outside_the_basis_is_404(self, partner: Partner, api: Api) -> None:
        assert self.call(api, partner, partner.b).status_code == 404


class TestWeekPlan(PartnerEndpoint):
    scope = Scope.WEEKPLAN_READ

    def call(self, api: Api, partner: Partner, person: Any) -> Any:
        return api.get("/api/v1/partner/week-plan/")


class _Write(PartnerEndpoint):
    method = "post"

    def shows(self, response: Any, person: Any) -> bool:
        return response.status_code in (200, 201)

    def test_outside_the_basis_is_404_and_changes_nothing(self, partner: Partner, api: Api) -> None:
        assert self.call(api, partner, partner.b).status_code == 404


class TestAttendance(_Write):
    scope = Scope.ATTENDANCE_WRITE

    def call(self, api: Api, partner: Partner, person: Any) -> Any:
        return api.post(
            "/api/v1/partner/attendance/",
            {"session": partner.session.pk, "person": str(person.public_id), "status": "present"},
        )


class TestHours(_Write):
    scope = Scope.HOURS_WRITE

    def call(self, api: Api, partner: Partner, person: Any) -> Any:
        yesterday = partner.session.starts_at.date() - timedelta(days=1)
        return api.post(
            "/api/v1/partner/hours/",
            {
                "person": str(person.public_id),
                "component": "language",
                "on": yesterday.isoformat(),
                "hours": "2.5",
            },
        )


class TestResults(_Write):
    scope = Scope.RESULTS_WRITE

    def call(self, api: Api, partner: Partner, person: Any) -> Any:
        return api.post(
            "/api/v1/partner/results/",
            {
                "person": str(person.public_id),
                "skill": "reading",
                "level": "A2",
                "on": partner.session.starts_at.date().isoformat(),
            },
        )
