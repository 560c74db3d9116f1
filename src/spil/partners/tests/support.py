"""A world in which the Taalschool is contracted for person A and for nobody else."""

from __future__ import annotations

from datetime import date

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.audit.purposes import DataCategory, Purpose
from spil.persons import services
from spil.persons.models import AccessBasis, ProcessingAgreement
from spil.testing import World

CONTRACT_CATEGORIES = [
    DataCategory.IDENTITY.value,
    DataCategory.CONTACT.value,
    DataCategory.TRAJECTORY.value,
    DataCategory.LANGUAGE.value,
]


def school(world: World) -> Organisation:
    return Organisation.objects.get(type=OrganisationType.TAALSCHOOL)


def contract_school_for_person_a(world: World, **agreement: object) -> AccessBasis:
    assert world.person_a is not None
    values: dict[str, object] = {
        "reference": "VWO-2026-014",
        "purpose": Purpose.LANGUAGE_TRAINING.value,
        "data_categories": CONTRACT_CATEGORIES,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 12, 31),
    }
    values.update(agreement)
    deal = ProcessingAgreement.objects.create(
        municipality=world.gemeente_a, processor=school(world), **values
    )
    return services.grant_contracted_access(
        world.person_a, deal, actor=world.user("klantmanager_a")
    )
