"""Changes to persons. The only place where Person rows are written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from spil.accounts.access import Action
from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.persons import queries
from spil.persons.models import HouseholdMember, Person
from spil.persons.validators import normalise_bsn


@transaction.atomic
def register_person(
    *,
    actor: User | None,
    bsn: str,
    given_names: str,
    family_name: str,
    municipality: Organisation,
    date_of_birth: date | None = None,
    regisseur: User | None = None,
    purpose: Purpose = Purpose.REGIE,
    details: dict[str, object] | None = None,
) -> Person:
    """Register a person; `details` may hold any of EDITABLE_DETAILS known at registration."""
    unknown = set(details or {}) - set(EDITABLE_DETAILS)
    if unknown:
        raise ValueError(f"not an editable detail: {sorted(unknown)}")
    person = Person(
        bsn=normalise_bsn(bsn),
        given_names=given_names,
        family_name=family_name,
        municipality=municipality,
        date_of_birth=date_of_birth,
        regisseur=regisseur,
        **(details or {}),
    )
    person.full_clean()
    person.save()
    record_processing(
        actor=actor,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.BSN],
        action=ProcessingAction.CREATE,
        purpose=purpose,
        action_name="Register person",
    )
    return person


def require_change(actor: User, person: Person) -> None:
    """PermissionDenied unless `actor` may change `person`."""
    if not Person.objects.for_user(actor, Action.CHANGE).filter(pk=person.pk).exists():
        raise PermissionDenied


def change_regisseur(person: Person, regisseur: User) -> User | None:
    """Make `regisseur` the person's client manager; returns the previous one. The caller
    (`dossier.services.reassign_regisseur`) checks access and moves the open tasks."""
    if not queries.regisseur_candidates(person).filter(pk=regisseur.pk).exists():
        raise ValidationError(
            {"regisseur": _("This client manager does not work for the person's municipality.")}
        )
    previous = person.regisseur
    if previous is None or previous.pk != regisseur.pk:
        person.regisseur = regisseur
        person.save(update_fields=["regisseur", "updated_at"])
    return previous


def move_to_municipality(person: Person, municipality: Organisation, *, moved_on: date) -> bool:
    """The person moved to `municipality`. Returns whether the client manager stays: only
    where the regio shares caseloads with the new municipality."""
    if (
        municipality.type != OrganisationType.GEMEENTE
        or not municipality.is_active
        or municipality.pk == person.municipality_id
    ):
        raise ValidationError({"municipality": _("Choose another active municipality.")})
    person.municipality = municipality
    person.settlement_date = moved_on
    keeps_regisseur = (
        person.regisseur is not None
        and queries.regisseur_candidates(person).filter(pk=person.regisseur.pk).exists()
    )
    if not keeps_regisseur:
        person.regisseur = None
    person.save(update_fields=["municipality", "settlement_date", "regisseur", "updated_at"])
    return keeps_regisseur


# Fields a client manager keeps up to date; name, BSN, address and household details that
# come from the BRP are corrected there, not here.
EDITABLE_DETAILS = (
    "phone",
    "email",
    "country_of_origin",
    "languages",
    "preferred_language",
    "interpreter_needed",
    "arrival_date",
)


def update_details(
    person: Person,
    *,
    details: dict[str, object],
    add_household: Iterable[RegistryHouseholdMember] = (),
    remove_household_ids: Iterable[int] = (),
) -> list[str]:
    """Change contact details, languages and household; returns the changed field names
    ("household" for the household). A value that does not validate raises before anything
    is saved. The caller (`dossier.services.update_person_details`) checks access, runs it
    in a transaction and records the change."""
    unknown = set(details) - set(EDITABLE_DETAILS)
    if unknown:
        raise ValueError(f"not an editable detail: {sorted(unknown)}")
    changed = [name for name, value in details.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, details[name])
    if person.preferred_language and person.preferred_language not in person.languages:
        person.languages = [*person.languages, person.preferred_language]
        if "languages" not in changed:
            changed.append("languages")
    person.full_clean()
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    removed, _ = HouseholdMember.objects.filter(
        person=person, pk__in=list(remove_household_ids)
    ).delete()
    added = add_household_from_registry(person, add_household)
    if removed or added:
        changed.append("household")
    return changed


# --------------------------------------------------------------------------- registries

# What a base registry (DUO, BRP) may set on a person without a user acting.
REGISTRY_FIELDS = frozenset(
    {"v_nummer", "doelgroep", "street", "postcode", "city", "municipality", "regisseur"}
)
_TEXT_LIMITS = {"street": 200, "postcode": 7, "city": 100}


@dataclass(frozen=True)
class RegistryHouseholdMember:
    relation: str
    name: str
    date_of_birth: date | None


def update_from_registry(person: Person, **values: object) -> list[str]:
    """Write facts that DUO or the BRP report, as the system (no user acts). Returns the
    fields that changed. The caller records the processing of the message as a whole."""
    unknown = set(values) - REGISTRY_FIELDS
    if unknown:
        raise ValueError(f"not a registry field: {sorted(unknown)}")
    changed: list[str] = []
    for name, value in values.items():
        if name in _TEXT_LIMITS:
            value = str(value or "")[: _TEXT_LIMITS[name]]
            if not value:
                continue
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    return changed


def add_household_from_registry(person: Person, members: Iterable[RegistryHouseholdMember]) -> int:
    """Household members the BRP reports for a person just registered."""
    created = HouseholdMember.objects.bulk_create(
        HouseholdMember(
            person=person, relation=m.relation, name=m.name[:200], date_of_birth=m.date_of_birth
        )
        for m in members
    )
    return len(created)
