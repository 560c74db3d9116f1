"""The processing record a programmes service writes for a change to people's data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_processing


def record(
    actor: User | None,
    person_ids: Iterable[int],
    categories: Sequence[DataCategory],
    action: ProcessingAction,
    name: str,
    purpose: str = "regie_inburgering",
) -> None:
    """One record for the persons concerned; nothing when there are none."""
    ids = list(person_ids)
    if ids:
        record_processing(
            actor=actor,
            person_ids=ids,
            categories=categories,
            action=action,
            purpose=purpose,
            action_name=name,
        )
