"""What happens to a trajectory, for the apps above that keep a record of it.

Trajectories sit below the dossier, so they cannot write its timeline themselves; the
dossier subscribes here (in its AppConfig.ready) and writes one entry per event, in the
same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from spil.accounts.models import User
from spil.persons.models import Person


@dataclass(frozen=True)
class StatusChanged:
    """A trajectory was opened (status "new") or changed status."""

    person: Person
    status: str
    end_reason: str | None = None  # None when the trajectory was opened
    actor: User | None = None
    occurred_at: datetime | None = None


StatusListener = Callable[[StatusChanged], None]
_status_listeners: list[StatusListener] = []


def on_status_changed(listener: StatusListener) -> None:
    """Call `listener` for every status change from now on (once per listener)."""
    if listener not in _status_listeners:
        _status_listeners.append(listener)


def status_changed(event: StatusChanged) -> None:
    for listener in _status_listeners:
        listener(event)
