"""What happens to a trajectory, for the apps above that keep a record of it.

Trajectories sit below the dossier, so they cannot write its timeline themselves; the
dossier subscribes here (in its AppConfig.ready) and writes one entry per event, in the
same transaction as the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from spil.accounts.models import User
from spil.core.events import Listeners
from spil.persons.models import Person


@dataclass(frozen=True)
class StatusChanged:
    """A trajectory was opened (status "new") or changed status."""

    person: Person
    status: str
    end_reason: str | None = None  # None when the trajectory was opened
    actor: User | None = None
    occurred_at: datetime | None = None


_status_changed: Listeners[StatusChanged] = Listeners()
#: Call a listener for every status change from now on (once per listener).
on_status_changed = _status_changed.subscribe
status_changed = _status_changed.publish
