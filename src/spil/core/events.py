"""How an app tells the apps above it what happened without importing them: the lower app
keeps a `Listeners` per kind of event and publishes to it; an app above subscribes in its
AppConfig.ready. Listeners run in the publisher's transaction, in the order they came."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Event = TypeVar("Event")


class Listeners(Generic[Event]):
    def __init__(self) -> None:
        self._listeners: list[Callable[[Event], None]] = []

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        """Call `listener` for every event from now on (once per listener)."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def publish(self, event: Event) -> None:
        for listener in self._listeners:
            listener(event)
