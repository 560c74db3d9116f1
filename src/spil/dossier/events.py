"""What happens in the dossier, for the apps above that act on it (e.g. the zaaksysteem
link stores each new document with the zaak). Listeners run inside the transaction that
added the document; they record intent and leave network calls for after the commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spil.dossier.models import Document


@dataclass(frozen=True)
class DocumentAdded:
    document: Document


DocumentListener = Callable[[DocumentAdded], None]
_document_listeners: list[DocumentListener] = []


def on_document_added(listener: DocumentListener) -> None:
    """Call `listener` for every document added from now on (once per listener)."""
    if listener not in _document_listeners:
        _document_listeners.append(listener)


def document_added(event: DocumentAdded) -> None:
    for listener in _document_listeners:
        listener(event)
