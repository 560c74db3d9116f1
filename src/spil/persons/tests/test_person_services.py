from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from spil.audit.models import ProcessingRecord
from spil.audit.services import person_reference
from spil.persons.models import Person
from spil.persons.services import register_person
from spil.testing import World


def test_invalid_bsn_is_refused_and_nothing_written(world: World) -> None:
    before = (Person.objects.count(), ProcessingRecord.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        register_person(
            actor=world.user("klantmanager_a"),
            bsn="123456789",
            given_names="X",
            family_name="Y",
            municipality=world.gemeente_a,
        )
    assert "bsn" in excinfo.value.message_dict
    assert (Person.objects.count(), ProcessingRecord.objects.count()) == before


def test_register_person_writes_a_processing_record(world: World) -> None:
    person = register_person(
        actor=world.user("klantmanager_a"),
        bsn="9999 90 032",
        given_names="Nieuw",
        family_name="Persoon",
        municipality=world.gemeente_a,
    )
    assert person.bsn == "999990032"
    record = ProcessingRecord.objects.filter(persons__person_ref=person_reference(person.pk)).get()
    assert record.handeling == "invoeren"


def test_registry_updates_only_known_fields_and_reports_what_changed(world: World) -> None:
    from spil.persons.services import update_from_registry

    person = register_person(
        actor=None,
        bsn="999990032",
        given_names="Nieuw",
        family_name="Persoon",
        municipality=world.gemeente_a,
    )
    assert update_from_registry(person, v_nummer=1234567, city="Gorinchem", street="") == [
        "v_nummer",
        "city",
    ]
    assert update_from_registry(person, v_nummer=1234567) == []  # nothing new, nothing saved
    person.refresh_from_db()
    assert (person.v_nummer, person.city) == (1234567, "Gorinchem")
    with pytest.raises(ValueError, match="bsn"):
        update_from_registry(person, bsn="999990044")
