"""What happens to a PIP, for the apps above that act on it (e.g. the zaaksysteem link
stores the decision with the zaak). Listeners run inside the transaction that established
the version; they record intent and leave network calls for after the commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spil.plans.models import PipVersion


@dataclass(frozen=True)
class PipEstablished:
    """A PIP version was established (vastgesteld): the decision exists."""

    version: PipVersion


PipListener = Callable[[PipEstablished], None]
_pip_listeners: list[PipListener] = []


def on_pip_established(listener: PipListener) -> None:
    """Call `listener` for every established PIP version from now on (once per listener)."""
    if listener not in _pip_listeners:
        _pip_listeners.append(listener)


def pip_established(event: PipEstablished) -> None:
    for listener in _pip_listeners:
        listener(event)
