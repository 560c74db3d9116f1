"""Asking DUO whether it already knows a PIP of the person (DUO's `getPipByBsn`).

DUO answers with the actuele PIP, which may come from a previous municipality: that is
what DUO's rule "A2 not in a first B1-route PIP, whichever municipality" looks at, and Spil
alone cannot know it. The look-up is made once, without the client's retries (the
klantmanager is waiting; when DUO cannot be asked the check falls back to Spil's own PIPs
and says so). Each look-up leaves a processing record under the purpose of the exchange
with DUO, since the BSN goes to DUO.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.duo import services as duo_services
from spil.duo.client import DuoNotFound, DuoRefused, DuoUnavailable
from spil.duo.contract import ContractViolation
from spil.persons.models import Person


class Answer(StrEnum):
    HAS_PIP = "has_pip"
    NO_PIP = "no_pip"
    NOT_ASKED = "not_asked"


@dataclass(frozen=True)
class DuoPip:
    answer: Answer
    gemeentecode: str = ""
    dagtekening: str = ""


def pip_at_duo(person: Person, *, actor: User | None) -> DuoPip:
    """What DUO knows of the person's actuele PIP (NOT_ASKED when DUO cannot be asked)."""

    result = DuoPip(Answer.NOT_ASKED)
    client = duo_services.make_client(person.municipality.oin)
    client.retries = 0
    try:
        found = client.get_pip(person.bsn)
    except DuoNotFound:
        result = DuoPip(Answer.NO_PIP)
    except (DuoRefused, DuoUnavailable, ContractViolation):
        result = DuoPip(Answer.NOT_ASKED)
    else:
        result = DuoPip(
            Answer.HAS_PIP,
            gemeentecode=str(found.get("gemeentecode", "")),
            dagtekening=str(found.get("pip", {}).get("dagtekeningPip", "")),
        )
    finally:
        client.close()
    record_processing(
        actor=actor,
        person_ids=[person.pk],
        categories=[DataCategory.BSN, DataCategory.TRAJECTORY],
        action=ProcessingAction.VIEW,
        purpose=Purpose.DUO_EXCHANGE,
        action_name="PIP check: earlier PIP asked from DUO",
    )
    return result
