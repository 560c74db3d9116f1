from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import AppendOnlyError, ProcessingRecord
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.queries import acted_as_newcomer
from spil.audit.services import (
    SpecialCategoryNotAllowedError,
    person_reference,
    record_by_newcomer,
    record_processing,
)
from spil.core.logging import RedactBsnFilter
from spil.testing import ALL_ROLE_KEYS, World, sign_in


def test_record_fields_follow_verwerkingenlogging(world: World) -> None:
    assert world.person_a is not None
    record = record_processing(
        actor=world.user("klantmanager_a"),
        person_ids=[world.person_a.pk],
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.VIEW,
        purpose=Purpose.REGIE,
        action_name="Test",
    )
    assert record.handeling == "raadplegen"
    assert record.uitvoerder == world.gemeente_a.oin
    assert record.vertrouwelijkheid == "normaal"
    assert record.bewaartermijn.startswith("P")
    assert record.systeem.startswith("Spil")
    assert record.tijdstip and record.tijdstip_registratie
    ref = record.persons.get().person_ref
    assert ref == person_reference(world.person_a.pk)
    assert world.person_a.bsn not in ref


def test_log_is_append_only(world: World) -> None:
    assert world.person_a is not None
    record = record_processing(
        actor=None,
        person_ids=[world.person_a.pk],
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.CREATE,
        purpose=Purpose.REGIE,
        action_name="Test",
    )
    record.actie_naam = "changed"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        ProcessingRecord.objects.all().update(actie_naam="x")
    with pytest.raises(AppendOnlyError):
        ProcessingRecord.objects.all().delete()


def test_special_category_needs_explicit_purpose(world: World) -> None:
    assert world.person_a is not None
    before = ProcessingRecord.objects.count()
    with pytest.raises(SpecialCategoryNotAllowedError):
        record_processing(
            actor=world.user("klantmanager_a"),
            person_ids=[world.person_a.pk],
            categories=[DataCategory.HEALTH],
            action=ProcessingAction.VIEW,
            purpose=Purpose.REGIE,
            action_name="Test",
        )
    assert ProcessingRecord.objects.count() == before
    record = record_processing(
        actor=world.user("klantmanager_a"),
        person_ids=[world.person_a.pk],
        categories=[DataCategory.HEALTH],
        action=ProcessingAction.VIEW,
        purpose=Purpose.INTAKE_HEALTH,
        action_name="Test",
    )
    assert record.vertrouwelijkheid == "vertrouwelijk"


def test_bsn_never_reaches_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("spil.test")
    logger.addFilter(RedactBsnFilter())
    with caplog.at_level(logging.INFO, logger="spil.test"):
        logger.info("lookup for %s failed", "999990019")
    assert "999990019" not in caplog.text
    assert "*****0019" in caplog.text


def test_search_page_for_functioneel_beheerder_only(world: World) -> None:
    assert world.person_a is not None
    sign_in(Client(), world.user("klantmanager_a")).get(
        reverse("persons:detail", args=[world.person_a.public_id])
    )
    url = reverse("audit:search")
    for key in ALL_ROLE_KEYS:
        expected = 200 if key == "functioneel_beheerder" else 403
        assert sign_in(Client(), world.user(key)).get(url).status_code == expected, key
    beheer = sign_in(Client(), world.user("functioneel_beheerder"))
    ref = person_reference(world.person_a.pk)
    hit = beheer.get(url, {"person_ref": ref}).content.decode()
    assert "klantmanager_a" in hit and ref in hit
    assert world.person_a.bsn not in hit and world.person_a.family_name not in hit
    miss = beheer.get(url, {"person_ref": "0" * 20}).content.decode()
    assert "klantmanager_a" not in miss
    bad = beheer.get(url, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert bad.status_code == 200 and "date_to-error" in bad.content.decode()


def test_a_beheerder_reads_only_their_own_regio_and_the_reading_is_logged(
    world: World,
) -> None:
    from spil.accounts.models import Organisation
    from spil.accounts.roles import OrganisationType, Role
    from spil.persons.models import Person
    from spil.testing import TEST_BSNS, make_user

    assert world.person_a is not None
    other_regio = Organisation.objects.create(name="Regio Elders", type=OrganisationType.REGIO)
    elsewhere = Organisation.objects.create(name="Gemeente Elders", type=OrganisationType.GEMEENTE)
    other_regio.members.add(elsewhere)
    stranger = Person.objects.create(
        bsn=TEST_BSNS[2], given_names="Cora", family_name="Elders", municipality=elsewhere
    )
    km_elders = make_user("km_elders", elsewhere, Role.KLANTMANAGER)
    sign_in(Client(), km_elders).get(reverse("persons:detail", args=[stranger.public_id]))
    sign_in(Client(), world.user("klantmanager_a")).get(
        reverse("persons:detail", args=[world.person_a.public_id])
    )
    beheer = sign_in(Client(), world.user("functioneel_beheerder"))
    page = beheer.get(reverse("audit:search")).content.decode()
    assert person_reference(world.person_a.pk) in page
    assert person_reference(stranger.pk) not in page  # another regio's log
    assert "km_elders" not in page
    reading = ProcessingRecord.objects.filter(actie_naam="Processing log searched").get()
    assert reading.actor == world.user("functioneel_beheerder")
    assert reading.purpose_code == "verantwoording"
    assert {p.person_ref for p in reading.persons.all()} == {world.person_a.log_ref}


def test_the_log_holds_a_person_only_by_pseudonym(world: World) -> None:
    """The processed person is its pseudonym alone (no raw person key beside it); the log
    is still scoped to the persons of the beheerder's municipalities through it."""
    from spil.audit.models import ProcessedPerson

    person = world.person_a
    assert person is not None
    record = record_processing(
        actor=world.user("klantmanager_a"),
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.VIEW,
        purpose=Purpose.REGIE,
        action_name="Dossier",
    )
    columns = {f.column for f in ProcessedPerson._meta.concrete_fields}
    assert columns == {"id", "record_id", "person_ref"}
    assert list(record.persons.values_list("person_ref", flat=True)) == [person.log_ref]
    assert person.log_ref == person_reference(person.pk)
    page = sign_in(Client(), world.user("functioneel_beheerder")).get(
        reverse("audit:search"), {"person_ref": person.log_ref}
    )
    assert "Dossier" in page.content.decode()


def test_a_newcomer_acting_is_named_by_pseudonym_only(world: World) -> None:
    """The newcomer acting in the portal is `betrokkene:<pseudonym>` in `gebruiker` and
    nothing else: no raw person key beside it (migration audit 0006)."""
    person = world.person_a
    assert person is not None
    record = record_by_newcomer(
        person.pk, categories=[DataCategory.IDENTITY], action_name="Portal: home"
    )
    columns = {f.column for f in ProcessingRecord._meta.concrete_fields}
    assert "actor_person_id" not in columns
    row = ProcessingRecord.objects.filter(pk=record.pk).values().get()
    assert person.pk not in row.values()
    assert row["gebruiker"] == f"betrokkene:{person.log_ref}"
    assert acted_as_newcomer(record, person.pk)
    assert not acted_as_newcomer(record, world.person_b.pk if world.person_b else 0)
    by_staff = record_processing(
        actor=world.user("klantmanager_a"),
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.VIEW,
        purpose=Purpose.REGIE,
        action_name="Dossier",
    )
    assert not acted_as_newcomer(by_staff, person.pk)
