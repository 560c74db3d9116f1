"""The BRP look-up for a person DUO reports and Spil does not know yet.

Uses :class:`spil.brp.BrpClient` (Haal Centraal "BRP Personen bevragen"). When the BRP does
not know the BSN (or refuses), the answer is ``None`` and the person is created with a clear
"name unknown" state; when the BRP is unreachable, processing is retried later. The client
comes from :data:`client_factory` (replaceable, like the DUO client's) so tests and the demo
can use the BRP sandbox in-process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from django.conf import settings

from spil.audit.purposes import DataCategory
from spil.brp import BrpClient, BrpDate, BrpError, BrpPerson
from spil.brp import BrpUnavailable as BrpClientUnavailable
from spil.persons import services as persons_services
from spil.persons.models import HouseholdMember, Person

logger = logging.getLogger("spil.duo.brp")


class BrpUnavailable(Exception):  # noqa: N818 - reads as a domain fact
    """The BRP did not answer; processing is retried later like an unavailable DUO."""


class PersonSource(Protocol):
    def get_person(self, bsn: str) -> BrpPerson | None: ...


@dataclass
class HouseholdFact:
    relation: str  # HouseholdMember.Relation value
    name: str = ""
    date_of_birth: date | None = None


@dataclass
class BrpFacts:
    given_names: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    street: str = ""
    postcode: str = ""
    city: str = ""
    household: list[HouseholdFact] = field(default_factory=list)
    #: Since when the person lives in their gemeente (BRP datumInschrijvingInGemeente).
    settled_on: date | None = None

    @property
    def categories(self) -> list[DataCategory]:
        out = [DataCategory.IDENTITY]
        if self.street or self.postcode or self.city:
            out.append(DataCategory.ADDRESS)
        if self.household:
            out.append(DataCategory.HOUSEHOLD)
        return out


def default_client_factory() -> PersonSource | None:
    return BrpClient(
        settings.SPIL_BRP_BASE_URL,
        api_key=settings.SPIL_BRP_API_KEY or None,
        timeout=settings.SPIL_DUO_TIMEOUT,
    )


#: Makes the BRP client (None: no BRP). Replaceable in tests and the demo.
client_factory: Callable[[], PersonSource | None] = default_client_factory


def _day(value: BrpDate | None) -> date | None:
    return value.value if value is not None else None


def to_facts(person: BrpPerson) -> BrpFacts:
    """The few facts Spil keeps of a BRP person."""
    family = " ".join(p for p in (person.prefix, person.family_name) if p)
    facts = BrpFacts(
        given_names=person.given_names or "",
        family_name=family,
        date_of_birth=_day(person.date_of_birth),
        street=person.street_and_number or "",
        postcode=person.postcode or "",
        city=person.city or "",
        settled_on=_day(person.registered_in_municipality_on),
    )
    for partner in person.partners:
        facts.household.append(
            HouseholdFact(
                HouseholdMember.Relation.PARTNER, partner.full_name, _day(partner.date_of_birth)
            )
        )
    for child in person.children:
        facts.household.append(
            HouseholdFact(
                HouseholdMember.Relation.CHILD, child.full_name, _day(child.date_of_birth)
            )
        )
    return facts


def look_up(bsn: str) -> BrpFacts | None:
    client = client_factory()
    if client is None:
        return None
    try:
        found = client.get_person(bsn)
    except BrpClientUnavailable:
        raise BrpUnavailable("BRP unavailable") from None
    except BrpError as exc:
        logger.warning(
            "BRP look-up refused (%s); the person is created without a name", type(exc).__name__
        )
        return None
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()
    return to_facts(found) if found is not None else None


def apply_to_person(person: Person, facts: BrpFacts) -> list[str]:
    """Copy address and household onto a person just registered; returns changed fields."""
    values: dict[str, object] = {
        "street": facts.street,
        "postcode": facts.postcode,
        "city": facts.city,
    }
    if facts.settled_on is not None:
        # The PIP check "dagtekening >= vestiging in de gemeente" needs it.
        values["settlement_date"] = facts.settled_on
    changed = persons_services.update_from_registry(person, **values)
    persons_services.add_household_from_registry(
        person,
        (
            persons_services.RegistryHouseholdMember(m.relation, m.name, m.date_of_birth)
            for m in facts.household
        ),
    )
    return changed
