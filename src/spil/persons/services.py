"""Changes to persons. The only place where Person rows are written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.accounts.access import Action
from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.persons import queries
from spil.persons.models import (
    AccessBasis,
    BasisKind,
    ConsentGivenHow,
    HouseholdMember,
    Person,
    ProcessingAgreement,
)
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
    {
        "v_nummer",
        "doelgroep",
        "street",
        "postcode",
        "city",
        "municipality",
        "regisseur",
        "settlement_date",
    }
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


# --------------------------------------------------------------------------- access basis


def _shareable(categories: Iterable[str]) -> list[str]:
    allowed = {c.value for c in queries.SHAREABLE_CATEGORIES}
    chosen = sorted(set(categories))
    refused = [c for c in chosen if c not in allowed]
    if refused:
        raise ValidationError(
            {"data_categories": _("These data cannot be shared with another organisation.")}
        )
    if not chosen:
        raise ValidationError({"data_categories": _("Choose at least one kind of data.")})
    return chosen


def _check_period(valid_from: date, valid_until: date | None) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end date is before the start date.")})


def _close_open(person: Person, organisation: Organisation, purpose: str) -> None:
    AccessBasis.objects.filter(
        person=person, organisation=organisation, purpose=purpose, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


def _record_basis_change(
    actor: User | None, person: Person, action_name: str, *, purpose: str, newcomer: bool = False
) -> None:
    record_processing(
        actor=None if newcomer else actor,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.CHANGE,
        purpose=Purpose(purpose),
        action_name=action_name,
        newcomer_id=person.pk if newcomer else None,
    )


def _open_consent(
    person: Person,
    organisation: Organisation,
    *,
    purpose: str,
    categories: Iterable[str],
    given_how: str,
    actor: User,
    valid_from: date,
    valid_until: date | None,
    given: bool,
) -> AccessBasis:
    """A consent basis that replaces an open one of the same organisation and purpose:
    given now, or asked in the portal (`given` false) and waiting for the newcomer."""
    if organisation.type in (OrganisationType.GEMEENTE, OrganisationType.REGIO):
        raise ValidationError(
            {"organisation": _("The municipality works on its legal task; no consent needed.")}
        )
    _check_period(valid_from, valid_until)
    chosen = _shareable(categories)
    _close_open(person, organisation, purpose)
    now = timezone.now()
    return AccessBasis.objects.create(
        person=person,
        organisation=organisation,
        kind=BasisKind.CONSENT,
        purpose=Purpose(purpose).value,
        data_categories=chosen,
        valid_from=valid_from,
        valid_until=valid_until,
        given_how=given_how,
        given_at=now if given else None,
        requested_at=None if given else now,
        recorded_by=actor,
    )


@transaction.atomic
def record_consent(
    person: Person,
    organisation: Organisation,
    *,
    purpose: str,
    categories: Iterable[str],
    given_how: str,
    actor: User,
    valid_from: date | None = None,
    valid_until: date | None = None,
    log: bool = True,
) -> AccessBasis:
    """Staff record a consent the newcomer gave (how: in person, on paper, with an
    interpreter); it replaces an open basis of the same organisation and purpose."""
    if given_how not in ConsentGivenHow.values or given_how == ConsentGivenHow.PORTAL:
        raise ValidationError({"given_how": _("Say how the newcomer gave the consent.")})
    basis = _open_consent(
        person,
        organisation,
        purpose=purpose,
        categories=categories,
        given_how=given_how,
        actor=actor,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
        given=True,
    )
    if log:  # else the caller's own record covers it (one action, one record)
        _record_basis_change(actor, person, "Consent recorded", purpose=purpose)
    return basis


@transaction.atomic
def request_consent(
    person: Person,
    organisation: Organisation,
    *,
    purpose: str,
    categories: Iterable[str],
    actor: User,
    valid_until: date | None = None,
    log: bool = True,
) -> AccessBasis:
    """Ask the newcomer for consent in Mijn inburgering; nothing opens until they give it."""
    basis = _open_consent(
        person,
        organisation,
        purpose=purpose,
        categories=categories,
        given_how=ConsentGivenHow.PORTAL,
        actor=actor,
        valid_from=timezone.localdate(),
        valid_until=valid_until,
        given=False,
    )
    if log:
        _record_basis_change(actor, person, "Consent asked in the portal", purpose=purpose)
    return basis


@transaction.atomic
def answer_consent_request(basis: AccessBasis, *, give: bool) -> AccessBasis:
    """The newcomer gives or refuses a consent asked for in the portal."""
    basis = AccessBasis.objects.select_for_update().get(pk=basis.pk)
    if basis.given_at is not None or basis.withdrawn_at is not None:
        return basis  # answered already (a second tap, another tab)
    now = timezone.now()
    if give:
        basis.given_at = now
        basis.save(update_fields=["given_at"])
        name = "Consent given in the portal"
    else:
        basis.withdrawn_at = now
        basis.withdrawn_by_newcomer = True
        basis.save(update_fields=["withdrawn_at", "withdrawn_by_newcomer"])
        name = "Consent refused in the portal"
    _record_basis_change(None, basis.person, name, purpose=basis.purpose, newcomer=True)
    return basis


@transaction.atomic
def withdraw_basis(
    basis: AccessBasis, *, actor: User | None = None, by_newcomer: bool = False
) -> AccessBasis:
    """End a basis now: a withdrawn consent, or contracted access that is no longer needed.
    Takes effect on the organisation's next request. A newcomer can withdraw only consent."""
    if by_newcomer and basis.kind != BasisKind.CONSENT:
        raise PermissionDenied
    basis = AccessBasis.objects.select_for_update().get(pk=basis.pk)
    if basis.withdrawn_at is None:
        basis.withdrawn_at = timezone.now()
        basis.withdrawn_by_newcomer = by_newcomer
        basis.save(update_fields=["withdrawn_at", "withdrawn_by_newcomer"])
        name = "Consent withdrawn" if basis.kind == BasisKind.CONSENT else "Contracted access ended"
        _record_basis_change(actor, basis.person, name, purpose=basis.purpose, newcomer=by_newcomer)
    return basis


@transaction.atomic
def grant_contracted_access(
    person: Person,
    agreement: ProcessingAgreement,
    *,
    actor: User | None,
    categories: Iterable[str] | None = None,
    valid_until: date | None = None,
) -> AccessBasis:
    """The municipality contracts `agreement.processor` for this person (e.g. the taalschool
    that delivers their MAP): access within the agreement's purpose and categories.
    Idempotent: an open basis under the same agreement is kept as it is."""
    if agreement.municipality_id not in queries.shared_municipality_ids(person.municipality_id):
        raise ValidationError(
            {"agreement": _("This agreement is not one of the person's municipality.")}
        )
    existing = AccessBasis.objects.filter(
        person=person, agreement=agreement, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    chosen = _shareable(categories if categories is not None else agreement.data_categories)
    beyond = set(chosen) - set(agreement.data_categories)
    if beyond:
        raise ValidationError(
            {"data_categories": _("The agreement does not cover all of these data.")}
        )
    today = timezone.localdate()
    valid_from = max(today, agreement.starts_on)
    _check_period(valid_from, valid_until)
    _close_open(person, agreement.processor, agreement.purpose)
    basis = AccessBasis.objects.create(
        person=person,
        organisation=agreement.processor,
        kind=BasisKind.PROCESSING_AGREEMENT,
        purpose=agreement.purpose,
        data_categories=chosen,
        valid_from=valid_from,
        valid_until=valid_until,
        agreement=agreement,
        given_at=timezone.now(),
        recorded_by=actor,
    )
    _record_basis_change(actor, person, "Contracted access granted", purpose=agreement.purpose)
    return basis


@transaction.atomic
def save_agreement(
    *,
    municipality: Organisation,
    processor: Organisation,
    reference: str,
    purpose: str,
    categories: Iterable[str],
    starts_on: date,
    ends_on: date | None,
    agreement: ProcessingAgreement | None = None,
) -> ProcessingAgreement:
    """Record or change a processing agreement (verwerkersovereenkomst). Ending it (an
    `ends_on` in the past) closes every contracted basis under it on the next request."""
    if processor.type in (
        OrganisationType.GEMEENTE,
        OrganisationType.REGIO,
        OrganisationType.WERKGEVER,
    ):
        raise ValidationError(
            {"processor": _("Only a provider can be contracted under a processing agreement.")}
        )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    agreement = agreement or ProcessingAgreement()
    agreement.municipality = municipality
    agreement.processor = processor
    agreement.reference = reference
    agreement.purpose = Purpose(purpose).value
    agreement.data_categories = _shareable(categories)
    agreement.starts_on = starts_on
    agreement.ends_on = ends_on
    agreement.save()
    return agreement
