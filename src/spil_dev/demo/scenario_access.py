"""Access bases of the demo (idempotent): the region's municipalities contract Taalschool De
Brug for the learning route under a processing agreement, so the taalschool (user
`taalschool`) sees exactly the newcomers in its groups; Werkpad Re-integratie's agreement
ended last month, so it sees nobody. Runs before the groups are filled: placing a newcomer
in a group of a contracted provider gives that provider access (spil.programmes)."""

from __future__ import annotations

from datetime import date, timedelta

from spil.accounts.models import Organisation
from spil.audit.purposes import DataCategory, Purpose
from spil.persons import services
from spil.persons.models import ProcessingAgreement
from spil.programmes.models import GroupMember
from spil_dev.demo.data import MUNICIPALITIES

TAALSCHOOL = "Taalschool De Brug"
REINTEGRATIE = "Werkpad Re-integratie"
LANGUAGE_TRAINING_DATA = [
    DataCategory.IDENTITY.value,
    DataCategory.CONTACT.value,
    DataCategory.TRAJECTORY.value,
    DataCategory.LANGUAGE.value,
]


def _agreement(
    municipality: Organisation, processor: Organisation, reference: str, starts: date, ends: date
) -> bool:
    if ProcessingAgreement.objects.filter(municipality=municipality, processor=processor).exists():
        return False
    services.save_agreement(
        municipality=municipality,
        processor=processor,
        reference=reference,
        purpose=Purpose.LANGUAGE_TRAINING,
        categories=LANGUAGE_TRAINING_DATA,
        starts_on=starts,
        ends_on=ends,
    )
    return True


def load(today: date) -> dict[str, int]:
    school = Organisation.objects.filter(name=TAALSCHOOL).first()
    reintegration = Organisation.objects.filter(name=REINTEGRATIE).first()
    if school is None or reintegration is None:
        return {"agreements": 0}
    created = 0
    year_start = date(today.year, 1, 1)
    for name, code, _oin in MUNICIPALITIES:
        municipality = Organisation.objects.filter(name=name).first()
        if municipality is None:
            continue
        created += _agreement(
            municipality,
            school,
            f"VWO-{code}-{today.year}-TAAL",
            year_start - timedelta(days=365),
            date(today.year + 1, 12, 31),
        )
        created += _agreement(
            municipality,
            reintegration,
            f"VWO-{code}-{today.year - 1}-WERK",
            year_start - timedelta(days=730),
            today - timedelta(days=30),
        )
    # Members placed before the agreements existed (a rerun of an older demo) get theirs too.
    for member in GroupMember.objects.filter(group__provider=school).select_related("person"):
        agreement = ProcessingAgreement.objects.filter(
            municipality_id=member.person.municipality_id, processor=school
        ).first()
        if agreement is not None:
            services.grant_contracted_access(member.person, agreement, actor=None)
    return {"agreements": created}
