"""What the partner API answers and records: categories of the basis only, validated and
idempotent writes through the programmes services, the week plan, constant queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spil.audit.models import ProcessingRecord
from spil.audit.purposes import DataCategory, Purpose
from spil.partner_api.tests.conftest import Api, Partner, make_group, make_session
from spil.persons import services as person_services
from spil.persons.models import Person
from spil.programmes.models import Attendance, GroupMember, HoursEntry, LanguageResult
from spil.testing import next_test_bsn

pytestmark = pytest.mark.django_db


def _detail(api: Api, person: Person) -> dict[str, Any]:
    response = api.get(f"/api/v1/partner/participants/{person.public_id}/")
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


class TestParticipantAnswers:
    def test_only_the_categories_of_the_basis_are_serialised(
        self, partner: Partner, api: Api
    ) -> None:
        a = partner.a
        a.phone, a.email, a.street, a.postcode, a.city = (
            "0612345678",
            "a@x.nl",
            "Dorp 1",
            "1234AB",
            "Aadorp",
        )
        a.save()
        LanguageResult.objects.create(person=a, skill="reading", level="A2", on=a.created_at.date())
        data = _detail(api, a)
        assert data["categories"] == ["identity", "trajectory", "language"]
        assert data["family_name"] == "Testpersoon"
        assert data["language_levels"] == [
            {"skill": "reading", "level": "A2", "on": a.created_at.date().isoformat()}
        ]
        assert data["groups"] == [
            {"code": "map-taal", "name": "MAP Taalschool maandag", "kind": "map"}
        ]
        body = str(data)
        for hidden in (
            "bsn",
            "phone",
            "email",
            "street",
            "postcode",
            "0612345678",
            a.bsn,
            "a@x.nl",
        ):
            assert hidden not in body

    def test_the_bsn_only_with_the_bsn_category(self, partner: Partner, api: Api) -> None:
        assert "bsn" not in _detail(api, partner.a)
        person_services.record_consent(
            partner.a,
            partner.school,
            purpose=Purpose.CHAIN_CONSULTATION,
            categories=[DataCategory.IDENTITY, DataCategory.BSN, DataCategory.CONTACT],
            given_how="paper",
            actor=partner.world.user("klantmanager_a"),
        )
        data = _detail(api, partner.a)
        assert data["bsn"] == partner.a.bsn
        assert set(data["categories"]) == {"identity", "bsn", "contact", "trajectory", "language"}
        record = ProcessingRecord.objects.order_by("-tijdstip").first()
        assert record is not None and "bsn" in record.data_categories
        assert partner.a.bsn not in record.actie_naam

    def test_a_categoryless_detail_record_names_the_basis(self, partner: Partner, api: Api) -> None:
        _detail(api, partner.a)
        record = ProcessingRecord.objects.order_by("-tijdstip").first()
        assert record is not None
        assert record.purpose_code == Purpose.LANGUAGE_TRAINING
        assert "processing_agreement:uitvoering_leerroute" in record.actie_naam
        assert sorted(record.data_categories) == ["identity", "language", "trajectory"]

    def test_an_unknown_id_is_404(self, api: Api) -> None:
        response = api.get("/api/v1/partner/participants/00000000-0000-0000-0000-000000000000/")
        assert response.status_code == 404

    def test_the_list_is_paged(self, partner: Partner, api: Api) -> None:
        response = api.get("/api/v1/partner/participants/")
        data = response.json()
        assert data["count"] == 1
        assert [p["id"] for p in data["results"]] == [str(partner.a.public_id)]
        assert set(data["results"][0]) == {"id", "given_names", "family_name", "date_of_birth"}


def _more_participants(partner: Partner, count: int) -> None:
    for i in range(count):
        person = Person.objects.create(
            bsn=next_test_bsn(),
            given_names="Extra",
            family_name=f"Deelnemer {i:02d}",
            municipality=partner.world.gemeente_a,
        )
        person_services.grant_contracted_access(person, partner.agreement, actor=None)
        GroupMember.objects.create(group=partner.group, person=person)


class TestConstantQueries:
    def _count(self, api: Api, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        return len(queries)

    def test_list_detail_and_week_plan_do_not_grow_with_the_data(
        self, partner: Partner, api: Api
    ) -> None:
        urls = [
            "/api/v1/partner/participants/",
            f"/api/v1/partner/participants/{partner.a.public_id}/",
            "/api/v1/partner/week-plan/",
        ]
        _more_participants(partner, 2)
        small = [self._count(api, url) for url in urls]
        _more_participants(partner, 20)
        for offset in range(3):
            make_session(partner.group, 10 + offset, partner.session.starts_at.date())
        large = [self._count(api, url) for url in urls]
        assert small == large, (small, large)
        assert min(small) > 5  # the token, the client, the reads and the record: counted


class TestWeekPlan:
    def test_sessions_of_the_week_with_only_the_participants_of_the_basis(
        self, partner: Partner, api: Api
    ) -> None:
        other = make_group(
            partner.world.gemeente_a.__class__.objects.get(name="Welzijn"),
            partner.world.gemeente_a,
            "elders",
        )
        make_session(other, 1, partner.session.starts_at.date())
        data = api.get("/api/v1/partner/week-plan/").json()
        assert data["week"] == "2026-W48" and data["starts_on"] == "2026-11-23"
        [session] = data["sessions"]
        assert session["id"] == partner.session.pk and session["group"]["code"] == "map-taal"
        assert [p["id"] for p in session["participants"]] == [str(partner.a.public_id)]
        assert str(partner.b.public_id) not in str(data)

    def test_another_week_and_a_bad_week(self, partner: Partner, api: Api) -> None:
        data = api.get("/api/v1/partner/week-plan/", {"week": "2026-W49"}).json()
        assert [s["id"] for s in data["sessions"]] == [partner.later.pk]
        for bad in ("2026-49", "2026-W54", "x"):
            response = api.get("/api/v1/partner/week-plan/", {"week": bad})
            assert response.status_code == 400 and list(response.json()) == ["week"]

    def test_an_empty_week_is_still_in_the_log(self, partner: Partner, api: Api) -> None:
        before = ProcessingRecord.objects.count()
        data = api.get("/api/v1/partner/week-plan/", {"week": "2027-W10"}).json()
        assert data["sessions"] == []
        assert ProcessingRecord.objects.count() == before + 1


class TestAttendance:
    url = "/api/v1/partner/attendance/"

    def _post(self, api: Api, partner: Partner, **values: Any) -> Any:
        data: dict[str, Any] = {
            "session": partner.session.pk,
            "person": str(partner.a.public_id),
            "status": "present",
        }
        data.update(values)
        return api.post(self.url, data)

    def test_an_upsert_per_session_and_person(self, partner: Partner, api: Api) -> None:
        first = self._post(api, partner)
        assert first.status_code == 201 and first.json()["outcome"] == "created"
        assert first.json()["hours"] == "3.0"
        again = self._post(api, partner)
        assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
        changed = self._post(api, partner, status="excused", reason="Ziek")
        assert changed.json()["outcome"] == "updated" and changed.json()["hours"] == "0.0"
        attendance = Attendance.objects.get(session=partner.session, person=partner.a)
        assert attendance.status == "excused" and attendance.recorded_by is None
        records = ProcessingRecord.objects.filter(actie_naam="Attendance")
        assert records.count() == 3
        assert {r.actor_label for r in records} == {"Leerlingvolgsysteem (Taalschool)"}

    def test_errors_name_the_field(self, partner: Partner, api: Api) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"status": "sleeping"}, "status"),
            ({"session": 999999}, "session"),
            ({"session": partner.later.pk}, "session"),  # not started yet
            ({"session": "x"}, "session"),
            ({"person": "not-a-uuid"}, "person"),
        ]
        for values, field in cases:
            response = self._post(api, partner, **values)
            assert response.status_code == 400, values
            assert list(response.json()) == [field], response.json()
        assert not Attendance.objects.exists()

    def test_a_participant_outside_the_group(self, partner: Partner, api: Api) -> None:
        GroupMember.objects.filter(person=partner.a).delete()
        response = self._post(api, partner)
        assert response.status_code == 400 and list(response.json()) == ["person"]

    def test_a_session_of_another_provider_is_refused(self, partner: Partner, api: Api) -> None:
        welzijn = partner.school.__class__.objects.get(name="Welzijn")
        other = make_group(welzijn, partner.world.gemeente_a, "welzijn-groep")
        GroupMember.objects.create(group=other, person=partner.a)
        session = make_session(other, 1, partner.session.starts_at.date())
        response = self._post(api, partner, session=session.pk)
        assert response.status_code == 400 and list(response.json()) == ["session"]

    def test_a_basis_without_the_trajectory_category_is_403(
        self, partner: Partner, api: Api
    ) -> None:
        consent = person_services.record_consent(
            partner.b,
            partner.school,
            purpose=Purpose.PEER_SUPPORT,
            categories=[DataCategory.IDENTITY],
            given_how="in_person",
            actor=partner.world.user("klantmanager_b"),
        )
        assert consent.pk
        response = self._post(api, partner, person=str(partner.b.public_id))
        assert response.status_code == 403
        assert not Attendance.objects.exists()


class TestHoursAndResults:
    def test_hours_are_idempotent_and_validated(self, partner: Partner, api: Api) -> None:
        day = (partner.session.starts_at - timedelta(days=1)).date().isoformat()
        data = {
            "person": str(partner.a.public_id),
            "component": "language",
            "on": day,
            "hours": "2.5",
        }
        assert api.post("/api/v1/partner/hours/", data).status_code == 201
        before = ProcessingRecord.objects.count()
        again = api.post("/api/v1/partner/hours/", data)
        assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
        assert ProcessingRecord.objects.count() == before + 1  # a retry is in the log too
        corrected = api.post("/api/v1/partner/hours/", {**data, "hours": "3"})
        assert corrected.json()["outcome"] == "updated"
        assert HoursEntry.objects.get().hours == Decimal("3.0")
        future = (partner.later.starts_at.date()).isoformat()
        for values, field in [
            ({"hours": "25"}, "hours"),
            ({"hours": "-1"}, "hours"),
            ({"on": future}, "on"),
            ({"on": "23-11-2026"}, "on"),
            ({"component": "sport"}, "component"),
        ]:
            response = api.post("/api/v1/partner/hours/", {**data, **values})
            assert response.status_code == 400 and list(response.json()) == [field], values
        assert HoursEntry.objects.count() == 1

    def test_a_cefr_result_once_per_skill_and_day(self, partner: Partner, api: Api) -> None:
        data = {
            "person": str(partner.a.public_id),
            "skill": "speaking",
            "level": "A2",
            "on": "2026-11-20",
        }
        assert api.post("/api/v1/partner/results/", data).status_code == 201
        assert api.post("/api/v1/partner/results/", data).json()["outcome"] == "unchanged"
        assert (
            api.post("/api/v1/partner/results/", {**data, "level": "B1"}).json()["outcome"]
            == "updated"
        )
        result = LanguageResult.objects.get()
        assert result.level == "B1" and result.provider == partner.school
        response = api.post("/api/v1/partner/results/", {**data, "level": "D1"})
        assert response.status_code == 400 and list(response.json()) == ["level"]
        record = ProcessingRecord.objects.filter(actie_naam="Language result").first()
        assert record is not None and record.actor_label == "Leerlingvolgsysteem (Taalschool)"
