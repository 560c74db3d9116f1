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
from spil.accounts.roles import OrganisationType, Role
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_processing
from spil.dossier import services as dossier
from spil.dossier.models import TimelineKind
from spil.persons import queries
from spil.persons.models import HouseholdMember, Person
from spil.persons.validators import normalise_bsn
from spil.trajectories import services as trajectories


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
    purpose: str = "regie_inburgering",
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


def _require_change(actor: User, person: Person) -> None:
    if not Person.objects.for_user(actor, Action.CHANGE).filter(pk=person.pk).exists():
        raise PermissionDenied


@transaction.atomic
def reassign_regisseur(person: Person, regisseur: User, *, actor: User) -> Person:
    """Make `regisseur` the person's client manager; their open tasks follow."""
    _require_change(actor, person)
    if not queries.regisseur_candidates(person).filter(pk=regisseur.pk).exists():
        raise ValidationError(
            {"regisseur": _("This client manager does not work for the person's municipality.")}
        )
    previous = person.regisseur
    if previous is not None and previous.pk == regisseur.pk:
        return person
    person.regisseur = regisseur
    person.save(update_fields=["regisseur", "updated_at"])
    dossier.reassign_open_tasks(person, regisseur, previous=previous)
    dossier.log_change(
        person,
        TimelineKind.REASSIGNED,
        actor=actor,
        action_name="Change client manager",
        categories=[DataCategory.TRAJECTORY],
        code="reassigned",
        params={"previous": str(previous) if previous else "", "new": str(regisseur)},
    )
    return person


@transaction.atomic
def hand_over(person: Person, municipality: Organisation, *, actor: User, moved_on: date) -> Person:
    """The person moved: `municipality` takes over the person and the active trajectory.

    The obligation, its term and deadlines continue (DUO's SS121: settled with the PIP of
    the previous municipality). The client manager stays only where the regio shares
    caseloads with the new municipality; otherwise the open tasks wait for the new team,
    which gets a task to take over the dossier.
    """
    _require_change(actor, person)
    if (
        municipality.type != OrganisationType.GEMEENTE
        or not municipality.is_active
        or municipality.pk == person.municipality_id
    ):
        raise ValidationError({"municipality": _("Choose another active municipality.")})
    previous = person.municipality
    person.municipality = municipality
    person.settlement_date = moved_on
    keeps_regisseur = (
        person.regisseur is not None
        and queries.regisseur_candidates(person).filter(pk=person.regisseur.pk).exists()
    )
    if not keeps_regisseur:
        person.regisseur = None
    person.save(update_fields=["municipality", "settlement_date", "regisseur", "updated_at"])
    trajectories.transfer_trajectory(person, municipality)
    if not keeps_regisseur:
        dossier.unassign_open_tasks(person)
    params = {"from": previous.name, "to": municipality.name, "moved_on": moved_on.isoformat()}
    dossier.add_timeline_entry(
        person, TimelineKind.HANDOVER, code="handover_out", params=params, actor=actor
    )
    dossier.add_timeline_entry(
        person, TimelineKind.HANDOVER, code="handover_in", params=params, actor=actor
    )
    if not keeps_regisseur:
        dossier.create_task(
            person,
            code="take_over_dossier",
            title="Assign a client manager and review the plan after the move",
            params={"from": previous.name},
            actor=actor,
        )
    record_processing(
        actor=actor,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action=ProcessingAction.CHANGE,
        purpose="regie_inburgering",
        action_name="Hand over to another municipality",
        organisation=_organisation_of(actor, previous),
    )
    return person


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


@transaction.atomic
def update_details(
    person: Person,
    *,
    actor: User,
    details: dict[str, object],
    add_household: Iterable[RegistryHouseholdMember] = (),
    remove_household_ids: Iterable[int] = (),
) -> list[str]:
    """Change contact details, languages and household; returns the changed field names.
    All or nothing: a value that does not validate changes nothing."""
    _require_change(actor, person)
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
    if not changed:
        return []
    categories = [DataCategory.CONTACT]
    if "household" in changed:
        categories.append(DataCategory.HOUSEHOLD)
    if {"country_of_origin", "arrival_date"} & set(changed):
        categories.append(DataCategory.IDENTITY)
    dossier.log_change(
        person,
        TimelineKind.DETAILS_CHANGED,
        actor=actor,
        action_name="Change personal details",
        categories=categories,
        code="details_changed",
        params={"fields": ",".join(changed)},
    )
    return changed


def _organisation_of(actor: User, municipality: Organisation) -> Organisation:
    """The handing-over organisation: the actor's own membership in scope, else the
    municipality the person leaves."""
    membership = (
        actor.active_memberships().filter(organisation_id=municipality.pk).first()
        or actor.active_memberships().filter(role=Role.KLANTMANAGER).first()
    )
    return membership.organisation if membership else municipality


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
