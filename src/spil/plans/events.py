"""What happens to a PIP, for the apps above that act on it (e.g. the zaaksysteem link
stores the decision with the zaak). Listeners run inside the transaction that established
the version; they record intent and leave network calls for after the commit."""

from __future__ import annotations

from dataclasses import dataclass

from spil.core.events import Listeners
from spil.plans.models import PipVersion


@dataclass(frozen=True)
class PipEstablished:
    """A PIP version was established (vastgesteld): the decision exists."""

    version: PipVersion


_pip_established: Listeners[PipEstablished] = Listeners()
#: Call a listener for every established PIP version from now on (once per listener).
on_pip_established = _pip_established.subscribe
pip_established = _pip_established.publish
